package com.openedxpok.coursetemplate.web;

import com.openedxpok.web.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.GradeFormat;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.InvalidCourseKeyException;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.kernel.Texts;

/**
 * A course template as an operator submits it (console form or REST API), before it is checked.
 *
 * @param emissionType {@code pok} (default) or {@code blockchain}
 * @param parameters   how each custom parameter of the POK template gets its value; a parameter without a source
 *                     (or with {@code auto}) is filled by its name at issue time
 */
public record CourseTemplateInput(
        String courseKey,
        String templateId,
        String emissionType,
        String pageId,
        String titleOverride,
        String emitterOverride,
        Boolean skipAcceptance,
        Boolean enabled,
        List<ParameterInput> parameters) {

    /** The source that means "no mapping: by the parameter's name". */
    public static final String AUTO = "auto";

    /**
     * @param keyBy  {@code id} (default) or {@code label}: under which POK receives the value
     * @param source a {@link ParameterSource} key ({@code grade}, {@code constant}, …) or {@code auto}
     * @param gradeFormat {@code percent} (default, {@code 87%}) or {@code number} ({@code 87}, as openedx-pok 1.x)
     */
    public record ParameterInput(String parameterId, String parameterLabel, String keyBy, String source,
            String constantValue, String gradeFormat) {

        public ParameterInput(String parameterId, String parameterLabel, String keyBy, String source,
                String constantValue) {
            this(parameterId, parameterLabel, keyBy, source, constantValue, null);
        }
    }

    public CourseTemplateInput {
        parameters = parameters == null ? List.of() : parameters.stream().filter(p -> p != null).toList();
    }

    public CourseKey parsedCourseKey() {
        try {
            return CourseKey.parse(courseKey);
        } catch (InvalidCourseKeyException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    public EmissionType parsedEmissionType() {
        if (emissionType == null || emissionType.isBlank()) {
            return EmissionType.POK;
        }
        return EmissionType.fromWire(emissionType).orElseThrow(() -> new InvalidInputException(
                "The emission type is pok or blockchain, not '" + emissionType + "'"));
    }

    /** The mappings that were given (parameters left to "auto" are not stored). */
    public List<ParameterMapping> mappings() {
        List<ParameterMapping> mappings = new ArrayList<>();
        for (ParameterInput p : parameters) {
            if (p.source() == null || p.source().isBlank() || p.source().equals(AUTO)) {
                continue;
            }
            ParameterSource source = ParameterSource.fromKey(p.source().strip()).orElseThrow(
                    () -> new InvalidInputException("'" + p.source() + "' is not a parameter source"));
            ParameterMapping.KeyBy keyBy = p.keyBy() == null || p.keyBy().isBlank() ? ParameterMapping.KeyBy.ID
                    : switch (p.keyBy().strip().toLowerCase(Locale.ROOT)) {
                        case "id" -> ParameterMapping.KeyBy.ID;
                        case "label" -> ParameterMapping.KeyBy.LABEL;
                        default -> throw new InvalidInputException("keyBy is id or label, not '" + p.keyBy() + "'");
                    };
            GradeFormat gradeFormat = p.gradeFormat() == null || p.gradeFormat().isBlank() ? GradeFormat.PERCENT
                    : GradeFormat.fromKey(p.gradeFormat()).orElseThrow(() -> new InvalidInputException(
                            "gradeFormat is percent (87%) or number (87), not '" + p.gradeFormat() + "'"));
            try {
                mappings.add(new ParameterMapping(Texts.blankToNull(p.parameterId()),
                        Texts.blankToNull(p.parameterLabel()), keyBy, source,
                        source == ParameterSource.CONSTANT ? Texts.blankToNull(p.constantValue()) : null, gradeFormat));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
        }
        long distinct = mappings.stream().map(ParameterMapping::parameterId).distinct().count();
        if (distinct < mappings.size()) {
            throw new InvalidInputException("A template parameter is mapped twice");
        }
        return mappings;
    }

    /** The course template this input describes, checked. */
    public CourseTemplate toCourseTemplate(long id) {
        if (templateId == null || templateId.isBlank()) {
            throw new InvalidInputException("Choose the POK template");
        }
        checkLength(templateId, 255, "The template id");
        checkLength(pageId, 255, "The page id");
        checkLength(titleOverride, 500, "The title");
        checkLength(emitterOverride, 500, "The issuer name");
        return new CourseTemplate(id, parsedCourseKey(), templateId.strip(), parsedEmissionType(),
                Texts.blankToNull(pageId), Texts.blankToNull(titleOverride), Texts.blankToNull(emitterOverride),
                skipAcceptance == null || skipAcceptance,
                enabled == null || enabled, mappings(), null, null);
    }

    private static void checkLength(String value, int max, String what) {
        if (value != null && value.strip().length() > max) {
            throw new InvalidInputException(what + " has at most " + max + " characters");
        }
    }
}
