package com.openedxpok.importing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.InvalidCourseKeyException;
import com.openedxpok.kernel.EmissionType;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One row of the export of {@code openedx_pok_pokcertificate} joined with {@code auth_user} (username, email), as
 * openedx-pok 1.x stored it (see docs/migrating-from-openedx-pok.md).
 */
record ExportedCertificate(long userId, CourseKey courseKey, String username, String email, String credentialId,
        String state, String viewUrl, Instant emissionDate, EmissionType emissionType, String title, String emitter,
        List<String> tags, String pageId, String receiverEmail, String receiverName) {

    static final List<String> REQUIRED = List.of("user_id", "course_id");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Django's datetime(6) as mysql prints it: {@code 2024-03-05 14:22:01.123456}, in UTC. */
    private static final DateTimeFormatter MYSQL_DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

    /** A line that cannot be imported; the message says why, without the learner's data. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    static ExportedCertificate read(Map<String, Integer> columns, int headerSize, List<String> fields)
            throws Refused {
        if (fields.size() != headerSize) {
            throw new Refused("has " + fields.size() + " fields; the header has " + headerSize);
        }
        String userText = value(columns, fields, "user_id");
        long userId;
        try {
            userId = userText == null || !userText.strip().matches("[0-9]{1,18}") ? 0 : Long.parseLong(userText.strip());
        } catch (NumberFormatException e) {
            userId = 0;
        }
        if (userId <= 0) {
            throw new Refused("user_id is not a positive whole number");
        }
        CourseKey courseKey;
        try {
            courseKey = CourseKey.parse(value(columns, fields, "course_id"));
        } catch (InvalidCourseKeyException e) {
            throw new Refused(e.getMessage());
        }
        String emissionText = value(columns, fields, "emission_type");
        EmissionType emissionType = emissionText == null ? null : EmissionType.fromWire(emissionText.strip())
                .orElseThrow(() -> new Refused("emission_type '" + emissionText + "' is neither pok nor blockchain"));
        return new ExportedCertificate(userId, courseKey, value(columns, fields, "username"),
                value(columns, fields, "email"), blankToNull(value(columns, fields, "pok_certificate_id")),
                blankToNull(value(columns, fields, "state")), blankToNull(value(columns, fields, "view_url")),
                date(value(columns, fields, "emission_date")), emissionType, value(columns, fields, "title"),
                value(columns, fields, "emitter"), tags(value(columns, fields, "tags")),
                blankToNull(value(columns, fields, "page")), blankToNull(value(columns, fields, "receiver_email")),
                blankToNull(value(columns, fields, "receiver_name")));
    }

    /** The learner as 1.x knew them: the receiver's name and email it sent POK, else the LMS account's email. */
    Learner learner() {
        return new Learner(userId, username, receiverName, receiverEmail != null ? receiverEmail : blankToNull(email),
                null, mode(), null);
    }

    /** 1.x tagged every credential {@code Mode:<mode>}. */
    String mode() {
        for (String tag : tags) {
            if (tag.startsWith("Mode:") && tag.length() > 5) {
                return tag.substring(5);
            }
        }
        return null;
    }

    PokCredential credential() {
        return new PokCredential(credentialId, state, viewUrl, null, null, emissionType, emissionDate, title, emitter,
                tags, pageId);
    }

    private static String value(Map<String, Integer> columns, List<String> fields, String column) {
        Integer index = columns.get(column);
        return index == null ? null : fields.get(index);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Instant date(String text) throws Refused {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip(), MYSQL_DATETIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new Refused("emission_date '" + text + "' is not a date such as 2024-03-05 14:22:01.123456");
        }
    }

    /** The JSON list 1.x stored; anything else (JSON null, not a list) is no tags. */
    private static List<String> tags(String text) throws Refused {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new Refused("tags is not JSON");
        }
        if (node == null || !node.isArray()) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode tag : node) {
            if (tag.isValueNode() && !tag.isNull()) {
                tags.add(tag.asString());
            }
        }
        return tags;
    }
}
