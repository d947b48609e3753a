package com.openedxpok.rendering;

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
 * @param courseMode       {@code course_mode}: unused today; kept for the seam that will queue a missing certificate
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
        String courseMode) {
}
