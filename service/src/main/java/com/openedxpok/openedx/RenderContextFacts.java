package com.openedxpok.openedx;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import com.openedxpok.kernel.CourseFacts.Signatory;

/**
 * What a certificate render context ({@code org.openedx.learning.certificate.render.started.v1}) tells us beyond the
 * learner and course ids: the course's certificate title and organization, the platform's name and the signatories,
 * remembered for issuance; and the learner's display name, language and mode, for a certificate queued from the render
 * path. Every field may be null; the signatories list is never null.
 *
 * @param courseTitle      {@code certificate_data.course_title}: the title the Open edX certificate shows
 * @param courseName       {@code accomplishment_copy_course_name}: the course's display name
 * @param organizationName {@code organization_long_name}
 * @param platformName     {@code platform_name}
 * @param signatories      {@code certificate_data.signatories} (in form mode read from the Python text the plugin sends)
 * @param learnerName      {@code accomplishment_copy_name}
 * @param userLanguage     {@code user_language}
 * @param courseMode       {@code course_mode}
 */
public record RenderContextFacts(
        String courseTitle,
        String courseName,
        String organizationName,
        String platformName,
        List<Signatory> signatories,
        String learnerName,
        String userLanguage,
        String courseMode) {

    public RenderContextFacts {
        courseTitle = clean(courseTitle);
        courseName = clean(courseName);
        organizationName = clean(organizationName);
        platformName = clean(platformName);
        signatories = signatories == null ? List.of() : List.copyOf(signatories);
        learnerName = clean(learnerName);
        userLanguage = clean(userLanguage);
        courseMode = clean(courseMode);
    }


    /** The signatories of a {@code certificate_data.signatories} list (from JSON, or read from the form's repr). */
    public static List<Signatory> signatories(JsonNode people) {
        List<Signatory> signatories = new ArrayList<>();
        if (people != null && people.isArray()) {
            for (JsonNode person : people) {
                String name = text(person, "name");
                if (name != null) {
                    signatories.add(new Signatory(name, text(person, "title"), text(person, "organization")));
                }
            }
        }
        return signatories;
    }

    /** What belongs to the course (not to the learner viewing it): what {@code course_info} remembers. */
    CourseInfo.Observation courseObservation() {
        return new CourseInfo.Observation(courseTitle, courseName, organizationName, null, platformName, signatories);
    }

    @Override
    public String toString() {
        // The learner's name stays out of any log line.
        return "RenderContextFacts[courseTitle=" + courseTitle + ", organizationName=" + organizationName
                + ", signatories=" + signatories.size() + "]";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null || !node.isObject() ? null : node.get(field);
        return value == null || value.isNull() || value.isContainer() ? null : value.asString();
    }

    /** Python's str(None) is how a missing value looks in a flattened payload. Lengths: see RenderContext. */
    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.isEmpty() || stripped.equals("None")) {
            return null;
        }
        return stripped;
    }
}
