package com.openedxpok.rendering;

import java.util.Optional;

import org.springframework.stereotype.Component;

import com.openedxpok.openedx.MalformedPayloadException;
import com.openedxpok.openedx.RenderContextFacts;
import com.openedxpok.openedx.WebhookPayload;

/**
 * Reads the render webfilter's payload into a {@link RenderContext}, through {@link WebhookPayload} (which accepts
 * every shape openedx-webhooks sends). Display strings are capped: longer ones are not Open edX's.
 */
@Component
class RenderPayloadReader {

    /** Display strings longer than this are not Open edX's; cut them rather than carry them into a page. */
    static final int MAX_FIELD_LENGTH = 1000;

    /** @throws MalformedPayloadException when the body is neither a JSON object nor a form */
    RenderContext read(byte[] body) {
        WebhookPayload payload = WebhookPayload.parse(body);
        return new RenderContext(
                text(payload, "accomplishment_user_id").flatMap(RenderPayloadReader::userId).orElse(null),
                text(payload, "course_id").orElse(null),
                text(payload, "user_language").orElse(null),
                text(payload, "platform_name").orElse(null),
                text(payload, "logo_src").orElse(null),
                text(payload, "accomplishment_copy_name").orElse(null),
                text(payload, "certificate_data", "course_title").orElse(null),
                text(payload, "accomplishment_copy_course_name").orElse(null),
                text(payload, "organization_long_name").orElse(null),
                text(payload, "accomplishment_copy_course_org").orElse(null),
                text(payload, "course_mode").orElse(null),
                text(payload, "username").orElse(null),
                RenderContextFacts.signatories(payload.list("context", "certificate_data", "signatories")),
                text(payload, "certificate_id_number").orElse(null),
                text(payload, "logo_url").orElse(null));
    }

    /** A context field; a field of the wrong shape counts as absent (this path never refuses a learner's page). */
    private static Optional<String> text(WebhookPayload payload, String... path) {
        String[] full = new String[path.length + 1];
        full[0] = "context";
        System.arraycopy(path, 0, full, 1, path.length);
        try {
            return payload.text(full).map(v -> v.length() > MAX_FIELD_LENGTH ? v.substring(0, MAX_FIELD_LENGTH) : v);
        } catch (MalformedPayloadException wrongShape) {
            return Optional.empty();
        }
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
}
