package com.openedxpok.importing;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.InvalidCourseKeyException;
import com.openedxpok.kernel.EmissionType;

/** One row of the export of {@code openedx_pok_certificatetemplate}: which POK template a course issued with. */
record ExportedTemplate(CourseKey courseKey, String templateId, EmissionType emissionType, String pageId) {

    static final List<String> REQUIRED = List.of("course_id", "template_id");

    static ExportedTemplate read(Map<String, Integer> columns, int headerSize, List<String> fields)
            throws ExportedCertificate.Refused {
        if (fields.size() != headerSize) {
            throw new ExportedCertificate.Refused("has " + fields.size() + " fields; the header has " + headerSize);
        }
        CourseKey courseKey;
        try {
            courseKey = CourseKey.parse(fields.get(columns.get("course_id")));
        } catch (InvalidCourseKeyException e) {
            throw new ExportedCertificate.Refused(e.getMessage());
        }
        String templateId = fields.get(columns.get("template_id"));
        if (templateId == null || templateId.isBlank() || templateId.strip().length() > 255) {
            throw new ExportedCertificate.Refused("template_id is empty or longer than 255 characters");
        }
        Integer emissionColumn = columns.get("emission_type");
        String emissionText = emissionColumn == null ? null : fields.get(emissionColumn);
        EmissionType emissionType = emissionText == null || emissionText.isBlank() ? EmissionType.POK
                : EmissionType.fromWire(emissionText.strip()).orElseThrow(() -> new ExportedCertificate.Refused(
                        "emission_type '" + emissionText + "' is neither pok nor blockchain"));
        Integer pageColumn = columns.get("page_id");
        String page = pageColumn == null ? null : fields.get(pageColumn);
        return new ExportedTemplate(courseKey, templateId.strip(), emissionType,
                page == null || page.isBlank() ? null : page.strip());
    }

    /** A course template here for it, with the usual defaults (enabled, acceptance skipped). */
    CourseTemplate toCourseTemplate() {
        return new CourseTemplate(0, courseKey, templateId, emissionType, pageId, null, null, true, true, List.of(),
                null, null);
    }

    /** Whether the course's template here issues the same way (the other settings are ours alone). */
    boolean sameAs(CourseTemplate existing) {
        return existing.templateId().equals(templateId) && existing.emissionType() == emissionType
                && Objects.equals(existing.pageId(), pageId);
    }
}
