package com.openedxpok.pok;

import com.openedxpok.kernel.EmissionType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.util.StringUtils;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.openedxpok.kernel.Texts;

/**
 * The mapping between our records and POK's JSON, so that the public records carry no wire concerns.
 * <p>
 * Strict in what it writes: exactly the contract's field names, nulls omitted, dates in UTC to the second.
 * Liberal in what it reads: unknown fields ignored, missing fields null (or an empty list), numbers and strings
 * accepted for one another, dates with or without zone. Only a body that is not JSON of the expected shape is
 * {@link Unreadable}.
 */
final class PokJson {

    static final int MAX_MESSAGE_LENGTH = 300;

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();
    private static final Pattern INVISIBLE_HTML = Pattern.compile(
            "(?is)<(script|style)\\b.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** A 2xx body we cannot use. The reason describes the shape only: it never quotes the body. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String reason) {
            super(reason, null, false, false);
        }
    }

    private PokJson() {
    }

    // ---- requests -------------------------------------------------------------------------------------------------

    record IssueBody(IssueCredential credential, IssueReceiver receiver, Customization customization) {
    }

    record IssueCredential(List<String> tags, boolean skipAcceptance, String emissionType, String dateFormat,
            String emissionDate, String title, String emitter) {
    }

    record IssueReceiver(String languageTag, String identification, String email, String firstName,
            String lastName) {
    }

    record Customization(String page, Template template) {
    }

    record Template(String id, Map<String, String> customParameters) {
    }

    record PreviewBody(PreviewCredential credential, PreviewReceiver receiver, Customization customization) {
    }

    record PreviewCredential(String emissionType, String dateFormat, String emissionDate, String title,
            String emitter) {
    }

    record PreviewReceiver(String languageTag, String firstName, String lastName) {
    }

    static String issueBody(IssueRequest request) {
        IssueRequest.Credential c = request.credential();
        IssueRequest.Receiver r = request.receiver();
        IssueRequest.Customization z = request.customization();
        return write(new IssueBody(
                c == null ? null : new IssueCredential(c.tags(), c.skipAcceptance(), emissionType(c.emissionType()),
                        c.dateFormat(), utc(c.emissionDate()), c.title(), c.emitter()),
                r == null ? null : new IssueReceiver(r.languageTag(), r.identification(), r.email(), r.firstName(),
                        r.lastName()),
                z == null ? null : new Customization(StringUtils.hasText(z.page()) ? z.page() : null,
                        template(z.template()))));
    }

    static String previewBody(PreviewRequest request) {
        PreviewRequest.Credential c = request.credential();
        PreviewRequest.Receiver r = request.receiver();
        PreviewRequest.Customization z = request.customization();
        return write(new PreviewBody(
                c == null ? null : new PreviewCredential(emissionType(c.emissionType()), c.dateFormat(),
                        utc(c.emissionDate()), c.title(), c.emitter()),
                r == null ? null : new PreviewReceiver(r.languageTag(), r.firstName(), r.lastName()),
                z == null ? null : new Customization(null, template(z.template()))));
    }

    private static Template template(IssueRequest.Template template) {
        if (template == null) {
            return null;
        }
        Map<String, String> parameters = null;
        if (template.customParameters() != null) {
            // A null value would reach POK as the text "null" on the certificate; leaving the parameter out lets POK
            // say that it is missing instead.
            parameters = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : template.customParameters().entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null) {
                    parameters.put(entry.getKey(), entry.getValue());
                }
            }
        }
        return new Template(template.id(), parameters);
    }

    private static String emissionType(EmissionType type) {
        return type == null ? null : type.wireValue();
    }

    /** POK's own clients send whole seconds in UTC ({@code 2025-06-01T14:03:00Z}); fractions gain nothing. */
    static String utc(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String write(Object body) {
        return JSON.writeValueAsString(body);
    }

    // ---- responses ------------------------------------------------------------------------------------------------

    static IssuedCredential issuedCredential(String body) {
        JsonNode root = object(body);
        String id = text(root, "id");
        if (id == null || id.isBlank()) {
            throw new Unreadable("the answer carries no credential id");
        }
        return new IssuedCredential(id, text(root, "viewUrl"), text(root, "state"));
    }

    static CredentialDetails credentialDetails(String body) {
        JsonNode root = object(body);
        JsonNode credential = objectOrNull(root, "credential");
        JsonNode receiver = objectOrNull(root, "receiver");
        return new CredentialDetails(text(root, "id"), text(root, "state"), text(root, "viewUrl"),
                instant(root, "createdAt"),
                credential == null ? null : new CredentialDetails.Credential(texts(credential, "tags"),
                        text(credential, "emitter"), text(credential, "title"),
                        instant(credential, "emissionDate"), text(credential, "emissionType")),
                receiver == null ? null : new CredentialDetails.Receiver(text(receiver, "name"),
                        text(receiver, "email")));
    }

    static CredentialImage credentialImage(String body) {
        return new CredentialImage(text(object(body), "location"));
    }

    static PokTemplate template(String body) {
        return template(object(body));
    }

    static List<PokTemplate> templates(String body) {
        return list(body, PokJson::template);
    }

    /**
     * POK documents {@code url}; the original plugin also accepted {@code previewUrl}, {@code preview_url} and
     * {@code location}, and an answer naming its image otherwise is still an image, so the first non-blank one wins.
     */
    static TemplatePreview templatePreview(String body) {
        JsonNode root = object(body);
        for (String field : PREVIEW_URL_FIELDS) {
            String url = text(root, field);
            if (url != null && !url.isBlank()) {
                return new TemplatePreview(url);
            }
        }
        return new TemplatePreview(null);
    }

    private static final List<String> PREVIEW_URL_FIELDS = List.of("url", "previewUrl", "preview_url", "location");

    static List<PokPage> pages(String body) {
        return list(body, page -> new PokPage(text(page, "id"), text(page, "name")));
    }

    static Organization organization(String body) {
        JsonNode root = object(body);
        return new Organization(text(root, "wallet"), text(root, "name"), number(root, "availableCredits"),
                number(root, "emittedCredentials"), number(root, "sentCredentials"),
                number(root, "draftCredentials"), number(root, "processingCredentials"));
    }

    private static PokTemplate template(JsonNode node) {
        List<PokTemplate.CustomParameter> parameters = new ArrayList<>();
        JsonNode array = node.get("customParameters");
        if (array != null && array.isArray()) {
            for (JsonNode parameter : array) {
                if (parameter.isObject()) {
                    parameters.add(new PokTemplate.CustomParameter(text(parameter, "id"), text(parameter, "label")));
                }
            }
        }
        return new PokTemplate(text(node, "id"), text(node, "name"), text(node, "version"), parameters);
    }

    /**
     * POK's error explanation: {@code message}, {@code detail} and {@code errors[]} of a JSON body ({@code error}
     * only when nothing better is there, as it is usually the reason phrase), or the visible text of an HTML or
     * plain body. Null when the body says nothing.
     */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        JsonNode root = parse(body);
        if (root != null && root.isObject()) {
            Set<String> parts = new LinkedHashSet<>();
            collectMessages(root.get("message"), parts);
            collectMessages(root.get("detail"), parts);
            collectMessages(root.get("errors"), parts);
            if (parts.isEmpty()) {
                collectMessages(root.get("error"), parts);
            }
            if (!parts.isEmpty()) {
                return Texts.excerpt(String.join("; ", parts), MAX_MESSAGE_LENGTH);
            }
        }
        String text = TAG.matcher(INVISIBLE_HTML.matcher(body).replaceAll(" ")).replaceAll(" ")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        text = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return text.isEmpty() ? null : Texts.excerpt(text, MAX_MESSAGE_LENGTH);
    }

    private static void collectMessages(JsonNode node, Set<String> parts) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(element -> collectMessages(element, parts));
        } else if (node.isObject()) {
            for (String field : List.of("message", "msg", "detail")) {
                String text = text(node, field);
                if (text != null && !text.isBlank()) {
                    parts.add(text.strip());
                    return;
                }
            }
        } else if (node.isValueNode() && !node.asString().isBlank()) {
            parts.add(node.asString().strip());
        }
    }

    // ---- liberal reading ------------------------------------------------------------------------------------------

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(body);
            return root == null || root.isMissingNode() ? null : root;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static JsonNode object(String body) {
        JsonNode root = parse(body);
        if (root == null) {
            throw new Unreadable(body == null || body.isBlank() ? "the answer is empty" : "the answer is not JSON");
        }
        if (!root.isObject()) {
            throw new Unreadable("the answer is not a JSON object");
        }
        return root;
    }

    /** POK wraps lists in {@code {"data": [...]}}; a bare array is accepted too. Non-object elements are skipped. */
    private static <T> List<T> list(String body, Function<JsonNode, T> element) {
        JsonNode root = parse(body);
        if (root == null) {
            throw new Unreadable(body == null || body.isBlank() ? "the answer is empty" : "the answer is not JSON");
        }
        JsonNode array = root.isObject() ? root.get("data") : root;
        if (array == null || !array.isArray()) {
            throw new Unreadable("the answer is neither a list nor {\"data\": [...]}");
        }
        List<T> result = new ArrayList<>();
        for (JsonNode node : array) {
            if (node.isObject()) {
                result.add(element.apply(node));
            }
        }
        return List.copyOf(result);
    }

    private static JsonNode objectOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** Strings, and numbers or booleans as their text; null for a missing field or an unexpected shape. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !(value.isString() || value.isNumber() || value.isBoolean())) {
            return null;
        }
        return value.asString();
    }

    private static List<String> texts(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (JsonNode element : value) {
            if (element.isString() || element.isNumber()) {
                result.add(element.asString());
            }
        }
        return List.copyOf(result);
    }

    /** A whole number, sent as a JSON number or as a string ("12", "12.0"); null when it is not one. */
    private static Long number(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.strip()).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** ISO-8601 with or without zone, fraction or time; a date without zone is UTC. Null when unparseable. */
    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        String iso = text.strip();
        if (iso.length() > 10 && iso.charAt(10) == ' ') {
            iso = iso.substring(0, 10) + 'T' + iso.substring(11);
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from,
                    LocalDateTime::from);
            return parsed instanceof ZonedDateTime zoned ? zoned.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(iso).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
