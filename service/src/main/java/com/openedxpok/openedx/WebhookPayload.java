package com.openedxpok.openedx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A payload from openedx-webhooks, read through one interface so the rest of the code never cares about its shape:
 * plain JSON ({@code {"user": {"id": 17}}}), or — with the plugin's "Use WWW form encoding" — the payload flattened
 * with '_' ({@code user_id}) and every value made a string by Python, which the plugin actually sends as a JSON text
 * under a form content type, and which a real {@code a=b&c=d} form may also carry. The shape is recognised from the
 * body itself, whatever the {@code Content-Type} says. Values are looked up by path; nothing else of the payload is
 * kept, and nothing of it is ever logged.
 *
 * <p>What the plugin never sends is refused with a precise reason rather than half-read: a body that is not UTF-8
 * (invalid bytes, UTF-16, gzip), multipart data, a key given twice (JSON and form alike: which one would be the
 * truth?), numbers in other digits than ASCII, and numbers whose exponent is out of all proportion, which are bounded
 * before any arithmetic (a {@code BigDecimal} with an attacker-sized scale costs seconds to round). A UTF-8 byte-order
 * mark is skipped. NUL characters and unpaired surrogates, which no database stores, are dropped from text values.
 */
public final class WebhookPayload {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Longer number texts are not Open edX's (a Python float's repr is at most 24 characters). */
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,19}(\\.0*)?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    /** A number this large (10^7 and up) is never a grade or a percentage; one this small (below 10^-20) is zero. */
    private static final int MAX_MAGNITUDE = 7;
    private static final int MIN_MAGNITUDE = -20;

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
        String encoding = request.getHeader("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
            throw new MalformedPayloadException(encoding.toLowerCase(Locale.ROOT).contains("gzip")
                    ? "a gzip-compressed body (Content-Encoding: gzip) is not accepted: send it uncompressed"
                    : "a Content-Encoding is not accepted: send the body uncompressed");
        }
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
        String text = decode(body).strip();
        if (text.isEmpty()) {
            throw new MalformedPayloadException("empty body");
        }
        if (text.startsWith("--") && text.toLowerCase(Locale.ROOT).contains("content-disposition")) {
            throw new MalformedPayloadException(
                    "multipart/form-data is not accepted: send JSON or a URL-encoded form, as openedx-webhooks does");
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JacksonException e) {
                // The message would quote the key: it is the caller's, but nothing of a payload goes back out.
                throw new MalformedPayloadException(String.valueOf(e.getOriginalMessage()).contains("Duplicate")
                        ? "the body has a duplicate key" : "the body is not valid JSON");
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

    /** The body as text: UTF-8 only (its byte-order mark skipped), with a precise reason for what is not. */
    private static String decode(byte[] body) {
        int start = 0;
        if (body.length >= 2 && (body[0] & 0xFF) == 0x1F && (body[1] & 0xFF) == 0x8B) {
            throw new MalformedPayloadException("the body is gzip-compressed: send it uncompressed");
        }
        if (body.length >= 2 && ((body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF
                || (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE)) {
            throw new MalformedPayloadException("the body is UTF-16: send it as UTF-8");
        }
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        // JSON and forms start with ASCII: a NUL byte among the first ones is UTF-16 (or UTF-32) without a mark.
        for (int i = start; i < Math.min(body.length, start + 4); i++) {
            if (body[i] == 0) {
                throw new MalformedPayloadException("the body is UTF-16: send it as UTF-8");
            }
        }
        return strictUtf8(body, start, body.length - start)
                .orElseThrow(() -> new MalformedPayloadException("the body is not valid UTF-8"));
    }

    private static Optional<String> strictUtf8(byte[] bytes, int offset, int length) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Without NUL characters and unpaired surrogates: no database stores them (PostgreSQL refuses NUL). */
    static String storable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))
                    : !Character.isLowSurrogate(c) || i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            boolean keep = c != '\0' && paired;
            if (!keep && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            } else if (keep && out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
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
        String stripped = storable(value).strip();
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

    /** A whole number in ASCII digits, given as a JSON number or as text ("17", "17.0"). */
    public Optional<Long> wholeNumber(String... path) {
        return text(path).map(text -> {
            // BigDecimal reads any script's digits ("٣٠٠٦" is 3006): an id is ASCII or it is not Open edX's.
            if (!WHOLE_NUMBER.matcher(text).matches()) {
                throw new MalformedPayloadException("'" + String.join(".", path) + "' must be a whole number");
            }
            try {
                return new BigDecimal(text).longValueExact();
            } catch (ArithmeticException e) {
                throw new MalformedPayloadException("'" + String.join(".", path) + "' must be a whole number");
            }
        });
    }

    /**
     * A number, bounded before any arithmetic: see {@link #boundedDecimal}.
     *
     * @throws MalformedPayloadException when it is not a number, or 10^7 or larger
     */
    public Optional<BigDecimal> decimal(String... path) {
        return text(path).map(text -> boundedDecimal(text, String.join(".", path)));
    }

    /**
     * A decimal in ASCII notation whose size is checked before anything computes with it: {@code 1e30000000} is out
     * of range, and anything below 10^-20 ({@code 1E-2147483647}) is zero, so that no later comparison, rounding or
     * database conversion works with an attacker-sized exponent. The result has at most 120 digits after the point.
     *
     * @param what the field's name, for the message
     * @throws MalformedPayloadException when it is not a number, or 10^7 or larger in size
     */
    public static BigDecimal boundedDecimal(String text, String what) {
        if (text.length() > MAX_NUMBER_LENGTH || !DECIMAL.matcher(text).matches()) {
            throw new MalformedPayloadException("'" + what + "' must be a number");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException exponentBeyondAnInt) {
            throw new MalformedPayloadException("'" + what + "' is out of range");
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        // Digits before the point (negative: zeros after it); precision and scale are read, nothing is computed.
        long magnitude = (long) value.precision() - value.scale();
        if (magnitude > MAX_MAGNITUDE) {
            throw new MalformedPayloadException("'" + what + "' is out of range");
        }
        return magnitude < MIN_MAGNITUDE ? BigDecimal.ZERO : value;
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
            String key = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            // Python's flattening makes a dict: the plugin never repeats a key. JSON follows the same rule.
            if (values.putIfAbsent(key, value) != null) {
                throw new MalformedPayloadException("the body has a duplicate key");
            }
        }
        return values;
    }

    /**
     * URL decoding whose bytes must be UTF-8: {@link java.net.URLDecoder} would turn {@code %C3%28} into U+FFFD, which
     * would then be stored as if the learner's name had it.
     */
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text.replace('+', ' ');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
                if (low < 0 || text.charAt(i + 1) > 'f' || text.charAt(i + 2) > 'f') {
                    throw new MalformedPayloadException("the form data is not valid URL encoding");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                    encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        byte[] decoded = bytes.toByteArray();
        return strictUtf8(decoded, 0, decoded.length)
                .orElseThrow(() -> new MalformedPayloadException("the form data is not valid UTF-8"));
    }
}
