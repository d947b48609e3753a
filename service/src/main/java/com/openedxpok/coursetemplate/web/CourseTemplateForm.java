package com.openedxpok.coursetemplate.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.pok.PokTemplate;

/**
 * The course template form as the browser posts it. A JavaBean (not a record) because Spring binds checkboxes and
 * indexed rows ({@code parameters[0].source}) into it, and Thymeleaf's {@code th:field} reads it back.
 */
public class CourseTemplateForm {

    private String courseKey;
    private String templateId;
    private String emissionType = "pok";
    private String pageId;
    private String titleOverride;
    private String emitterOverride;
    private boolean skipAcceptance = true;
    private boolean enabled = true;
    private List<Row> parameters = new ArrayList<>();

    /** One custom parameter of the chosen POK template and where its value comes from. */
    public static class Row {
        private String parameterId;
        private String parameterLabel;
        private String keyBy = "id";
        private String source = CourseTemplateInput.AUTO;
        private String constantValue;
        private String gradeFormat = "percent";

        public Row() {
        }

        Row(String parameterId, String parameterLabel, String keyBy, String source, String constantValue) {
            this.parameterId = parameterId;
            this.parameterLabel = parameterLabel;
            this.keyBy = keyBy;
            this.source = source;
            this.constantValue = constantValue;
        }

        public String getParameterId() { return parameterId; }
        public void setParameterId(String parameterId) { this.parameterId = parameterId; }
        public String getParameterLabel() { return parameterLabel; }
        public void setParameterLabel(String parameterLabel) { this.parameterLabel = parameterLabel; }
        public String getKeyBy() { return keyBy; }
        public void setKeyBy(String keyBy) { this.keyBy = keyBy; }
        public String getSource() { return source; }
        public void setSource(String source) { this.source = source; }
        public String getConstantValue() { return constantValue; }
        public void setConstantValue(String constantValue) { this.constantValue = constantValue; }
        Row gradeFormat(String format) {
            this.gradeFormat = format;
            return this;
        }

        public String getGradeFormat() { return gradeFormat; }
        public void setGradeFormat(String gradeFormat) { this.gradeFormat = gradeFormat; }
    }

    static CourseTemplateForm of(CourseTemplate t) {
        CourseTemplateForm form = new CourseTemplateForm();
        form.courseKey = t.courseKey().value();
        form.templateId = t.templateId();
        form.emissionType = t.emissionType().wireValue();
        form.pageId = t.pageId();
        form.titleOverride = t.titleOverride();
        form.emitterOverride = t.emitterOverride();
        form.skipAcceptance = t.skipAcceptance();
        form.enabled = t.enabled();
        for (ParameterMapping p : t.parameters()) {
            form.parameters.add(new Row(p.parameterId(), p.parameterLabel(), p.keyBy().name().toLowerCase(Locale.ROOT),
                    p.source().key(), p.constantValue()).gradeFormat(p.gradeFormat().key()));
        }
        return form;
    }

    CourseTemplateInput toInput() {
        return new CourseTemplateInput(courseKey, templateId, emissionType, pageId, titleOverride, emitterOverride,
                skipAcceptance, enabled, parameters.stream().map(r -> new CourseTemplateInput.ParameterInput(
                        r.parameterId, r.parameterLabel, r.keyBy, r.source, r.constantValue, r.gradeFormat)).toList());
    }

    /**
     * One row per custom parameter of {@code template}, keeping what the operator already chose for a parameter of
     * the same id; a new parameter whose name says where its value comes from starts with that source.
     */
    void alignWith(Optional<PokTemplate> template) {
        if (template.isEmpty()) {
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (PokTemplate.CustomParameter p : template.get().customParameters()) {
            Optional<Row> kept = parameters.stream().filter(r -> p.id().equals(r.parameterId)).findFirst();
            rows.add(kept.map(r -> new Row(p.id(), p.label(), r.keyBy, r.source, r.constantValue).gradeFormat(r.gradeFormat))
                    .orElseGet(() -> new Row(p.id(), p.label(), "id", guess(p), null)));
        }
        parameters = rows;
    }

    private static final Map<String, ParameterSource> BY_NAME = Map.of(
            "grade", ParameterSource.GRADE,
            "platform", ParameterSource.PLATFORM_NAME,
            "platform_name", ParameterSource.PLATFORM_NAME,
            "course_title", ParameterSource.COURSE_TITLE,
            "course", ParameterSource.COURSE_TITLE,
            "signatory_name", ParameterSource.SIGNATORY_1_NAME,
            "signatory_title", ParameterSource.SIGNATORY_1_TITLE,
            "signatory_organization", ParameterSource.SIGNATORY_1_ORGANIZATION,
            "mode", ParameterSource.MODE);

    private static String guess(PokTemplate.CustomParameter p) {
        String name = p.id().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        ParameterSource source = BY_NAME.get(name);
        return source == null ? CourseTemplateInput.AUTO : source.key();
    }

    public String getCourseKey() { return courseKey; }
    public void setCourseKey(String courseKey) { this.courseKey = courseKey; }
    public String getTemplateId() { return templateId; }
    public void setTemplateId(String templateId) { this.templateId = templateId; }
    public String getEmissionType() { return emissionType; }
    public void setEmissionType(String emissionType) { this.emissionType = emissionType; }
    public String getPageId() { return pageId; }
    public void setPageId(String pageId) { this.pageId = pageId; }
    public String getTitleOverride() { return titleOverride; }
    public void setTitleOverride(String titleOverride) { this.titleOverride = titleOverride; }
    public String getEmitterOverride() { return emitterOverride; }
    public void setEmitterOverride(String emitterOverride) { this.emitterOverride = emitterOverride; }
    public boolean isSkipAcceptance() { return skipAcceptance; }
    public void setSkipAcceptance(boolean skipAcceptance) { this.skipAcceptance = skipAcceptance; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public List<Row> getParameters() { return parameters; }
    public void setParameters(List<Row> parameters) { this.parameters = parameters; }
}
