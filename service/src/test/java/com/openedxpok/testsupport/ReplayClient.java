package com.openedxpok.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Replays a {@link CapturedRequest} the way openedx-webhooks sent it: a new TCP connection per request (the plugin's
 * {@code requests.post} opens one each time), the request line, every captured header in its order and casing, the
 * empty line, then the captured body bytes. Reads one raw response and closes.
 */
public final class ReplayClient {

    public record Response(String statusLine, int status, List<CapturedRequest.Header> headers, byte[] body) {

        /** The first header with this name, compared without case, or null. */
        public String header(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(CapturedRequest.Header::value)
                    .findFirst().orElse(null);
        }

        public String bodyUtf8() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private final String token;

    public ReplayClient(String host, int port, String token) {
        this.host = host;
        this.port = port;
        this.token = token;
    }

    public Response send(CapturedRequest request) {
        // The only rewrite of the captured bytes: the fixtures carry the literal token "TOKEN", shorter than the
        // service accepts, so the request line gets the test's token instead. Host, Content-Length and the body are
        // sent as captured (the service ignores Host's port).
        String target = request.pathAndQuery().replace("token=TOKEN", "token=" + token);
        if (target.equals(request.pathAndQuery())) {
            throw new IllegalStateException(request.file() + ": no token=TOKEN in " + request.pathAndQuery());
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes((request.method() + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (CapturedRequest.Header header : request.headers()) {
            wire.writeBytes((header.name() + ": " + header.value() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        wire.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        wire.writeBytes(request.body());
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(wire.toByteArray());
            out.flush();
            return read(socket.getInputStream(), request.method());
        } catch (IOException e) {
            throw new UncheckedIOException(request.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * One HTTP/1.1 response: status line, headers, then the body by {@code Transfer-Encoding: chunked} (Tomcat's
     * choice when it does not know the length), by {@code Content-Length}, or to the end of the connection. A
     * {@code Content-Encoding} of gzip or deflate is undone, as {@code requests} does before {@code response.text}.
     */
    static Response read(InputStream in, String method) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        List<CapturedRequest.Header> headers = new ArrayList<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + line);
            }
            headers.add(new CapturedRequest.Header(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        Response head = new Response(statusLine, status, headers, new byte[0]);
        byte[] body;
        String transferEncoding = head.header("Transfer-Encoding");
        String contentLength = head.header("Content-Length");
        if ("HEAD".equals(method) || status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in);
        } else if (contentLength != null) {
            int length = Integer.parseInt(contentLength.strip());
            body = in.readNBytes(length);
            if (body.length != length) {
                throw new IOException("the body ended after " + body.length + " of " + length + " bytes");
            }
        } else {
            body = in.readAllBytes();
        }
        return new Response(statusLine, status, headers, decode(body, head.header("Content-Encoding")));
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                throw new IOException("the chunked body ended without its last chunk");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                // Trailers, if any, up to the empty line.
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // ignored
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new IOException("a chunk ended after " + chunk.length + " of " + size + " bytes");
            }
            body.writeBytes(chunk);
            String end = line(in);
            if (end == null || !end.isEmpty()) {
                throw new IOException("a chunk was not followed by CRLF");
            }
        }
    }

    private static byte[] decode(byte[] body, String contentEncoding) throws IOException {
        if (contentEncoding == null || body.length == 0) {
            return body;
        }
        return switch (contentEncoding.strip().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body)).readAllBytes();
            case "identity" -> body;
            default -> throw new IOException("unknown Content-Encoding " + contentEncoding);
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
