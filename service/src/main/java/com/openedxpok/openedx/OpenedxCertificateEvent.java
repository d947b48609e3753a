package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.InvalidCourseKeyException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.openedxpok.certificate.Learner;

/**
 * A certificate event from openedx-webhooks' "Webhooks" ({@code CERTIFICATE_CREATED}, {@code _CHANGED},
 * {@code _REVOKED}), reduced to the fields we use. The payload is
 * {@code {"openedx_events.learning.data.CertificateData": {user{id, pii{username, email, name}}, course{course_key,
 * display_name}, mode, grade, current_status, previous_status, …}, "event_metadata": {event_type, id, time, …}}}.
 *
 * @param grade         a fraction (0.87), or null when Open edX sent none or something unreadable
 * @param currentStatus Open edX's certificate status after the change ({@code downloadable}, {@code notpassing}, …)
 * @param time          when Open edX says it happened; null if it did not say
 */
public record OpenedxCertificateEvent(
        Type type,
        long userId,
        String username,
        String email,
        String name,
        CourseKey courseKey,
        String courseName,
        String mode,
        BigDecimal grade,
        String currentStatus,
        String previousStatus,
        Instant time) {

    private static final Logger log = LoggerFactory.getLogger(OpenedxCertificateEvent.class);
    /** Open edX's certificate statuses are short words; a longer text is none of them. */
    private static final int MAX_STATUS = 64;

    /** The data class key openedx-webhooks uses for these events. */
    static final String DATA = "openedx_events.learning.data.CertificateData";

    /** The events this service acts on, by Open edX's event type. */
    public enum Type {
        CREATED("org.openedx.learning.certificate.created.v1", "certificate created"),
        CHANGED("org.openedx.learning.certificate.changed.v1", "certificate changed"),
        REVOKED("org.openedx.learning.certificate.revoked.v1", "certificate revoked");

        private final String eventType;
        private final String label;

        Type(String eventType, String label) {
            this.eventType = eventType;
            this.label = label;
        }

        public String eventType() {
            return eventType;
        }

        public String label() {
            return label;
        }

        public static Optional<Type> of(String eventType) {
            return Arrays.stream(values()).filter(t -> t.eventType.equals(eventType)).findFirst();
        }
    }

    /** {@code event_metadata.event_type}; a payload without one is not an event. */
    static String eventType(WebhookPayload payload) {
        return payload.text("event_metadata", "event_type")
                .orElseThrow(() -> new MalformedPayloadException("event_metadata.event_type is missing"));
    }

    /** @throws MalformedPayloadException when the user id or the course key is missing or unusable */
    static OpenedxCertificateEvent read(Type type, WebhookPayload payload) {
        long userId = payload.wholeNumber(DATA, "user", "id")
                .orElseThrow(() -> new MalformedPayloadException(DATA + ".user.id is missing"));
        return of(type, userId,
                payload.text(DATA, "user", "pii", "username").orElse(null),
                payload.text(DATA, "user", "pii", "email").orElse(null),
                payload.text(DATA, "user", "pii", "name").orElse(null),
                payload.text(DATA, "course", "course_key").orElse(null),
                payload.text(DATA, "course", "display_name").orElse(null),
                payload.text(DATA, "mode").orElse(null),
                payload.text(DATA, "grade").orElse(null),
                payload.text(DATA, "current_status").orElse(null),
                payload.text(DATA, "previous_status").orElse(null),
                PythonDateTime.parse(payload.text("event_metadata", "time").orElse(null)).orElse(null));
    }

    /**
     * The event from {@code CertificateData}'s fields as Open edX sends them, whatever carried them (the webhook's
     * payload, the event bus's Avro record): the same checks and normalisation for both.
     *
     * @throws MalformedPayloadException when the user id or the course key (null: missing) is unusable
     */
    public static OpenedxCertificateEvent of(Type type, long userId, String username, String email, String name,
            String courseKey, String courseName, String mode, String grade, String currentStatus,
            String previousStatus, Instant time) {
        if (userId <= 0) {
            throw new MalformedPayloadException(DATA + ".user.id must be a positive number");
        }
        if (courseKey == null) {
            throw new MalformedPayloadException(DATA + ".course.course_key is missing");
        }
        CourseKey key;
        try {
            key = CourseKey.parse(courseKey);
        } catch (InvalidCourseKeyException e) {
            throw new MalformedPayloadException(e.getMessage());
        }
        // The learner() built from these is bounded by the record; what is not kept whole is said, without values.
        List<String> notKept = Learner.notKeptWhole(username, name, email, mode);
        if (!notKept.isEmpty()) {
            log.info("Certificate event for user {}: {}", userId, String.join("; ", notKept));
        }
        return new OpenedxCertificateEvent(type, userId, username, email, name, key, courseName, mode, grade(grade),
                lower(currentStatus), lower(previousStatus), time);
    }

    /** Open edX's passing statuses ({@code CertificateStatuses.PASSED_STATUSES}). */
    public boolean passing() {
        return "downloadable".equals(currentStatus) || "generating".equals(currentStatus);
    }

    /** The learner as far as the event knows; the language is left to the LMS ({@code pref-lang}). */
    public Learner learner() {
        return new Learner(userId, username, name, email, null, mode, grade);
    }

    /**
     * The grade is a string in this event; one we cannot read, or out of all proportion ({@code 1e999999999}), is
     * unknown rather than a reason to lose the event. Its size is bounded before any arithmetic.
     */
    static BigDecimal grade(String text) {
        if (text == null) {
            return null;
        }
        try {
            BigDecimal value = WebhookPayload.boundedDecimal(text.strip().replace("%", ""), "grade");
            BigDecimal fraction = value.compareTo(BigDecimal.ONE) > 0 ? value.movePointLeft(2) : value;
            return fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0 ? null
                    : fraction.scale() > 5 ? fraction.setScale(5, java.math.RoundingMode.HALF_UP) : fraction;
        } catch (MalformedPayloadException e) {
            return null;
        }
    }

    private static String lower(String text) {
        if (text == null) {
            return null;
        }
        String word = text.length() > MAX_STATUS ? text.substring(0, MAX_STATUS) : text;
        return word.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        // No username, email or name: this may be logged.
        return "OpenedxCertificateEvent[" + type + ", user " + userId + ", " + courseKey + ", status " + currentStatus
                + "]";
    }
}
