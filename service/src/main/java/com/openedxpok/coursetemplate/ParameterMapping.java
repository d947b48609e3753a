package com.openedxpok.coursetemplate;

/**
 * How one custom parameter of a POK template is filled for a course.
 *
 * @param parameterId    the parameter's id in the POK template
 * @param parameterLabel its label in the POK template (may be empty)
 * @param keyBy          whether the value is sent to POK under the parameter's id or its label (public clients
 *                       disagree on which POK expects; id is the default)
 * @param constantValue  the text for {@link ParameterSource#CONSTANT}, otherwise empty
 * @param gradeFormat    how a {@link ParameterSource#GRADE} value is written ({@code 87%} or {@code 87}); null is
 *                       {@link GradeFormat#PERCENT}
 */
public record ParameterMapping(
        String parameterId,
        String parameterLabel,
        KeyBy keyBy,
        ParameterSource source,
        String constantValue,
        GradeFormat gradeFormat) {

    /** A mapping whose grade, if it is one, is written as a percentage ({@code 87%}). */
    public ParameterMapping(String parameterId, String parameterLabel, KeyBy keyBy, ParameterSource source,
            String constantValue) {
        this(parameterId, parameterLabel, keyBy, source, constantValue, GradeFormat.PERCENT);
    }

    public enum KeyBy {
        ID, LABEL
    }

    public ParameterMapping {
        if (parameterId == null || parameterId.isBlank()) {
            throw new IllegalArgumentException("A template parameter needs its POK parameter id");
        }
        if (source == null) {
            throw new IllegalArgumentException("Parameter '" + parameterId + "' needs a source");
        }
        if (source == ParameterSource.CONSTANT && (constantValue == null || constantValue.isBlank())) {
            throw new IllegalArgumentException("Parameter '" + parameterId + "' is a constant but has no text");
        }
        keyBy = keyBy == null ? KeyBy.ID : keyBy;
        gradeFormat = gradeFormat == null ? GradeFormat.PERCENT : gradeFormat;
    }

    /** The key under which POK receives this parameter's value. */
    public String wireKey() {
        return keyBy == KeyBy.LABEL && parameterLabel != null && !parameterLabel.isBlank() ? parameterLabel : parameterId;
    }
}
