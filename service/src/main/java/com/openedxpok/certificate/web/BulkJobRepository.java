package com.openedxpok.certificate.web;

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

/** Reads and writes {@code bulk_job}. */
@Repository
class BulkJobRepository {

    private static final String COLUMNS = "id, kind, filter_json, created_by, status, total, done, failed, last_id, "
            + "last_error, created_at, finished_at";

    private final JdbcClient jdbc;

    BulkJobRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(BulkJob.Kind kind, String filterJson, String createdBy, int total, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO bulk_job (kind, filter_json, created_by, status, total, done, failed, last_id, "
                        + "created_at, modified_at) VALUES (:kind, :filter, :createdBy, 'RUNNING', :total, 0, 0, 0, :now, :now)")
                .param("kind", kind.name()).param("filter", filterJson).param("createdBy", createdBy)
                .param("total", total).param("now", toDb(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<BulkJob> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM bulk_job WHERE id = :id").param("id", id)
                .query(BulkJobRepository::map).optional();
    }

    List<BulkJob> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM bulk_job ORDER BY id DESC LIMIT :limit").param("limit", limit)
                .query(BulkJobRepository::map).list();
    }

    void progress(long id, int done, int failed, long lastId, String lastError, Instant now) {
        jdbc.sql("UPDATE bulk_job SET done = :done, failed = :failed, last_id = :lastId, last_error = :lastError, "
                        + "modified_at = :now WHERE id = :id")
                .param("done", done).param("failed", failed).param("lastId", lastId).param("lastError", lastError)
                .param("now", toDb(now)).param("id", id).update();
    }

    void finish(long id, BulkJob.Status status, Instant now) {
        jdbc.sql("UPDATE bulk_job SET status = :status, finished_at = :now, modified_at = :now WHERE id = :id")
                .param("status", status.name()).param("now", toDb(now)).param("id", id).update();
    }

    private static BulkJob map(ResultSet rs, int rowNum) throws SQLException {
        return new BulkJob(rs.getLong("id"), BulkJob.Kind.valueOf(rs.getString("kind")), rs.getString("filter_json"),
                rs.getString("created_by"), BulkJob.Status.valueOf(rs.getString("status")), rs.getInt("total"),
                rs.getInt("done"), rs.getInt("failed"), rs.getLong("last_id"), rs.getString("last_error"),
                fromDb(rs.getObject("created_at", LocalDateTime.class)),
                fromDb(rs.getObject("finished_at", LocalDateTime.class)));
    }
}
