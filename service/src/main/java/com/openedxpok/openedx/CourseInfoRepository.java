package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.openedxpok.kernel.CourseFacts;
import com.openedxpok.kernel.CourseFacts.Signatory;
import com.openedxpok.kernel.Texts;

/** Reads and writes {@code course_info}. Signatories are kept as a small JSON list. */
@Repository
public class CourseInfoRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "course_key, certificate_title, display_name, organization_name, display_org, "
            + "platform_name, signatories, modified_at";
    private static final String SELECTED = COLUMNS + ", issued_title, issued_emitter";

    private final JdbcClient jdbc;

    public CourseInfoRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CourseInfo> find(CourseKey courseKey) {
        return jdbc.sql("SELECT " + SELECTED + " FROM course_info WHERE course_key = :courseKey")
                .param("courseKey", courseKey.value()).query(CourseInfoRepository::map).optional();
    }

    /**
     * The platform's name as Open edX last told it for any course: one platform serves every course, so a name
     * learned from one course's certificate page is the platform's.
     */
    public Optional<String> latestPlatformName() {
        return jdbc.sql("SELECT platform_name FROM course_info WHERE platform_name IS NOT NULL "
                + "ORDER BY modified_at DESC LIMIT 1").query(String.class).optional();
    }

    /**
     * Keeps the title and emitter a course's certificate is submitted with, per field only if none is kept yet (the
     * first writer wins, whatever the race), and returns what is kept now. Never touches the facts.
     */
    public CourseFacts.Issued keep(CourseKey courseKey, CourseFacts.Issued used, Instant now) {
        if (find(courseKey).isEmpty()) {
            try {
                jdbc.sql("INSERT INTO course_info (course_key, modified_at) VALUES (:courseKey, :now)")
                        .param("courseKey", courseKey.value()).param("now", toDb(now)).update();
            } catch (DuplicateKeyException raceLost) {
                // someone stored this course's facts or its kept values first: the row exists either way
            }
        }
        if (used.title() != null) {
            jdbc.sql("UPDATE course_info SET issued_title = :title WHERE course_key = :courseKey AND issued_title IS NULL")
                    .param("title", Texts.cut(used.title(), 500)).param("courseKey", courseKey.value()).update();
        }
        if (used.emitter() != null) {
            jdbc.sql("UPDATE course_info SET issued_emitter = :emitter WHERE course_key = :courseKey "
                            + "AND issued_emitter IS NULL")
                    .param("emitter", Texts.cut(used.emitter(), 500)).param("courseKey", courseKey.value()).update();
        }
        CourseInfo kept = find(courseKey).orElseThrow();
        return new CourseFacts.Issued(kept.issuedTitle(), kept.issuedEmitter());
    }

    /**
     * Writes every fact (last writer wins: the facts are the newest observation either way); what the course's
     * certificates were issued with is left as it is.
     */
    public void save(CourseInfo info, Instant now) {
        int updated = update(info, now);
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO course_info (" + COLUMNS + ") VALUES (:courseKey, :certificateTitle, "
                                + ":displayName, :organizationName, :displayOrg, :platformName, :signatories, :now)")
                        .params(columns(info, now))
                        .update();
            } catch (DuplicateKeyException raceLost) {
                update(info, now);
            }
        }
    }

    private int update(CourseInfo info, Instant now) {
        return jdbc.sql("UPDATE course_info SET certificate_title = :certificateTitle, display_name = :displayName, "
                        + "organization_name = :organizationName, display_org = :displayOrg, "
                        + "platform_name = :platformName, signatories = :signatories, modified_at = :now "
                        + "WHERE course_key = :courseKey")
                .params(columns(info, now))
                .update();
    }

    /** Every column of a row, cut to what it holds: an insert and an update write the same values. */
    private static java.util.Map<String, Object> columns(CourseInfo info, Instant now) {
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        values.put("courseKey", info.courseKey().value());
        values.put("certificateTitle", Texts.cut(info.certificateTitle(), 500));
        values.put("displayName", Texts.cut(info.displayName(), 500));
        values.put("organizationName", Texts.cut(info.organizationName(), 500));
        values.put("displayOrg", Texts.cut(info.displayOrganization(), 255));
        values.put("platformName", Texts.cut(info.platformName(), 255));
        values.put("signatories", signatories(info.signatories()));
        values.put("now", toDb(now));
        return values;
    }

    /** At most what fits the column: the first signatories are the ones templates use. */
    static String signatories(List<Signatory> signatories) {
        if (signatories.isEmpty()) {
            return null;
        }
        ArrayNode array = JSON.createArrayNode();
        for (Signatory s : signatories) {
            ObjectNode node = JSON.createObjectNode();
            node.put("name", Texts.cut(s.name(), 200));
            node.put("title", Texts.cut(s.title(), 200));
            node.put("organization", Texts.cut(s.organization(), 200));
            ArrayNode candidate = array.deepCopy();
            candidate.add(node);
            if (candidate.toString().length() > 4000) {
                break;
            }
            array = candidate;
        }
        return array.toString();
    }

    static List<Signatory> signatories(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            List<Signatory> list = new ArrayList<>();
            for (JsonNode node : JSON.readTree(json)) {
                list.add(new Signatory(text(node, "name"), text(node, "title"), text(node, "organization")));
            }
            return list;
        } catch (JacksonException e) {
            return List.of();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static CourseInfo map(ResultSet rs, int rowNum) throws SQLException {
        return new CourseInfo(CourseKey.parse(rs.getString("course_key")), rs.getString("certificate_title"),
                rs.getString("display_name"), rs.getString("organization_name"), rs.getString("display_org"),
                rs.getString("platform_name"), signatories(rs.getString("signatories")),
                fromDb(rs.getObject("modified_at", LocalDateTime.class)), rs.getString("issued_title"),
                rs.getString("issued_emitter"));
    }
}
