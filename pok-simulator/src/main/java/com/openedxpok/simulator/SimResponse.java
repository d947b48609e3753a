package com.openedxpok.simulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP response, written whole (its length is always known). */
record SimResponse(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";

    SimResponse {
        headers = Map.copyOf(headers);
    }

    static SimResponse of(int status, String contentType, byte[] body) {
        return new SimResponse(status, contentType, Map.of(), body);
    }

    static SimResponse json(int status, Object value) {
        return of(status, JSON, Json.bytes(value));
    }

    /** POK's error shape: {@code {"message": "..."}}. */
    static SimResponse error(int status, String message) {
        return json(status, Map.of("message", message));
    }

    static SimResponse html(String html) {
        return of(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, contentType, copy, body);
    }
}
