package com.openedxpok.admin;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client for the console without a browser: keeps the session cookie, reads the CSRF token from
 * the page's forms, never follows redirects (tests look at them).
 */
public final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;

    public ConsoleSession(int port) {
        this.base = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    public static ConsoleSession loggedIn(int port, String username, String password) {
        ConsoleSession session = new ConsoleSession(port);
        HttpResponse<String> answer = session.login(username, password);
        if (answer.statusCode() != 302 || !answer.headers().firstValue("Location").orElse("").endsWith("/admin")) {
            throw new IllegalStateException("login failed: " + answer.statusCode() + " "
                    + answer.headers().firstValue("Location").orElse(""));
        }
        return session;
    }

    public HttpResponse<String> login(String username, String password) {
        return postForm("/admin/login", "/admin/login", Map.of("username", username, "password", password));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** As a browser asks for a page (Accept: text/html), which decides how Spring Boot's error page answers. */
    public HttpResponse<String> getPage(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html,*/*;q=0.8").GET()
                .build());
    }

    /** Loads {@code formPage} for its CSRF token, then posts {@code fields} to {@code path} with it. */
    public HttpResponse<String> postForm(String formPage, String path, Map<String, String> fields) {
        Matcher token = CSRF.matcher(get(formPage).body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on " + formPage);
        }
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", token.group(1));
        return postWithoutCsrf(path, all);
    }

    /**
     * Loads {@code formPage} for its CSRF token, then uploads {@code content} as the file field {@code field} of a
     * multipart form to {@code path}, the token in the query (as the console's upload form does) unless
     * {@code withCsrf} is false.
     */
    public HttpResponse<String> postFile(String formPage, String path, String field, String filename, byte[] content,
            boolean withCsrf) {
        String target = path;
        if (withCsrf) {
            Matcher token = CSRF.matcher(get(formPage).body());
            if (!token.find()) {
                throw new IllegalStateException("no CSRF token on " + formPage);
            }
            target = path + "?_csrf=" + encode(token.group(1));
        }
        String boundary = "----test" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + filename + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return send(HttpRequest.newBuilder(URI.create(base + target))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> postWithoutCsrf(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
