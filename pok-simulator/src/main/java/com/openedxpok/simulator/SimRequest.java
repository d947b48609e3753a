package com.openedxpok.simulator;

import java.util.Locale;
import java.util.Map;

/**
 * One parsed HTTP request.
 *
 * @param path    the raw (still percent-encoded) path, without the query
 * @param query   decoded query parameters (first value of each)
 * @param headers lower-case names; repeated headers joined with ", "
 */
record SimRequest(String method, String path, Map<String, String> query, String version,
        Map<String, String> headers, byte[] body) {

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    boolean keepAlive() {
        String connection = header("connection");
        String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
        if ("HTTP/1.0".equals(version)) {
            return tokens.contains("keep-alive");
        }
        return !tokens.contains("close");
    }
}
