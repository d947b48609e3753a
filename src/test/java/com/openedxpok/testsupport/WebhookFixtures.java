package com.openedxpok.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The requests openedx-webhooks 21.0.0 really sent ({@code src/test/resources/fixtures/openedx-webhooks-21.0.0/}),
 * replayed byte for byte over a socket: request line, headers in wire order (the plugin's {@code Accept: text/plain}
 * included) and body. Only {@code token=TOKEN} in the request line is rewritten, to the service's token.
 */
public final class WebhookFixtures {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One captured request. @param headers in wire order, names as sent */
    public record Fixture(String name, String scenario, String method, String pathAndQuery,
            List<Map.Entry<String, String>> headers, byte[] body) {

        /** The body as text (the fixtures' bodies are ASCII JSON or percent-encoded forms). */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The exact bytes of the request, with only the token of the request line replaced. */
        public byte[] requestBytes(String token) {
            if (!pathAndQuery.contains("token=TOKEN")) {
                throw new IllegalStateException(name + " has no token=TOKEN");
            }
            StringBuilder head = new StringBuilder(method).append(' ')
                    .append(pathAndQuery.replace("token=TOKEN", "token=" + token)).append(" HTTP/1.1\r\n");
            for (Map.Entry<String, String> header : headers) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            head.append("\r\n");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            bytes.writeBytes(body);
            return bytes.toByteArray();
        }
    }

    /** A response read off the socket. Header names are lower-cased. */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private WebhookFixtures() {
    }

    /** @param name the file name, for example {@code 15-render-staff-preview-honor-json.json} */
    public static Fixture load(String name) {
        try (InputStream in = WebhookFixtures.class.getResourceAsStream("/fixtures/openedx-webhooks-21.0.0/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + name);
            }
            JsonNode root = JSON.readTree(in.readAllBytes());
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (Map.Entry<String, JsonNode> header : root.get("headers").properties()) {
                headers.add(Map.entry(header.getKey(), header.getValue().asString()));
            }
            return new Fixture(name, root.path("scenario").asString(), root.get("method").asString(),
                    root.get("path_and_query").asString(), List.copyOf(headers),
                    Base64.getDecoder().decode(root.get("body_base64").asString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the fixture to {@code 127.0.0.1:port} on a new connection and reads one response. */
    public static Response send(Fixture fixture, int port, String token) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(fixture.requestBytes(token));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One HTTP/1.1 response, with a Content-Length or chunked. */
    static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("Connection closed before a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                out.writeBytes(in.readNBytes(size));
                line(in);
            }
            for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                // trailers are not used
            }
            body = out.toByteArray();
        } else {
            body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        }
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
    }

    private static int chunkSize(String line) throws IOException {
        if (line == null) {
            throw new IOException("Connection closed inside a chunked body");
        }
        int semicolon = line.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
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
