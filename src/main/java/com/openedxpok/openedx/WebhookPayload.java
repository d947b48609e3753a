package com.openedxpok.openedx;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A payload from openedx-webhooks, read through one interface so the rest of the code never cares about its shape:
 * plain JSON ({@code {"user": {"id": 17}}}), or — with the plugin's "Use WWW form encoding" — the payload flattened
 * with '_' ({@code user_id}) and every value made a string by Python, which the plugin actually sends as a JSON text
 * under a form content type, and which a real {@code a=b&c=d} form may also carry. The shape is recognised from the
 * body itself, whatever the {@code Content-Type} says. Values are looked up by path; nothing else of the payload is
 * kept, and nothing of it is ever logged.
 */
public final class WebhookPayload {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Nested JSON, or null for a form body. */
    private final JsonNode json;
    /** Flattened keys: a form body's fields, or the flat top-level values of a JSON body. */
    private final Map<String, String> flat;

    private WebhookPayload(JsonNode json, Map<String, String> flat) {
        this.json = json;
        this.flat = flat;
    }

    /** @throws MalformedPayloadException when the body is too large, empty, or neither JSON nor form data */
    public static WebhookPayload read(HttpServletRequest request) {
        return parse(readBody(request));
    }

    /**
     * The raw body, read at most up to the cap so a chunked body cannot make us hold more.
     *
     * @throws MalformedPayloadException when it is larger than {@link OpenedxTokenFilter#MAX_BODY_BYTES}
     */
    public static byte[] readBody(HttpServletRequest request) {
        long max = OpenedxTokenFilter.MAX_BODY_BYTES;
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) max + 1);
            if (bytes.length > max) {
                throw new MalformedPayloadException("payload larger than " + max / 1024 + " KiB");
            }
            return bytes;
        } catch (IOException e) {
            throw new MalformedPayloadException("the body could not be read");
        }
    }

    public static WebhookPayload parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new MalformedPayloadException("empty body");
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JacksonException e) {
                throw new MalformedPayloadException("the body is not valid JSON");
            }
            if (node == null || !node.isObject()) {
                throw new MalformedPayloadException("the body is not a JSON object");
            }
            Map<String, String> topLevelValues = new HashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                    topLevelValues.put(entry.getKey(), entry.getValue().asString());
                }
            }
            return new WebhookPayload(node, topLevelValues);
        }
        return new WebhookPayload(null, parseForm(text));
    }

    /**
     * Text at a path ({@code "user", "email"}), from the nested payload or its flattened key ({@code user_email});
     * numbers and booleans are given as text too. Blank, and Python's {@code None}, are empty.
     */
    public Optional<String> text(String... path) {
        Optional<String> nested = json == null ? Optional.empty() : nested(path);
        String value = nested.orElseGet(() -> flat.get(String.join("_", path)));
        if (value == null) {
            return Optional.empty();
        }
        String stripped = value.strip();
        return stripped.isEmpty() || stripped.equals("None") ? Optional.empty() : Optional.of(stripped);
    }

    /**
     * The list at a path ({@code "context", "certificate_data", "signatories"}): the JSON array, or — in form mode,
     * where the plugin sends Python's {@code repr} of the list — the same list read from that text. Null when there is
     * none or it is not a list.
     */
    public JsonNode list(String... path) {
        JsonNode node = json;
        for (String key : path) {
            node = node == null || !node.isObject() ? null : node.get(key);
        }
        if (json == null) {
            node = PythonLiteral.parse(flat.get(String.join("_", path)));
        }
        return node != null && node.isArray() ? node : null;
    }

    private Optional<String> nested(String... path) {
        JsonNode node = json;
        for (String key : path) {
            if (node == null || !node.isObject()) {
                if (node != null && !node.isNull()) {
                    throw new MalformedPayloadException("'" + key + "' is inside something that is not an object");
                }
                return Optional.empty();
            }
            node = node.get(key);
        }
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isContainer()) {
            throw new MalformedPayloadException("'" + String.join(".", path) + "' must be a single value");
        }
        return Optional.of(node.asString());
    }

    /** A whole number, given as a JSON number or as text ("17", "17.0"). */
    public Optional<Long> wholeNumber(String... path) {
        return text(path).map(text -> {
            try {
                BigDecimal value = new BigDecimal(text);
                return value.longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new MalformedPayloadException("'" + String.join(".", path) + "' must be a whole number");
            }
        });
    }

    public Optional<BigDecimal> decimal(String... path) {
        return text(path).map(text -> {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new MalformedPayloadException("'" + String.join(".", path) + "' must be a number");
            }
        });
    }

    /** Python writes True/False, JSON true/false; form encoding may send either as text. */
    public Optional<Boolean> bool(String... path) {
        return text(path).map(text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new MalformedPayloadException("'" + String.join(".", path) + "' must be true or false");
        });
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> values = new HashMap<>();
        if (!body.contains("=")) {
            throw new MalformedPayloadException("the body is neither JSON nor form data");
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw new MalformedPayloadException("the form data is not valid URL encoding");
            }
        }
        return values;
    }
}
