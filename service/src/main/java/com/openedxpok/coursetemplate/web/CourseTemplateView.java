package com.openedxpok.coursetemplate.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.openedxpok.coursetemplate.CourseTemplate;

/** A course template in the REST API: the same fields as the input, plus id and times. */
record CourseTemplateView(long id, String courseKey, String templateId, String emissionType, String pageId,
        String titleOverride, String emitterOverride, boolean skipAcceptance, boolean enabled,
        List<Parameter> parameters, Instant createdAt, Instant modifiedAt) {

    record Parameter(String parameterId, String parameterLabel, String keyBy, String source, String constantValue,
            String gradeFormat) {
    }

    static CourseTemplateView of(CourseTemplate t) {
        return new CourseTemplateView(t.id(), t.courseKey().value(), t.templateId(), t.emissionType().wireValue(),
                t.pageId(), t.titleOverride(), t.emitterOverride(), t.skipAcceptance(), t.enabled(),
                t.parameters().stream().map(p -> new Parameter(p.parameterId(), p.parameterLabel(),
                        p.keyBy().name().toLowerCase(Locale.ROOT), p.source().key(), p.constantValue(),
                        p.gradeFormat().key())).toList(),
                t.createdAt(), t.modifiedAt());
    }
}
