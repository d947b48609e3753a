package com.openedxpok.backfill;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import com.openedxpok.kernel.CourseKey;

/** Reads and writes {@code backfill_job}; every update is guarded by the row's version. */
@Repository
class BackfillJobRepository {

    private static final String COLUMNS = "id, course_key, status, next_page_url, pages_done, total_learners, "
            + "total_passed, counted_learners, counted_passed, learners_seen, queued, already_had, not_certified, "
            + "ineligible, failed, consecutive_errors, last_error, started_by, created_at, modified_at, finished_at, "
            + "version";

    private final JdbcClient jdbc;

    BackfillJobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    BackfillJob insert(CourseKey courseKey, String startedBy, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO backfill_job (course_key, status, started_by, created_at, modified_at) "
                        + "VALUES (:courseKey, :status, :startedBy, :now, :now)")
                .param("courseKey", courseKey.value())
                .param("status", BackfillStatus.COUNTING.name())
                .param("startedBy", startedBy.length() > 150 ? startedBy.substring(0, 150) : startedBy)
                .param("now", toDb(now))
                .update(keys, "id");
        return find(keys.getKey().longValue()).orElseThrow();
    }

    Optional<BackfillJob> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backfill_job WHERE id = :id").param("id", id)
                .query(BackfillJobRepository::map).optional();
    }

    /** The course's job that is still counting or issuing, if any. */
    Optional<BackfillJob> findActive(CourseKey courseKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backfill_job WHERE course_key = :courseKey "
                        + "AND status IN ('COUNTING', 'ISSUING') ORDER BY id DESC LIMIT 1")
                .param("courseKey", courseKey.value()).query(BackfillJobRepository::map).optional();
    }

    /** Every job still counting or issuing, oldest first. */
    List<BackfillJob> active() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backfill_job WHERE status IN ('COUNTING', 'ISSUING') ORDER BY id")
                .query(BackfillJobRepository::map).list();
    }

    List<BackfillJob> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM backfill_job ORDER BY id DESC LIMIT :limit")
                .param("limit", limit).query(BackfillJobRepository::map).list();
    }

    /** @return the saved job, or empty when someone else changed it first (an operator cancelled it) */
    Optional<BackfillJob> save(BackfillJob job, Instant now) {
        int rows = jdbc.sql("UPDATE backfill_job SET status = :status, next_page_url = :next, pages_done = :pages, "
                        + "total_learners = :totalLearners, total_passed = :totalPassed, "
                        + "counted_learners = :countedLearners, counted_passed = :countedPassed, "
                        + "learners_seen = :seen, queued = :queued, already_had = :alreadyHad, "
                        + "not_certified = :notCertified, ineligible = :ineligible, failed = :failed, "
                        + "consecutive_errors = :errors, last_error = :lastError, modified_at = :now, "
                        + "finished_at = :finishedAt, version = version + 1 WHERE id = :id AND version = :version")
                .param("status", job.status().name())
                .param("next", job.nextPageUrl())
                .param("pages", job.pagesDone())
                .param("totalLearners", job.totalLearners())
                .param("totalPassed", job.totalPassed())
                .param("countedLearners", job.countedLearners())
                .param("countedPassed", job.countedPassed())
                .param("seen", job.learnersSeen())
                .param("queued", job.queued())
                .param("alreadyHad", job.alreadyHad())
                .param("notCertified", job.notCertified())
                .param("ineligible", job.ineligible())
                .param("failed", job.failed())
                .param("errors", job.consecutiveErrors())
                .param("lastError", job.lastError() == null || job.lastError().length() <= 2000 ? job.lastError()
                        : job.lastError().substring(0, 2000))
                .param("now", toDb(now))
                .param("finishedAt", toDb(job.finishedAt()))
                .param("id", job.id())
                .param("version", job.version())
                .update();
        return rows == 1 ? find(job.id()) : Optional.empty();
    }

    private static BackfillJob map(ResultSet rs, int rowNum) throws SQLException {
        return new BackfillJob(rs.getLong("id"), CourseKey.parse(rs.getString("course_key")),
                BackfillStatus.valueOf(rs.getString("status")), rs.getString("next_page_url"), rs.getInt("pages_done"),
                (Integer) rs.getObject("total_learners", Integer.class),
                (Integer) rs.getObject("total_passed", Integer.class), rs.getInt("counted_learners"),
                rs.getInt("counted_passed"), rs.getInt("learners_seen"), rs.getInt("queued"), rs.getInt("already_had"),
                rs.getInt("not_certified"), rs.getInt("ineligible"), rs.getInt("failed"),
                rs.getInt("consecutive_errors"), rs.getString("last_error"), rs.getString("started_by"),
                instant(rs, "created_at"), instant(rs, "modified_at"), instant(rs, "finished_at"),
                rs.getLong("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return fromDb(rs.getObject(column, LocalDateTime.class));
    }
}
