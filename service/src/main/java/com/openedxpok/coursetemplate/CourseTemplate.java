package com.openedxpok.coursetemplate;

import java.time.Instant;
import java.util.List;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;

/**
 * The link between an Open edX course and the POK template its certificates are issued with. One per course.
 *
 * @param titleOverride   certificate title to use instead of the course's own title (may be empty)
 * @param emitterOverride issuer name to use instead of the POK organization's name (may be empty)
 */
public record CourseTemplate(
        long id,
        CourseKey courseKey,
        String templateId,
        EmissionType emissionType,
        String pageId,
        String titleOverride,
        String emitterOverride,
        boolean skipAcceptance,
        boolean enabled,
        List<ParameterMapping> parameters,
        Instant createdAt,
        Instant modifiedAt) {

    public CourseTemplate {
        if (courseKey == null) {
            throw new IllegalArgumentException("A course template needs a course key");
        }
        if (templateId == null || templateId.isBlank()) {
            throw new IllegalArgumentException("A course template needs a POK template id");
        }
        emissionType = emissionType == null ? EmissionType.POK : emissionType;
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }

    /** A template not yet stored, with the usual defaults (pok emission, skip acceptance, enabled). */
    public static CourseTemplate draft(CourseKey courseKey, String templateId) {
        return new CourseTemplate(0, courseKey, templateId, EmissionType.POK, null, null, null, true, true, List.of(),
                null, null);
    }
}
