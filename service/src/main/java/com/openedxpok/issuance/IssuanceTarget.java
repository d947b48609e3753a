package com.openedxpok.issuance;

import java.util.List;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.kernel.EmissionType;

/**
 * What a course's certificates are issued with: its own course template, or the default template from the settings.
 */
public record IssuanceTarget(String templateId, EmissionType emissionType, String pageId, String titleOverride,
        String emitterOverride, boolean skipAcceptance, List<ParameterMapping> parameters, boolean courseTemplate) {

    public static IssuanceTarget of(CourseTemplate template, String defaultPageId) {
        return new IssuanceTarget(template.templateId(), template.emissionType(),
                template.pageId() != null ? template.pageId() : defaultPageId, template.titleOverride(),
                template.emitterOverride(), template.skipAcceptance(), template.parameters(), true);
    }

    public static IssuanceTarget defaultTemplate(String templateId, String pageId) {
        return new IssuanceTarget(templateId, EmissionType.POK, pageId, null, null, true, List.of(), false);
    }
}
