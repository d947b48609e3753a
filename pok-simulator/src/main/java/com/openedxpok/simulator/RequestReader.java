package com.openedxpok.simulator;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads HTTP/1.x requests from one connection. Strict on purpose: anything ambiguous (both Content-Length and
 * chunked, conflicting lengths, folded headers) is refused, since a lenient parser would hide client bugs.
 */
final class RequestReader {

    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 100;
    static final int MAX_BODY = 1024 * 1024;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private final InputStream in;

    RequestReader(InputStream in) {
        this.in = in;
    }

    /**
     * @param sendContinue called before the body is read when the client asked {@code Expect: 100-continue}
     * @return the request, or null when the client closed the connection between requests
     */
    SimRequest read(IoAction sendContinue) throws IOException, MalformedRequestException {
        String requestLine = readLine(true, "", "");
        int blankLines = 0;
        while (requestLine != null && requestLine.isEmpty() && blankLines++ < 4) {
            // RFC 9112 §2.2: a server should ignore at least one empty line before the request line.
            requestLine = readLine(true, "", "");
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches() || parts[1].isEmpty()) {
            throw bad(400, "Malformed request line", "", "");
        }
        String method = parts[0];
        String target = originForm(parts[1], method);
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw bad(505, "Only HTTP/1.0 and HTTP/1.1 are supported", method, path);
        }
        Map<String, String> query = q < 0 ? Map.of() : parseQuery(target.substring(q + 1), method, path);
        Map<String, String> headers = readHeaders(method, path);
        byte[] body = readBody(headers, method, path, sendContinue);
        return new SimRequest(method, path, query, parts[2], headers, body);
    }

    /** Called from the reader, before reading a body the client is waiting to be invited to send. */
    interface IoAction {
        void run() throws IOException;
    }

    private static String originForm(String target, String method) throws MalformedRequestException {
        if (target.startsWith("/")) {
            return target;
        }
        if (target.startsWith("http://") || target.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            return slash < 0 ? "/" : target.substring(slash);
        }
        throw bad(400, "Request target must be a path", method, "");
    }

    private Map<String, String> readHeaders(String method, String path)
            throws IOException, MalformedRequestException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int count = 0;; count++) {
            String line = readLine(false, method, path);
            if (line.isEmpty()) {
                return headers;
            }
            if (count >= MAX_HEADERS) {
                throw bad(431, "Too many header fields", method, path);
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw bad(400, "Folded header lines are not accepted", method, path);
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw bad(400, "Malformed header field", method, path);
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    private byte[] readBody(Map<String, String> headers, String method, String path, IoAction sendContinue)
            throws IOException, MalformedRequestException {
        String transferEncoding = headers.get("transfer-encoding");
        String contentLength = headers.get("content-length");
        if (transferEncoding != null && contentLength != null) {
            throw bad(400, "Both Transfer-Encoding and Content-Length were sent", method, path);
        }
        boolean expectsContinue = "100-continue".equalsIgnoreCase(headers.getOrDefault("expect", ""));
        if (transferEncoding != null) {
            if (!transferEncoding.equalsIgnoreCase("chunked")) {
                throw bad(501, "Only the chunked transfer coding is supported", method, path);
            }
            if (expectsContinue) {
                sendContinue.run();
            }
            return readChunked(method, path);
        }
        if (contentLength == null) {
            return new byte[0];
        }
        long length = parseLength(contentLength, method, path);
        if (length > MAX_BODY) {
            throw bad(413, "Request body larger than " + MAX_BODY + " bytes", method, path);
        }
        if (length > 0 && expectsContinue) {
            sendContinue.run();
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new EOFException("Connection closed before the whole body arrived");
        }
        return body;
    }

    private static long parseLength(String value, String method, String path) throws MalformedRequestException {
        String first = null;
        for (String part : value.split(",")) {
            String trimmed = part.strip();
            if (!trimmed.matches("\\d{1,12}") || (first != null && !first.equals(trimmed))) {
                throw bad(400, "Invalid Content-Length", method, path);
            }
            first = trimmed;
        }
        return Long.parseLong(first);
    }

    private byte[] readChunked(String method, String path) throws IOException, MalformedRequestException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false, method, path);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
                throw bad(400, "Malformed chunk size", method, path);
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                while (!readLine(false, method, path).isEmpty()) {
                    // trailer fields carry nothing the simulator needs
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw bad(413, "Request body larger than " + MAX_BODY + " bytes", method, path);
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new EOFException("Connection closed inside a chunk");
            }
            body.write(chunk);
            if (!readLine(false, method, path).isEmpty()) {
                throw bad(400, "Chunk data longer than its declared size", method, path);
            }
        }
    }

    /** A line without its CRLF (a bare LF is tolerated); null only when {@code eofAllowed} and nothing was read. */
    private String readLine(boolean eofAllowed, String method, String path)
            throws IOException, MalformedRequestException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("Connection closed in the middle of a request");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw bad(method.isEmpty() ? 414 : 431, "Line longer than " + MAX_LINE + " bytes", method, path);
            }
            if (b == 0) {
                throw bad(400, "NUL byte in the request head", method, path);
            }
            line.write(b);
        }
    }

    private static Map<String, String> parseQuery(String query, String method, String path)
            throws MalformedRequestException {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw bad(400, "Malformed query string", method, path);
            }
        }
        return params;
    }

    private static MalformedRequestException bad(int status, String message, String method, String path) {
        return new MalformedRequestException(status, message, method, path);
    }
}
