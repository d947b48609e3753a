package com.openedxpok.testsupport;

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
import java.util.Optional;

/**
 * One HTTP/1.1 request over a plain socket from 127.0.0.1, with exactly the headers given: {@code java.net.http}
 * refuses to send a {@code Host} of the caller's choosing, which is what an attacker does.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** @param headers "Name: value" lines; a request without a Host line gets {@code Host: localhost:port}. */
    public static Answer get(int port, String path, String... headers) {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        boolean hasHost = false;
        for (String header : headers) {
            hasHost |= header.regionMatches(true, 0, "Host:", 0, 5);
            request.append(header).append("\r\n");
        }
        if (!hasHost) {
            request.append("Host: localhost:").append(port).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return Answer.parse(all.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Answer(int status, List<String> headerLines, String body) {

        static Answer parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            String head = end < 0 ? raw : raw.substring(0, end);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
            return new Answer(status, headers, end < 0 ? "" : raw.substring(end + 4));
        }

        public List<String> headers(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).strip()).toList();
        }

        public Optional<String> header(String name) {
            return headers(name).stream().findFirst();
        }

        /** The {@code Set-Cookie} line of the session cookie, if this answer sets one. */
        public Optional<String> sessionCookie() {
            return headers("Set-Cookie").stream().filter(cookie -> cookie.startsWith("JSESSIONID=")).findFirst();
        }
    }
}
