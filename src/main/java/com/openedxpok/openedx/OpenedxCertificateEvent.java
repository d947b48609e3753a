package com.openedxpok.openedx;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.openedxpok.issuance.Learner;

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
        if (userId <= 0) {
            throw new MalformedPayloadException(DATA + ".user.id must be a positive number");
        }
        CourseKey courseKey;
        try {
            courseKey = CourseKey.parse(payload.text(DATA, "course", "course_key")
                    .orElseThrow(() -> new MalformedPayloadException(DATA + ".course.course_key is missing")));
        } catch (InvalidCourseKeyException e) {
            throw new MalformedPayloadException(e.getMessage());
        }
        return new OpenedxCertificateEvent(type, userId,
                payload.text(DATA, "user", "pii", "username").orElse(null),
                payload.text(DATA, "user", "pii", "email").orElse(null),
                payload.text(DATA, "user", "pii", "name").orElse(null),
                courseKey,
                payload.text(DATA, "course", "display_name").orElse(null),
                payload.text(DATA, "mode").orElse(null),
                grade(payload.text(DATA, "grade").orElse(null)),
                lower(payload.text(DATA, "current_status").orElse(null)),
                lower(payload.text(DATA, "previous_status").orElse(null)),
                PythonDateTime.parse(payload.text("event_metadata", "time").orElse(null)).orElse(null));
    }

    /** Open edX's passing statuses ({@code CertificateStatuses.PASSED_STATUSES}). */
    public boolean passing() {
        return "downloadable".equals(currentStatus) || "generating".equals(currentStatus);
    }

    /** The learner as far as the event knows; the language is left to the LMS ({@code pref-lang}). */
    public Learner learner() {
        return new Learner(userId, username, name, email, null, mode, grade);
    }

    /** The grade is a string in this event; one we cannot read is unknown rather than a reason to lose the event. */
    static BigDecimal grade(String text) {
        if (text == null) {
            return null;
        }
        try {
            BigDecimal value = new BigDecimal(text.strip().replace("%", ""));
            BigDecimal fraction = value.compareTo(BigDecimal.ONE) > 0 ? value.movePointLeft(2) : value;
            return fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0 ? null : fraction;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        // No username, email or name: this may be logged.
        return "OpenedxCertificateEvent[" + type + ", user " + userId + ", " + courseKey + ", status " + currentStatus
                + "]";
    }
}
