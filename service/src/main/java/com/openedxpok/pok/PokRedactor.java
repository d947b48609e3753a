package com.openedxpok.pok;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Keeps the learner's personal data and secrets out of logs and of POK's error messages. Values are masked by key
 * (email, names, identification, anything named like a key, token or password) and, because POK may quote a request
 * back in its answer, wherever a value already known to be sensitive appears.
 */
final class PokRedactor {

    static final String MASK = "***";
    /** Shorter values identify no one, and masking them would garble numbers such as "HTTP 422". */
    static final int MIN_KNOWN_VALUE_LENGTH = 3;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> PERSONAL_KEYS = Set.of("email", "firstname", "lastname", "name",
            "identification");
    private static final List<String> SECRET_KEY_PARTS = List.of("key", "token", "password", "authorization");
    /**
     * Template parameters are named per template (a grade, the learner's full name…), so no key list can tell which
     * are personal: their values are all masked, their names kept.
     */
    private static final String CUSTOM_PARAMETERS = "customParameters";

    private PokRedactor() {
    }

    /** A body as it may appear in a log line. A body that is not JSON may quote anything: only its size is shown. */
    static String forLog(String body, Collection<String> knownValues) {
        if (body == null || body.isBlank()) {
            return "(empty)";
        }
        JsonNode root = parse(body);
        if (root == null) {
            return "(not JSON, " + body.length() + " characters)";
        }
        mask(root, knownValues);
        return root.toString();
    }

    /** The values of a JSON body that {@link #forLog} masks by key, to be masked wherever else they turn up. */
    static Set<String> sensitiveValues(String body) {
        Set<String> values = new LinkedHashSet<>();
        JsonNode root = body == null ? null : parse(body);
        if (root != null) {
            collect(root, false, values);
        }
        return values;
    }

    /** The text with every occurrence of a known value (ignoring case) masked. */
    static String maskValues(String text, Collection<String> knownValues) {
        if (text == null) {
            return null;
        }
        String result = text;
        // Longest first: masking "Ana" before "ana@example.org" would leave "***@example.org" half readable.
        List<String> values = knownValues.stream().filter(Objects::nonNull).map(String::strip)
                .filter(value -> value.length() >= MIN_KNOWN_VALUE_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String value : values) {
            result = Pattern.compile(Pattern.quote(value), Pattern.CASE_INSENSITIVE).matcher(result)
                    .replaceAll(Matcher.quoteReplacement(MASK));
        }
        return result;
    }

    static boolean isSensitive(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return PERSONAL_KEYS.contains(lower) || SECRET_KEY_PARTS.stream().anyMatch(lower::contains);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root == null || root.isMissingNode() ? null : root;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void mask(JsonNode node, Collection<String> knownValues) {
        if (node instanceof ObjectNode object) {
            for (String key : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(key);
                if (isSensitive(key)) {
                    if (!value.isNull()) {
                        object.put(key, MASK);
                    }
                } else if (CUSTOM_PARAMETERS.equals(key) && value instanceof ObjectNode parameters) {
                    for (String parameter : List.copyOf(parameters.propertyNames())) {
                        parameters.put(parameter, MASK);
                    }
                } else if (value.isString()) {
                    object.put(key, maskValues(value.stringValue(), knownValues));
                } else {
                    mask(value, knownValues);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (element.isString()) {
                    array.set(i, StringNode.valueOf(maskValues(element.stringValue(), knownValues)));
                } else {
                    mask(element, knownValues);
                }
            }
        }
    }

    private static void collect(JsonNode node, boolean sensitive, Set<String> values) {
        if (node.isObject()) {
            for (String key : node.propertyNames()) {
                collect(node.get(key), sensitive || isSensitive(key), values);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, sensitive, values));
        } else if (sensitive && node.isValueNode() && !node.isNull()) {
            values.add(node.asString());
        }
    }
}
