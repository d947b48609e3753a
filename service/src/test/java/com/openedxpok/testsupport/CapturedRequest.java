package com.openedxpok.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request exactly as openedx-webhooks 21.0.0 sent it, from a fixture under
 * {@code src/test/resources/fixtures/openedx-webhooks-21.0.0/}: the request line's method and path, every header in
 * wire order with its casing, and the body's bytes from {@code body_base64} (never {@code body_text}, which is only a
 * rendering of them).
 */
public record CapturedRequest(String file, String method, String pathAndQuery, List<Header> headers, byte[] body) {

    public static final String DIRECTORY = "/fixtures/openedx-webhooks-21.0.0/";

    /** The 22 captured requests, in the README's order. */
    public static final List<String> ALL = List.of(
            "01-creation-passing-verified-batch-json.json",
            "02-creation-passing-verified-batch-form.json",
            "03-creation-self-generated-lazy-user-json.json",
            "04-creation-self-generated-lazy-user-form.json",
            "05-creation-allowlisted-not-passing-json.json",
            "06-creation-allowlisted-not-passing-form.json",
            "07-creation-unverified-status-json.json",
            "08-creation-unverified-status-form.json",
            "09-creation-cjk-name-json.json",
            "10-creation-cjk-name-form.json",
            "11-creation-300-char-name-json.json",
            "12-creation-300-char-name-form.json",
            "13-render-learner-certificate-json.json",
            "14-render-learner-certificate-form.json",
            "15-render-staff-preview-honor-json.json",
            "16-render-staff-preview-honor-form.json",
            "17-event-certificate-changed-json.json",
            "18-event-certificate-changed-form.json",
            "19-event-certificate-created-json.json",
            "20-event-certificate-created-form.json",
            "21-event-certificate-revoked-json.json",
            "22-event-certificate-revoked-form.json");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Header(String name, String value) {
    }

    public CapturedRequest {
        headers = List.copyOf(headers);
    }

    /** @param file a name from {@link #ALL}, or its two-digit number ("01") */
    public static CapturedRequest load(String file) {
        String name = file.length() == 2 ? ALL.stream().filter(f -> f.startsWith(file + "-")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No fixture " + file)) : file;
        JsonNode root;
        try (InputStream in = CapturedRequest.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + DIRECTORY + name + " on the test classpath");
            }
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Header> headers = new ArrayList<>();
        // Jackson keeps an object's members in document order: the fixture lists the headers in wire order.
        for (Map.Entry<String, JsonNode> header : root.required("headers").properties()) {
            headers.add(new Header(header.getKey(), header.getValue().asString()));
        }
        return new CapturedRequest(name, root.required("method").asString(), root.required("path_and_query").asString(),
                headers, Base64.getDecoder().decode(root.required("body_base64").asString()));
    }

    /** The first header with this name, compared without case, or null. */
    public String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst()
                .orElse(null);
    }

    public boolean isForm() {
        return "application/x-www-form-urlencoded".equals(header("Content-type"));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The same request with other body bytes and its {@code Content-Length} recomputed, every other header kept in
     * place: for requests derived from a captured one (said so where they are used).
     */
    public CapturedRequest withBody(byte[] newBody) {
        List<Header> changed = headers.stream().map(h -> h.name().equalsIgnoreCase("Content-Length")
                ? new Header(h.name(), String.valueOf(newBody.length)) : h).toList();
        return new CapturedRequest(file + " (derived)", method, pathAndQuery, changed, newBody.clone());
    }

    /**
     * The body with each {@code from} replaced by its {@code to}, every pair required to occur at least once so that a
     * derivation cannot silently leave the captured value in place.
     */
    public CapturedRequest replacingInBody(String... fromTo) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < fromTo.length; i += 2) {
            if (!text.contains(fromTo[i])) {
                throw new IllegalStateException(file + " does not contain '" + fromTo[i] + "'");
            }
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        return withBody(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
