package com.openedxpok.simulator;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * Checks issue and preview bodies the way a strict server would: a malformed or missing field is 400, a
 * well-formed request that refers to something unknown or leaves a template parameter unfilled is 422.
 */
final class IssueValidator {

    private final Function<String, Optional<SimTemplate>> templates;
    private final Predicate<String> pageExists;
    private final String defaultEmitter;

    IssueValidator(Function<String, Optional<SimTemplate>> templates, Predicate<String> pageExists,
            String defaultEmitter) {
        this.templates = templates;
        this.pageExists = pageExists;
        this.defaultEmitter = defaultEmitter;
    }

    IssueCommand issue(JsonNode root) {
        return validate(root, false);
    }

    /** The preview body is the issue body without tags, skipAcceptance, identification, email and page. */
    IssueCommand preview(JsonNode root) {
        return validate(root, true);
    }

    private IssueCommand validate(JsonNode root, boolean preview) {
        if (!root.isObject()) {
            throw bad("The request body must be a JSON object");
        }
        JsonNode credential = object(root, "credential", "credential");
        JsonNode receiver = object(root, "receiver", "receiver");
        JsonNode customization = object(root, "customization", "customization");
        JsonNode templateNode = object(customization, "template", "customization.template");

        String emissionType = requiredText(credential, "emissionType", "credential.emissionType");
        if (!emissionType.equals("pok") && !emissionType.equals("blockchain")) {
            throw bad("credential.emissionType must be 'pok' or 'blockchain', not '" + emissionType + "'");
        }
        String dateFormat = requiredText(credential, "dateFormat", "credential.dateFormat");
        if (!dateFormat.equals("dd/MM/yyyy") && !dateFormat.equals("MM/dd/yyyy")) {
            throw bad("credential.dateFormat must be 'dd/MM/yyyy' or 'MM/dd/yyyy', not '" + dateFormat + "'");
        }
        Instant emissionDate = instant(requiredText(credential, "emissionDate", "credential.emissionDate"));
        String title = optionalText(credential, "title", "credential.title");
        String emitter = optionalText(credential, "emitter", "credential.emitter");
        List<String> tags = preview ? List.of() : tags(credential);
        boolean skipAcceptance = !preview && optionalBoolean(credential, "skipAcceptance");

        String languageTag = languageTag(requiredText(receiver, "languageTag", "receiver.languageTag"));
        String identification = preview ? null : requiredText(receiver, "identification", "receiver.identification");
        String email = preview ? null : requiredText(receiver, "email", "receiver.email");
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw bad("receiver.email is not an email address");
        }
        String firstName = requiredText(receiver, "firstName", "receiver.firstName");
        String lastName = optionalText(receiver, "lastName", "receiver.lastName");

        String pageId = preview ? null : optionalText(customization, "page", "customization.page");
        if (pageId != null && !pageExists.test(pageId)) {
            throw unprocessable("Page not found: '" + pageId + "'");
        }
        String templateId = requiredText(templateNode, "id", "customization.template.id");
        SimTemplate template = templates.apply(templateId)
                .orElseThrow(() -> unprocessable("Template not found: '" + templateId + "'"));
        Map<String, String> parameters = parameters(templateNode, template);

        return new IssueCommand(emissionType, title, emitter == null ? defaultEmitter : emitter, emissionDate,
                dateFormat, tags, skipAcceptance, identification, email, firstName, lastName, languageTag, template,
                parameters, pageId);
    }

    private static Map<String, String> parameters(JsonNode templateNode, SimTemplate template) {
        JsonNode given = templateNode.get("customParameters");
        if (given != null && !given.isNull() && !given.isObject()) {
            throw bad("customization.template.customParameters must be an object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (SimTemplate.Parameter parameter : template.customParameters()) {
            JsonNode value = given == null || given.isNull() ? null
                    : given.has(parameter.id()) ? given.get(parameter.id()) : given.get(parameter.label());
            if (value == null || value.isNull()) {
                throw unprocessable("Missing custom parameter '" + parameter.id() + "' (" + parameter.label()
                        + ") of template '" + template.id() + "'");
            }
            if (!value.isString()) {
                throw bad("Custom parameter '" + parameter.id() + "' must be a string");
            }
            values.put(parameter.id(), value.stringValue());
        }
        return values;
    }

    private static List<String> tags(JsonNode credential) {
        JsonNode tags = credential.get("tags");
        if (tags == null || tags.isNull()) {
            return List.of();
        }
        if (!tags.isArray()) {
            throw bad("credential.tags must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode tag : tags) {
            if (!tag.isString()) {
                throw bad("credential.tags must be an array of strings");
            }
            result.add(tag.stringValue());
        }
        return result;
    }

    private static boolean optionalBoolean(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            // Without the flag the receiver accepts by email first, as POK's own default flow does.
            return false;
        }
        if (!value.isBoolean()) {
            throw bad("credential." + field + " must be true or false");
        }
        return value.booleanValue();
    }

    private static Instant instant(String text) {
        try {
            return ZonedDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw bad("credential.emissionDate must be an ISO-8601 date-time with a zone, such as "
                    + "2025-06-01T14:03:00Z, not '" + text + "'");
        }
    }

    private static String languageTag(String text) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(text).build();
            if (!locale.getLanguage().isEmpty() && !locale.getCountry().isEmpty()) {
                return text;
            }
        } catch (IllformedLocaleException e) {
            // answered below
        }
        throw bad("receiver.languageTag must be a BCP 47 tag with a region, such as en-US or es-419, not '"
                + text + "'");
    }

    private static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw bad(path + " is required");
        }
        if (!value.isObject()) {
            throw bad(path + " must be an object");
        }
        return value;
    }

    private static String requiredText(JsonNode parent, String field, String path) {
        String value = optionalText(parent, field, path);
        if (value == null || value.isBlank()) {
            throw bad(path + " is required");
        }
        return value;
    }

    private static String optionalText(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw bad(path + " must be a string");
        }
        return value.stringValue();
    }

    private static PokApiError bad(String message) {
        return new PokApiError(400, message);
    }

    private static PokApiError unprocessable(String message) {
        return new PokApiError(422, message);
    }
}
