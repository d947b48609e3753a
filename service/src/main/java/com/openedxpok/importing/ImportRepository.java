package com.openedxpok.importing;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code import_job} and {@code import_line}. */
@Repository
class ImportRepository {

    private static final String COLUMNS = "id, created_by, status, total_lines, cursor_seq, accepted, skipped, "
            + "last_error, created_at, finished_at";

    /** A stored line: {@code seq} is its place in the run, {@code outcome} empty until it was applied. */
    record StoredLine(int seq, Kind kind, int lineNo, String content, String outcome, String detail) {
    }

    enum Kind {
        TEMPLATE, CERTIFICATE;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Kind of(String column) {
            return valueOf(column.toUpperCase(java.util.Locale.ROOT));
        }
    }

    record Outcome(int seq, String outcome, String detail) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ImportRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    long insertJob(String createdBy, String certificatesHeader, String templatesHeader, int total, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO import_job (created_by, status, certificates_header, templates_header, total_lines, "
                        + "cursor_seq, accepted, skipped, created_at, modified_at) VALUES (:by, 'UPLOADED', :ch, :th, "
                        + ":total, 0, 0, 0, :now, :now)")
                .param("by", createdBy).param("ch", certificatesHeader).param("th", templatesHeader)
                .param("total", total).param("now", toDb(now))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void insertLines(long jobId, List<StoredLine> lines) {
        int chunk = 500;
        for (int from = 0; from < lines.size(); from += chunk) {
            List<StoredLine> part = lines.subList(from, Math.min(lines.size(), from + chunk));
            StringBuilder sql = new StringBuilder("INSERT INTO import_line (job_id, seq, kind, line_no, content) VALUES ");
            // Positional parameters: named ones cost Spring more than the database in a statement of thousands.
            List<Object> args = new java.util.ArrayList<>(part.size() * 5);
            for (int i = 0; i < part.size(); i++) {
                StoredLine line = part.get(i);
                sql.append(i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)");
                java.util.Collections.addAll(args, jobId, line.seq(), line.kind().column(), line.lineNo(),
                        line.content());
            }
            jdbc.sql(sql.toString()).params(args).update();
        }
    }

    /** The headers of the two files, as uploaded (tab-separated, lower case). */
    record Headers(String certificates, String templates) {
    }

    Headers headers(long jobId) {
        return jdbc.sql("SELECT certificates_header, templates_header FROM import_job WHERE id = :id").param("id", jobId)
                .query((rs, n) -> new Headers(rs.getString(1), rs.getString(2))).single();
    }

    Optional<ImportJob> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM import_job WHERE id = :id").param("id", id)
                .query(ImportRepository::map).optional();
    }

    List<ImportJob> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM import_job ORDER BY id DESC LIMIT :limit").param("limit", limit)
                .query(ImportRepository::map).list();
    }

    List<StoredLine> linesAfter(long jobId, int afterSeq, int limit) {
        return jdbc.sql("SELECT seq, kind, line_no, content, outcome, detail FROM import_line WHERE job_id = :job "
                        + "AND seq > :after ORDER BY seq LIMIT :limit")
                .param("job", jobId).param("after", afterSeq).param("limit", limit)
                .query((rs, n) -> new StoredLine(rs.getInt("seq"), Kind.of(rs.getString("kind")), rs.getInt("line_no"),
                        rs.getString("content"), rs.getString("outcome"), rs.getString("detail")))
                .list();
    }

    /** The report: applied lines in order, optionally only those with one outcome. */
    List<StoredLine> report(long jobId, String outcome, int afterSeq, int limit) {
        return jdbc.sql("SELECT seq, kind, line_no, '' AS content, outcome, detail FROM import_line WHERE job_id = :job "
                        + "AND seq > :after AND outcome IS NOT NULL" + (outcome == null ? "" : " AND outcome = :outcome")
                        + " ORDER BY seq LIMIT :limit")
                .param("job", jobId).param("after", afterSeq).param("outcome", outcome).param("limit", limit)
                .query((rs, n) -> new StoredLine(rs.getInt("seq"), Kind.of(rs.getString("kind")), rs.getInt("line_no"),
                        "", rs.getString("outcome"), rs.getString("detail")))
                .list();
    }

    /** The outcomes of a batch of lines, with the job's cursor and counters: in the transaction of their effects. */
    void applied(long jobId, List<Outcome> outcomes, int cursor, int accepted, int skipped, Instant now) {
        batch.batchUpdate("UPDATE import_line SET outcome = ?, detail = ? WHERE job_id = ? AND seq = ?",
                outcomes, 500, (ps, o) -> {
                    ps.setString(1, o.outcome());
                    ps.setString(2, o.detail() == null || o.detail().length() <= 1000 ? o.detail()
                            : o.detail().substring(0, 999) + "…");
                    ps.setLong(3, jobId);
                    ps.setInt(4, o.seq());
                });
        jdbc.sql("UPDATE import_job SET cursor_seq = :cursor, accepted = accepted + :accepted, "
                        + "skipped = skipped + :skipped, modified_at = :now WHERE id = :id")
                .param("cursor", cursor).param("accepted", accepted).param("skipped", skipped)
                .param("now", toDb(now)).param("id", jobId).update();
    }

    /** @return whether the job was in status {@code from} (so that two starts cannot both win) */
    boolean move(long jobId, ImportJob.Status from, ImportJob.Status to, Instant now) {
        return jdbc.sql("UPDATE import_job SET status = :to, modified_at = :now"
                        + (to == ImportJob.Status.DONE || to == ImportJob.Status.FAILED ? ", finished_at = :now" : "")
                        + " WHERE id = :id AND status = :from")
                .param("to", to.name()).param("from", from.name()).param("now", toDb(now)).param("id", jobId)
                .update() == 1;
    }

    void failed(long jobId, String error, Instant now) {
        jdbc.sql("UPDATE import_job SET status = 'FAILED', last_error = :error, finished_at = :now, modified_at = :now "
                        + "WHERE id = :id")
                .param("error", error.length() > 2000 ? error.substring(0, 1999) + "…" : error)
                .param("now", toDb(now)).param("id", jobId).update();
    }

    private static ImportJob map(ResultSet rs, int rowNum) throws SQLException {
        return new ImportJob(rs.getLong("id"), rs.getString("created_by"),
                ImportJob.Status.valueOf(rs.getString("status")), rs.getInt("total_lines"), rs.getInt("cursor_seq"),
                rs.getInt("accepted"), rs.getInt("skipped"), rs.getString("last_error"),
                fromDb(rs.getObject("created_at", LocalDateTime.class)),
                fromDb(rs.getObject("finished_at", LocalDateTime.class)));
    }
}
