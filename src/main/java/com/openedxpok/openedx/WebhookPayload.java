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
 * A payload from openedx-webhooks, JSON or form-encoded (nested keys joined with '_', every value a string), read
 * through one interface so the rest of the code never cares which. Values are looked up by path; nothing else of the
 * payload is kept, and nothing of it is ever logged.
 */
public final class WebhookPayload {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode json;
    private final Map<String, String> form;

    private WebhookPayload(JsonNode json, Map<String, String> form) {
        this.json = json;
        this.form = form;
    }

    /** @throws MalformedPayloadException when the body is too large, empty, or not JSON/form data */
    public static WebhookPayload read(HttpServletRequest request) {
        byte[] body = readCapped(request);
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        // openedx-webhooks' "Use WWW form encoding" flattens the payload but still sends it as a JSON object: such a
        // body is read as JSON, whose flattened keys text() finds too.
        if (contentType.startsWith("application/x-www-form-urlencoded") && !startsLikeJson(body)) {
            if (body.length == 0 && !request.getParameterMap().isEmpty()) {
                // Something asked the container for a parameter first and it consumed the form: read its result.
                Map<String, String> parsed = new HashMap<>();
                request.getParameterMap().forEach((key, values) -> {
                    if (!key.equals("token") && values.length > 0) {
                        parsed.put(key, values[0]);
                    }
                });
                return new WebhookPayload(null, parsed);
            }
            return new WebhookPayload(null, parseForm(new String(body, StandardCharsets.UTF_8)));
        }
        if (body.length == 0) {
            throw new MalformedPayloadException("empty body");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MalformedPayloadException("the body is not a JSON object");
            }
            return new WebhookPayload(node, null);
        } catch (JacksonException e) {
            throw new MalformedPayloadException("the body is not valid JSON");
        }
    }

    private static boolean startsLikeJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    public static WebhookPayload ofJson(String json) {
        try {
            return new WebhookPayload(JSON.readTree(json), null);
        } catch (JacksonException e) {
            throw new MalformedPayloadException("the body is not valid JSON");
        }
    }

    /**
     * Text at a path ({@code "user", "email"}); numbers and booleans are given as text too. Blank is empty. A flattened
     * payload ({@code user_email}) is read by the same path; there Python's {@code None} is empty too.
     */
    public Optional<String> text(String... path) {
        if (form != null) {
            return flat(form.get(String.join("_", path)));
        }
        Optional<String> nested = nested(path);
        if (nested.isEmpty() && path.length > 1) {
            JsonNode flat = json.get(String.join("_", path));
            if (flat != null && flat.isValueNode() && !flat.isNull()) {
                return flat(flat.asString());
            }
        }
        return nested;
    }

    private static Optional<String> flat(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(s -> !s.isEmpty() && !s.equals("None"));
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
        String value = node.asString().strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
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

    private static byte[] readCapped(HttpServletRequest request) {
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

    private static Map<String, String> parseForm(String body) {
        Map<String, String> values = new HashMap<>();
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
