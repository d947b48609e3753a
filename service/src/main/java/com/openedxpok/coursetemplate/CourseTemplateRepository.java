package com.openedxpok.coursetemplate;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;

/** Reads and writes {@code course_template} with its parameter mappings; a template is always saved whole. */
@Repository
public class CourseTemplateRepository {

    private static final String COLUMNS = "id, course_key, template_id, emission_type, page_id, title_override, "
            + "emitter_override, skip_acceptance, enabled, created_at, modified_at";

    private final JdbcClient jdbc;

    public CourseTemplateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CourseTemplate> findByCourse(CourseKey courseKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM course_template WHERE course_key = :courseKey")
                .param("courseKey", courseKey.value())
                .query(CourseTemplateRepository::mapWithoutParameters).optional()
                .map(t -> withParameters(t, parametersOf(List.of(t.id())).getOrDefault(t.id(), List.of())));
    }

    public Optional<CourseTemplate> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM course_template WHERE id = :id")
                .param("id", id)
                .query(CourseTemplateRepository::mapWithoutParameters).optional()
                .map(t -> withParameters(t, parametersOf(List.of(t.id())).getOrDefault(t.id(), List.of())));
    }

    public List<CourseTemplate> findAll() {
        List<CourseTemplate> templates = jdbc.sql("SELECT " + COLUMNS + " FROM course_template ORDER BY course_key")
                .query(CourseTemplateRepository::mapWithoutParameters).list();
        if (templates.isEmpty()) {
            return templates;
        }
        Map<Long, List<ParameterMapping>> parameters = parametersOf(templates.stream().map(CourseTemplate::id).toList());
        return templates.stream().map(t -> withParameters(t, parameters.getOrDefault(t.id(), List.of()))).toList();
    }

    /** The values of the columns an insert and an update both write. */
    private static java.util.Map<String, Object> columns(CourseTemplate template, Instant now) {
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        values.put("templateId", template.templateId());
        values.put("emissionType", template.emissionType().wireValue());
        values.put("pageId", template.pageId());
        values.put("title", template.titleOverride());
        values.put("emitter", template.emitterOverride());
        values.put("skipAcceptance", template.skipAcceptance());
        values.put("enabled", template.enabled());
        values.put("now", toDb(now));
        return values;
    }

    /** Stores a new template. @throws DuplicateCourseTemplateException if the course already has one */
    @Transactional
    public CourseTemplate insert(CourseTemplate template, Instant now) {
        if (findByCourse(template.courseKey()).isPresent()) {
            throw new DuplicateCourseTemplateException(template.courseKey());
        }
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("INSERT INTO course_template (course_key, template_id, emission_type, page_id, title_override, "
                            + "emitter_override, skip_acceptance, enabled, created_at, modified_at) VALUES (:courseKey, "
                            + ":templateId, :emissionType, :pageId, :title, :emitter, :skipAcceptance, :enabled, :now, :now)")
                    .params(columns(template, now))
                    .param("courseKey", template.courseKey().value())
                    .update(keys, "id");
        } catch (DuplicateKeyException raceLost) {
            throw new DuplicateCourseTemplateException(template.courseKey());
        }
        long id = keys.getKey().longValue();
        insertParameters(id, template.parameters());
        return findById(id).orElseThrow();
    }

    /** Replaces every field and parameter of an existing template; the course key cannot change. */
    @Transactional
    public Optional<CourseTemplate> update(CourseTemplate template, Instant now) {
        int rows = jdbc.sql("UPDATE course_template SET template_id = :templateId, emission_type = :emissionType, "
                        + "page_id = :pageId, title_override = :title, emitter_override = :emitter, "
                        + "skip_acceptance = :skipAcceptance, enabled = :enabled, modified_at = :now WHERE id = :id")
                .params(columns(template, now))
                .param("id", template.id())
                .update();
        if (rows == 0) {
            return Optional.empty();
        }
        jdbc.sql("DELETE FROM course_template_parameter WHERE course_template_id = :id").param("id", template.id()).update();
        insertParameters(template.id(), template.parameters());
        return findById(template.id());
    }

    @Transactional
    public boolean delete(long id) {
        jdbc.sql("DELETE FROM course_template_parameter WHERE course_template_id = :id").param("id", id).update();
        return jdbc.sql("DELETE FROM course_template WHERE id = :id").param("id", id).update() == 1;
    }

    private void insertParameters(long templateId, List<ParameterMapping> parameters) {
        for (ParameterMapping p : parameters) {
            jdbc.sql("INSERT INTO course_template_parameter (course_template_id, parameter_id, parameter_label, key_by, "
                            + "source, constant_value, grade_format) VALUES (:templateId, :parameterId, :label, :keyBy, :source, "
                            + ":constant, :gradeFormat)")
                    .param("templateId", templateId)
                    .param("parameterId", p.parameterId())
                    .param("label", p.parameterLabel())
                    .param("keyBy", p.keyBy().name().toLowerCase())
                    .param("source", p.source().key())
                    .param("constant", p.constantValue())
                    .param("gradeFormat", p.gradeFormat().key())
                    .update();
        }
    }

    private Map<Long, List<ParameterMapping>> parametersOf(List<Long> templateIds) {
        return jdbc.sql("SELECT course_template_id, parameter_id, parameter_label, key_by, source, constant_value, "
                        + "grade_format "
                        + "FROM course_template_parameter WHERE course_template_id IN (:ids) ORDER BY id")
                .param("ids", templateIds)
                .query((rs, n) -> Map.entry(rs.getLong("course_template_id"), new ParameterMapping(
                        rs.getString("parameter_id"), rs.getString("parameter_label"),
                        ParameterMapping.KeyBy.valueOf(rs.getString("key_by").toUpperCase()),
                        source(rs.getString("source")), rs.getString("constant_value"),
                        GradeFormat.fromKey(rs.getString("grade_format")).orElse(GradeFormat.PERCENT))))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    private static ParameterSource source(String key) {
        return ParameterSource.fromKey(key).orElseThrow(() -> new IllegalStateException(
                "course_template_parameter holds an unknown source '" + key + "' (written by a newer version?)"));
    }

    private static CourseTemplate withParameters(CourseTemplate t, List<ParameterMapping> parameters) {
        return new CourseTemplate(t.id(), t.courseKey(), t.templateId(), t.emissionType(), t.pageId(),
                t.titleOverride(), t.emitterOverride(), t.skipAcceptance(), t.enabled(), parameters, t.createdAt(),
                t.modifiedAt());
    }

    private static CourseTemplate mapWithoutParameters(ResultSet rs, int rowNum) throws SQLException {
        return new CourseTemplate(rs.getLong("id"), CourseKey.parse(rs.getString("course_key")),
                rs.getString("template_id"), EmissionType.fromWire(rs.getString("emission_type")).orElse(EmissionType.POK),
                rs.getString("page_id"), rs.getString("title_override"), rs.getString("emitter_override"),
                rs.getBoolean("skip_acceptance"), rs.getBoolean("enabled"), List.of(),
                fromDb(rs.getObject("created_at", LocalDateTime.class)),
                fromDb(rs.getObject("modified_at", LocalDateTime.class)));
    }
}
