package com.openedxpok.rendering;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the render webfilter's payload into a {@link RenderContext}. openedx-webhooks sends either JSON
 * ({@code {"context": {"course_id": …}}}) or, with "Use WWW form encoding", the payload flattened with {@code _}
 * ({@code context_course_id}) and every value turned into a string by Python. That flattened form arrives as a real
 * {@code a=b&c=d} form or, as the plugin actually sends it, as a JSON object under a form content type; all three
 * are accepted, whatever the {@code Content-Type} says.
 */
@Component
class RenderPayloadReader {

    /** Display strings longer than this are not Open edX's; cut them rather than carry them into a page. */
    static final int MAX_FIELD_LENGTH = 1000;

    private final JsonMapper json;

    RenderPayloadReader(JsonMapper json) {
        this.json = json;
    }

    /** @throws MalformedPayloadException when the body is neither a JSON object nor a form */
    RenderContext read(byte[] body) {
        Fields fields = fieldsOf(body);
        return new RenderContext(
                fields.text("accomplishment_user_id").flatMap(RenderPayloadReader::userId).orElse(null),
                fields.text("course_id").orElse(null),
                fields.text("user_language").orElse(null),
                fields.text("platform_name").orElse(null),
                fields.text("logo_src").orElse(null),
                fields.text("accomplishment_copy_name").orElse(null),
                fields.text("certificate_data", "course_title").orElse(null),
                fields.text("accomplishment_copy_course_name").orElse(null),
                fields.text("organization_long_name").orElse(null),
                fields.text("accomplishment_copy_course_org").orElse(null),
                fields.text("course_mode").orElse(null));
    }

    private Fields fieldsOf(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new MalformedPayloadException("empty body");
        }
        if (text.startsWith("{")) {
            JsonNode root;
            try {
                root = json.readTree(text);
            } catch (RuntimeException e) {
                throw new MalformedPayloadException("body is not valid JSON");
            }
            if (root == null || !root.isObject()) {
                throw new MalformedPayloadException("body is not a JSON object");
            }
            JsonNode context = root.get("context");
            return context != null && context.isObject() ? new NestedFields(context) : new FlatFields(flat(root));
        }
        return new FlatFields(form(text));
    }

    /** A JSON object whose values are the flattened payload's strings. */
    private static Map<String, String> flat(JsonNode root) {
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            if (entry.getKey().startsWith("context_") && entry.getValue().isValueNode()) {
                values.put(entry.getKey(), entry.getValue().asString());
            }
        }
        return values;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> values = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                key = URLDecoder.decode(key, StandardCharsets.UTF_8);
                if (key.startsWith("context_")) {
                    values.putIfAbsent(key, URLDecoder.decode(value, StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException e) {
                throw new MalformedPayloadException("body is neither JSON nor a form");
            }
        }
        if (values.isEmpty()) {
            throw new MalformedPayloadException("body has no context fields");
        }
        return values;
    }

    /** Numbers may arrive as JSON numbers or as strings. */
    private static Optional<Long> userId(String text) {
        String digits = text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
        if (!digits.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        long id = Long.parseLong(digits);
        return id > 0 ? Optional.of(id) : Optional.empty();
    }

    private static Optional<String> clean(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String stripped = value.strip();
        if (stripped.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(stripped.length() > MAX_FIELD_LENGTH ? stripped.substring(0, MAX_FIELD_LENGTH) : stripped);
    }

    private interface Fields {
        /** The context field at {@code path} as text, if present and not empty. */
        Optional<String> text(String... path);
    }

    private record NestedFields(JsonNode context) implements Fields {
        @Override
        public Optional<String> text(String... path) {
            JsonNode node = context;
            for (String key : path) {
                node = node == null || !node.isObject() ? null : node.get(key);
            }
            return node == null || !node.isValueNode() || node.isNull() ? Optional.empty() : clean(node.asString());
        }
    }

    private record FlatFields(Map<String, String> values) implements Fields {
        @Override
        public Optional<String> text(String... path) {
            // Python's str(None) is how a missing value looks once the plugin has flattened the payload.
            return clean(values.get("context_" + String.join("_", path))).filter(v -> !v.equals("None"));
        }
    }

    /** The payload cannot be read at all. The message is safe to log: it never quotes the payload. */
    static class MalformedPayloadException extends RuntimeException {
        MalformedPayloadException(String message) {
            super(message);
        }
    }
}
