package com.openedxpok.rendering;

import java.util.List;

import com.openedxpok.kernel.CourseFacts;
import com.openedxpok.openedx.RenderContextFacts;

/**
 * The few fields of the render webfilter's {@code context} that we use, read at the boundary. The rest of the payload
 * (which carries much personal data) is never kept, logged or echoed. Every field may be null.
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

    public RenderContext {
        signatories = signatories == null ? List.of() : List.copyOf(signatories);
    }

    /** What this view tells us about the course and the learner, for issuance. */
    public RenderContextFacts facts() {
        return new RenderContextFacts(courseTitle, courseName, organizationName, platformName, signatories,
                learnerName, userLanguage, courseMode);
    }
}
