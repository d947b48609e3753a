package com.openedxpok.openedx;

import java.util.List;
import java.util.Optional;

import com.openedxpok.kernel.CourseFacts;

/**
 * The few fields of the render webfilter's {@code context} that we use, read once at the boundary (through
 * {@link WebhookPayload}, which accepts every shape openedx-webhooks sends). The rest of the payload (which carries
 * much personal data) is never kept, logged or echoed. Every field may be null; display strings are capped at
 * {@link #MAX_FIELD_LENGTH}.
 *
 * @param userId           {@code accomplishment_user_id}: the learner whose certificate is viewed
 * @param courseId         {@code course_id}, not yet validated
 * @param userLanguage     {@code user_language}, as Open edX sends it ({@code es}, {@code pt-br}, …)
 * @param learnerName      {@code accomplishment_copy_name}
 * @param courseTitle      {@code certificate_data.course_title}
 * @param courseName       {@code accomplishment_copy_course_name}
 * @param organizationName {@code organization_long_name}
 * @param courseOrg        {@code accomplishment_copy_course_org}
 * @param courseMode       {@code course_mode}
 * @param username         {@code username}
 * @param signatories      {@code certificate_data.signatories} (from the Python text the plugin sends in form mode too)
 * @param certificateIdNumber {@code certificate_id_number}: the viewed Open edX certificate's {@code verify_uuid}, or
 *                         a throw-away uuid when course staff preview the certificate from Studio
 * @param lmsRootUrl       {@code logo_url}: edx-platform's certificate view sets it to the LMS's base URL (the header
 *                         logo's link), for example {@code https://lms.example.org}
 */
public record RenderContext(
        Long userId,
        String courseId,
        String userLanguage,
        String platformName,
        String logoSrc,
        String learnerName,
        String courseTitle,
        String courseName,
        String organizationName,
        String courseOrg,
        String courseMode,
        String username,
        List<CourseFacts.Signatory> signatories,
        String certificateIdNumber,
        String lmsRootUrl) {

    /** Display strings longer than this are not Open edX's; cut them rather than carry them into a page. */
    public static final int MAX_FIELD_LENGTH = 1000;

    public RenderContext {
        signatories = signatories == null ? List.of() : List.copyOf(signatories);
    }

    /**
     * Reads the render webfilter's payload. A field of the wrong shape counts as absent: this path never refuses a
     * learner's page.
     *
     * @throws MalformedPayloadException when the body is neither a JSON object nor a form
     */
    public static RenderContext read(byte[] body) {
        WebhookPayload payload = WebhookPayload.parse(body);
        return new RenderContext(
                text(payload, "accomplishment_user_id").flatMap(RenderContext::userId).orElse(null),
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

    /** What this view tells us about the course and the learner, for issuance. */
    public RenderContextFacts facts() {
        return new RenderContextFacts(courseTitle, courseName, organizationName, platformName, signatories,
                learnerName, userLanguage, courseMode);
    }

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
