package com.openedxpok.issuance;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.openedxpok.config.Database;
import com.openedxpok.openedx.CourseKey;
import com.openedxpok.pok.EmissionType;

/**
 * Reads and writes {@code pok_certificate}. Every update is guarded by the row's version (optimistic locking). The
 * certificate's search words ({@code certificate_search_word}, see {@link SearchWords}) are written in the same
 * transaction as the row they describe.
 */
@Repository
public class CertificateRepository {

    static final String COLUMNS = "id, public_id, user_id, course_key, username, receiver_name, receiver_email, "
            + "language_tag, mode, grade, pok_credential_id, pok_state, view_url, image_url, image_fetched_at, "
            + "emission_type, emission_date, title, emitter, tags, page_id, status, attempts, queued_at, next_attempt_at, "
            + "last_error, version, created_at, modified_at";
    private static final String TAG_SEPARATOR = "\n";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Database database;

    public CertificateRepository(JdbcClient jdbc, Database database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    /** The outcome of {@link #insertIfAbsent}: the stored certificate, and whether this call created it. */
    public record InsertOutcome(Certificate certificate, boolean created) {
    }

    /**
     * Creates the learner's certificate for the course unless one exists. Safe under concurrency: the unique
     * (user_id, course_key) constraint decides, and the loser of a race gets the winner's row.
     */
    @Transactional
    public InsertOutcome insertIfAbsent(CourseKey courseKey, Learner learner, CertificateStatus status, Instant now) {
        Optional<Certificate> existing = findByLearnerAndCourse(learner.userId(), courseKey);
        if (existing.isPresent()) {
            return new InsertOutcome(existing.get(), false);
        }
        String insert = "INSERT INTO pok_certificate (public_id, user_id, course_key, username, receiver_name, "
                + "receiver_email, language_tag, mode, grade, status, attempts, queued_at, next_attempt_at, version, "
                + "created_at, modified_at) VALUES (:publicId, :userId, :courseKey, :username, :name, :email, "
                + ":languageTag, :mode, :grade, :status, 0, :now, :now, 0, :now, :now)";
        String sql = switch (database) {
            case POSTGRESQL -> insert + " ON CONFLICT (user_id, course_key) DO NOTHING";
            case MYSQL -> insert + " ON DUPLICATE KEY UPDATE user_id = user_id";
            case H2 -> insert;
        };
        String publicId = newPublicId();
        try {
            jdbc.sql(sql)
                    .param("publicId", publicId)
                    .param("userId", learner.userId())
                    .param("courseKey", courseKey.value())
                    .param("username", learner.username())
                    .param("name", learner.name())
                    .param("email", learner.email())
                    .param("languageTag", learner.languageTag())
                    .param("mode", learner.mode())
                    .param("grade", learner.grade())
                    .param("status", status.name())
                    .param("now", toDb(now))
                    .update();
        } catch (DuplicateKeyException raceLost) {
            // H2 has no insert-if-absent; the loser of the race reads the winner's row below.
        }
        Certificate stored = findByLearnerAndCourse(learner.userId(), courseKey).orElseThrow(
                () -> new IllegalStateException("certificate vanished right after insert"));
        // Update counts cannot tell (MariaDB's driver reports found rows for a no-op upsert): our id on the row can.
        boolean created = stored.publicId().equals(publicId);
        if (created) {
            writeSearchWords(stored.id(), SearchWords.of(learner, courseKey.value(), null));
        }
        return new InsertOutcome(stored, created);
    }

    /** A certificate to create with its POK credential already known: see {@link CertificateLifecycle#adoptImported}. */
    record NewWithCredential(CourseKey courseKey, Learner learner, PokCredential pok, CertificateStatus status,
            Instant nextAttemptAt) {
    }

    /**
     * Creates these certificates, their POK credential included, a few hundred rows per statement (an import of a
     * hundred thousand lines would spend most of its time in round trips otherwise). The caller has made sure none
     * exists and runs this in its transaction: a row created meanwhile by someone else fails the whole call with a
     * {@link DuplicateKeyException}, and the caller's transaction rolls back.
     *
     * @return the stored certificates, in the order given
     */
    List<Certificate> insertWithCredential(List<NewWithCredential> rows, Instant now) {
        List<Certificate> stored = new java.util.ArrayList<>(rows.size());
        int chunk = 250;
        Object at = toDb(now);
        for (int from = 0; from < rows.size(); from += chunk) {
            List<NewWithCredential> part = rows.subList(from, Math.min(rows.size(), from + chunk));
            StringBuilder sql = new StringBuilder("INSERT INTO pok_certificate (public_id, user_id, course_key, username, "
                    + "receiver_name, receiver_email, language_tag, mode, grade, pok_credential_id, pok_state, view_url, "
                    + "emission_type, emission_date, title, emitter, tags, page_id, status, attempts, queued_at, "
                    + "next_attempt_at, version, created_at, modified_at) VALUES ");
            // Positional parameters: named ones cost Spring more than the database in a statement of thousands.
            List<Object> args = new java.util.ArrayList<>(part.size() * 24);
            List<String> publicIds = new java.util.ArrayList<>(part.size());
            for (int i = 0; i < part.size(); i++) {
                NewWithCredential row = part.get(i);
                String publicId = newPublicId();
                publicIds.add(publicId);
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?, ?)");
                Learner l = row.learner();
                PokCredential pok = row.pok();
                int varchar = java.sql.Types.VARCHAR;
                java.util.Collections.addAll(args, publicId, l.userId(), row.courseKey().value(),
                        typedNull(l.username(), varchar), typedNull(l.name(), varchar), typedNull(l.email(), varchar),
                        typedNull(l.languageTag(), varchar), typedNull(l.mode(), varchar),
                        typedNull(l.grade(), java.sql.Types.DECIMAL), pok.credentialId(),
                        typedNull(truncate(pok.state(), 64), varchar), typedNull(pok.viewUrl(), varchar),
                        typedNull(pok.emissionType() == null ? null : pok.emissionType().wireValue(), varchar),
                        typedNull(toDb(pok.emissionDate()), java.sql.Types.TIMESTAMP),
                        typedNull(truncate(pok.title(), 500), varchar), typedNull(truncate(pok.emitter(), 500), varchar),
                        typedNull(pok.tags().isEmpty() ? null : truncate(String.join(TAG_SEPARATOR, pok.tags()), 2000),
                                varchar),
                        typedNull(pok.pageId(), varchar), row.status().name(), at,
                        typedNull(toDb(row.nextAttemptAt()), java.sql.Types.TIMESTAMP), at, at);
            }
            jdbc.sql(sql.toString()).params(args).update();
            java.util.Map<String, Certificate> byPublicId = new java.util.HashMap<>();
            java.util.Set<String> ours = new java.util.HashSet<>(publicIds);
            findByUserIds(part.stream().map(r -> r.learner().userId()).collect(java.util.stream.Collectors.toSet()))
                    .stream().filter(c -> ours.contains(c.publicId())).forEach(c -> byPublicId.put(c.publicId(), c));
            StringBuilder words = new StringBuilder("INSERT INTO certificate_search_word (certificate_id, word) VALUES ");
            List<Object> wordArgs = new java.util.ArrayList<>();
            for (String publicId : publicIds) {
                Certificate c = byPublicId.get(publicId);
                stored.add(c);
                for (String word : SearchWords.of(c.learner(), c.courseKey().value(), c.pok().credentialId())) {
                    words.append(wordArgs.isEmpty() ? "(?, ?)" : ", (?, ?)");
                    wordArgs.add(c.id());
                    wordArgs.add(word);
                }
            }
            if (!wordArgs.isEmpty()) {
                jdbc.sql(words.toString()).params(wordArgs).update();
            }
        }
        return stored;
    }

    /**
     * A null with its SQL type: an untyped null makes Spring ask the driver for the statement's parameter metadata,
     * once per null, which costs more than the insert itself in a statement of a few thousand parameters.
     */
    static Object typedNull(Object value, int sqlType) {
        return value != null ? value : new org.springframework.jdbc.core.SqlParameterValue(sqlType, null);
    }

    /** Every certificate these Open edX users hold, in any course (an import looks a batch of lines up at once). */
    public List<Certificate> findByUserIds(java.util.Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        // The ids are written into the SQL (numbers, so nothing can be injected): with 500 bind parameters PostgreSQL's
        // generic plan for a re-used statement guesses too many rows per id and scans the whole table in parallel
        // (0.8 s at 100,000 certificates, growing with the table); literals get the index every time.
        String ids = userIds.stream().map(id -> Long.toString(id)).collect(java.util.stream.Collectors.joining(", "));
        return jdbc.sql("SELECT " + COLUMNS + " FROM pok_certificate WHERE user_id IN (" + ids + ")")
                .query(CertificateRepository::map).list();
    }

    public Optional<Certificate> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pok_certificate WHERE id = :id")
                .param("id", id).query(CertificateRepository::map).optional();
    }

    public Optional<Certificate> findByPublicId(String publicId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pok_certificate WHERE public_id = :publicId")
                .param("publicId", publicId).query(CertificateRepository::map).optional();
    }

    public Optional<Certificate> findByLearnerAndCourse(long userId, CourseKey courseKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pok_certificate WHERE user_id = :userId AND course_key = :courseKey")
                .param("userId", userId).param("courseKey", courseKey.value())
                .query(CertificateRepository::map).optional();
    }

    public List<Certificate> findByCourseAndStatus(CourseKey courseKey, CertificateStatus status) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pok_certificate WHERE course_key = :courseKey AND status = :status "
                        + "ORDER BY id")
                .param("courseKey", courseKey.value()).param("status", status.name())
                .query(CertificateRepository::map).list();
    }

    /**
     * HELD certificates after {@code afterId} in id order, of one course or (course empty) of every course: a page of
     * the certificates that course facts may release.
     */
    public List<Certificate> findHeldAfter(Optional<CourseKey> courseKey, long afterId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pok_certificate WHERE status = :status AND id > :afterId "
                        + (courseKey.isPresent() ? "AND course_key = :courseKey " : "") + "ORDER BY id LIMIT :limit")
                .param("status", CertificateStatus.HELD.name()).param("afterId", afterId)
                .param("courseKey", courseKey.map(CourseKey::value).orElse(null)).param("limit", limit)
                .query(CertificateRepository::map).list();
    }

    /**
     * Emitted certificates whose image URL was fetched before {@code cutoff} (or never), oldest first: the ones whose
     * possibly temporary POK image URL is due for a refresh.
     */
    public List<Certificate> findEmittedWithImageFetchedBefore(Instant cutoff, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pok_certificate WHERE status = :status "
                        + "AND pok_credential_id IS NOT NULL AND (image_fetched_at IS NULL OR image_fetched_at < :cutoff) "
                        + "ORDER BY image_fetched_at, id LIMIT :limit")
                .param("status", CertificateStatus.EMITTED.name()).param("cutoff", toDb(cutoff)).param("limit", limit)
                .query(CertificateRepository::map).list();
    }

    /**
     * Which of these usernames already have a certificate for the course (any status): lets a backfill skip them
     * before it asks Open edX anything about them.
     */
    public java.util.Set<String> usernamesWithCertificate(CourseKey courseKey, java.util.Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("SELECT username FROM pok_certificate WHERE course_key = :courseKey "
                        + "AND username IN (:usernames)")
                .param("courseKey", courseKey.value()).param("usernames", List.copyOf(usernames))
                .query(String.class).list());
    }

    /** The Open edX user ids our certificates hold for these usernames or emails: (user id, username, email). */
    List<Learner> learnersWithUsernameOrEmail(java.util.Collection<String> usernames,
            java.util.Collection<String> emails) {
        if (usernames.isEmpty() && emails.isEmpty()) {
            return List.of();
        }
        // A value that can match nothing keeps "IN ()" out of the SQL when one of the lists is empty.
        List<String> names = usernames.isEmpty() ? List.of("\u0000") : List.copyOf(usernames);
        List<String> mails = emails.isEmpty() ? List.of("\u0000") : List.copyOf(emails);
        return jdbc.sql("SELECT DISTINCT user_id, username, receiver_email FROM pok_certificate "
                        + "WHERE username IN (:usernames) OR receiver_email IN (:emails)")
                .param("usernames", names).param("emails", mails)
                .query((rs, n) -> new Learner(rs.getLong("user_id"), rs.getString("username"), null,
                        rs.getString("receiver_email"), null, null, null))
                .list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM pok_certificate").query(Long.class).single();
    }

    // ---- Operator console: search and keyset paging. Pages are ordered by id (newest first) and found by the id
    // ---- of the row at their edge, never by OFFSET, so the last page of a million rows costs what the first does.

    /** Where a page of the certificates list starts. */
    public enum PageFrom {
        /** the newest rows */
        NEWEST,
        /** rows with a smaller id than the given one (the next, older page) */
        OLDER_THAN,
        /** rows with a larger id than the given one (the previous, newer page) */
        NEWER_THAN,
        /** the oldest rows (the last page) */
        OLDEST
    }

    /** Up to {@code limit} certificates of the filter, newest first, starting as {@code from} says. */
    public List<Certificate> page(CertificateFilter filter, PageFrom from, long edgeId, int limit) {
        Where where = Where.of(filter);
        boolean ascending = from == PageFrom.NEWER_THAN || from == PageFrom.OLDEST;
        if (from == PageFrom.OLDER_THAN) {
            where.add("id < :edgeId", "edgeId", edgeId);
        } else if (from == PageFrom.NEWER_THAN) {
            where.add("id > :edgeId", "edgeId", edgeId);
        }
        List<Certificate> rows = where.bind(jdbc.sql(orderedSearch(filter) + "SELECT " + COLUMNS + " FROM pok_certificate"
                        + where.sql()
                        + " ORDER BY id " + (ascending ? "ASC" : "DESC") + " LIMIT :limit"))
                .param("limit", limit).query(CertificateRepository::map).list();
        if (ascending) {
            rows = new java.util.ArrayList<>(rows);
            java.util.Collections.reverse(rows);
        }
        return rows;
    }

    /** Whether the filter matches a certificate with an id above ({@code above}) or below {@code id}. */
    public boolean existsBeyond(CertificateFilter filter, long id, boolean above) {
        Where where = Where.of(filter);
        where.add(above ? "id > :edgeId" : "id < :edgeId", "edgeId", id);
        return where.bind(jdbc.sql(orderedSearch(filter) + "SELECT id FROM pok_certificate" + where.sql()
                + " ORDER BY id " + (above ? "ASC" : "DESC") + " LIMIT 1")).query(Long.class).optional().isPresent();
    }

    /**
     * For a search in id order on MariaDB: no materialization of the matching ids. MariaDB otherwise reads every id a
     * word matches into a temporary table before the first row (2.4 s for a word all of a million certificates have,
     * 96 ms for one 5 % have); without it, it walks the ids in order probing each certificate's words, or starts from
     * the words when they are few (24 ms and 20 ms; 23 ms for no match). An executable comment that only MariaDB runs
     * (MySQL reads a comment); measured in docs/benchmarks.md.
     */
    private String orderedSearch(CertificateFilter filter) {
        return database == Database.MYSQL && !SearchWords.terms(filter.query()).isEmpty()
                ? "/*M! SET STATEMENT optimizer_switch='materialization=off' FOR */ " : "";
    }

    /**
     * How many certificates the filter matches, counting no further than {@code cap}: an exact count of a million
     * rows on every page view would cost more than the page itself.
     */
    public long countUpTo(CertificateFilter filter, int cap) {
        List<String> terms = SearchWords.terms(filter.query());
        if (database == Database.MYSQL && !terms.isEmpty()
                && filter.equals(new CertificateFilter(filter.query(), java.util.Set.of(), null, null, null, null, null))) {
            return countSearchOnly(terms, cap);
        }
        Where where = Where.of(filter);
        return where.bind(jdbc.sql("SELECT COUNT(*) FROM (SELECT id FROM pok_certificate" + where.sql()
                + " LIMIT :cap) capped")).param("cap", cap).query(Long.class).single();
    }

    /**
     * The capped count of a search with no other filter, from the words alone. MariaDB runs the general count by
     * walking pok_certificate in id order and probing a materialized list of the matching ids, which costs a scan of
     * half the table for a word 2 % of the certificates have (about 0.6 s at a million, see docs/benchmarks.md); the
     * longest term's index range, with the other terms as semi-joins, stops after {@code cap} distinct ids. Every word
     * belongs to an existing certificate (foreign key, ON DELETE CASCADE), so both counts are the same. PostgreSQL's
     * planner finds a plan that stops early by itself (a merge semi-join in id order).
     */
    private long countSearchOnly(List<String> terms, int cap) {
        List<String> longestFirst = new java.util.ArrayList<>(terms);
        longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM (SELECT DISTINCT certificate_id FROM "
                + "certificate_search_word WHERE word LIKE :term0 ESCAPE '!'");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("term0", Where.escapeLike(longestFirst.get(0)) + "%");
        for (int i = 1; i < longestFirst.size(); i++) {
            sql.append(" AND certificate_id IN (SELECT certificate_id FROM certificate_search_word WHERE word LIKE :term")
                    .append(i).append(" ESCAPE '!')");
            params.put("term" + i, Where.escapeLike(longestFirst.get(i)) + "%");
        }
        sql.append(" LIMIT :cap) capped");
        params.put("cap", cap);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    /** The ids the filter matches above {@code afterId}, oldest first: how bulk actions walk through a filter. */
    public List<Long> idsAfter(CertificateFilter filter, long afterId, int limit) {
        Where where = Where.of(filter);
        where.add("id > :afterId", "afterId", afterId);
        return where.bind(jdbc.sql("SELECT id FROM pok_certificate" + where.sql() + " ORDER BY id LIMIT :limit"))
                .param("limit", limit).query(Long.class).list();
    }

    /** The number of certificates in each status (statuses without any are absent). */
    public java.util.Map<CertificateStatus, Long> countByStatus() {
        java.util.Map<CertificateStatus, Long> counts = new java.util.EnumMap<>(CertificateStatus.class);
        jdbc.sql("SELECT status, COUNT(*) AS n FROM pok_certificate GROUP BY status")
                .query((rs, n) -> java.util.Map.entry(rs.getString("status"), rs.getLong("n"))).list()
                .forEach(e -> counts.put(CertificateStatus.valueOf(e.getKey()), e.getValue()));
        return counts;
    }

    /** The SQL conditions of a {@link CertificateFilter}; every value is a bind parameter. */
    private static final class Where {
        private final List<String> conditions = new java.util.ArrayList<>();
        private final java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();

        static Where of(CertificateFilter filter) {
            Where where = new Where();
            // Each term of the search must be the start of one of the certificate's words (SearchWords): an index
            // range scan of certificate_search_word per term, whatever the size of pok_certificate.
            List<String> terms = SearchWords.terms(filter.query());
            for (int i = 0; i < terms.size(); i++) {
                // '!' as the escape character: a backslash means something else inside MySQL string literals.
                where.add("id IN (SELECT certificate_id FROM certificate_search_word WHERE word LIKE :term" + i
                        + " ESCAPE '!')", "term" + i, escapeLike(terms.get(i)) + "%");
            }
            if (!filter.statuses().isEmpty()) {
                where.add("status IN (:statuses)", "statuses",
                        filter.statuses().stream().map(Enum::name).sorted().toList());
            }
            if (filter.pokState() != null) {
                where.add("pok_state = :pokState", "pokState", filter.pokState());
            }
            if (filter.courseKey() != null) {
                where.add("course_key = :courseKey", "courseKey", filter.courseKey());
            }
            if (filter.emissionType() != null) {
                where.add("emission_type = :emissionType", "emissionType", filter.emissionType().wireValue());
            }
            if (filter.createdFrom() != null) {
                where.add("created_at >= :createdFrom", "createdFrom", toDb(filter.createdFrom()));
            }
            if (filter.createdTo() != null) {
                where.add("created_at < :createdTo", "createdTo", toDb(filter.createdTo()));
            }
            return where;
        }

        void add(String condition, String name, Object value) {
            conditions.add(condition);
            params.put(name, value);
        }

        String sql() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
            return statement.params(params);
        }

        static String escapeLike(String text) {
            return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        }
    }

    /**
     * Writes every mutable column of {@code changed} if the stored row still has {@code changed.version()}.
     *
     * @return the saved certificate (with its new version and modification time), or empty if someone else changed
     *         the row first
     */
    @Transactional
    public Optional<Certificate> save(Certificate changed, Instant now) {
        PokCredential pok = changed.pok();
        Learner learner = changed.learner();
        int rows = jdbc.sql("UPDATE pok_certificate SET username = :username, receiver_name = :name, "
                + "receiver_email = :email, language_tag = :languageTag, mode = :mode, grade = :grade, "
                + "pok_credential_id = :credentialId, pok_state = :pokState, view_url = :viewUrl, image_url = :imageUrl, "
                + "image_fetched_at = :imageFetchedAt, emission_type = :emissionType, emission_date = :emissionDate, "
                + "title = :title, emitter = :emitter, tags = :tags, page_id = :pageId, status = :status, "
                + "attempts = :attempts, queued_at = :queuedAt, next_attempt_at = :nextAttemptAt, last_error = :lastError, "
                + "version = version + 1, modified_at = :now WHERE id = :id AND version = :version")
                .param("username", learner.username())
                .param("name", learner.name())
                .param("email", learner.email())
                .param("languageTag", learner.languageTag())
                .param("mode", learner.mode())
                .param("grade", learner.grade())
                .param("credentialId", pok.credentialId())
                .param("pokState", truncate(pok.state(), 64))
                .param("viewUrl", pok.viewUrl())
                .param("imageUrl", pok.imageUrl())
                .param("imageFetchedAt", toDb(pok.imageFetchedAt()))
                .param("emissionType", pok.emissionType() == null ? null : pok.emissionType().wireValue())
                .param("emissionDate", toDb(pok.emissionDate()))
                .param("title", truncate(pok.title(), 500))
                .param("emitter", truncate(pok.emitter(), 500))
                .param("tags", pok.tags().isEmpty() ? null : truncate(String.join(TAG_SEPARATOR, pok.tags()), 2000))
                .param("pageId", pok.pageId())
                .param("status", changed.status().name())
                .param("attempts", changed.attempts())
                .param("queuedAt", toDb(changed.queuedAt()))
                .param("nextAttemptAt", toDb(changed.nextAttemptAt()))
                .param("lastError", truncate(changed.lastError(), 2000))
                .param("now", toDb(now))
                .param("id", changed.id())
                .param("version", changed.version())
                .update();
        if (rows != 1) {
            return Optional.empty();
        }
        // Most saves change the status only: the words are rewritten only when the name, email, username or
        // credential id changed them (one indexed read of a dozen rows otherwise).
        java.util.Set<String> words = SearchWords.of(learner, changed.courseKey().value(), pok.credentialId());
        java.util.Set<String> stored = new java.util.HashSet<>(jdbc.sql(
                        "SELECT word FROM certificate_search_word WHERE certificate_id = :id")
                .param("id", changed.id()).query(String.class).list());
        if (!stored.equals(words)) {
            writeSearchWords(changed.id(), words);
        }
        return findById(changed.id());
    }

    private void writeSearchWords(long certificateId, java.util.Set<String> words) {
        jdbc.sql("DELETE FROM certificate_search_word WHERE certificate_id = :id").param("id", certificateId).update();
        if (words.isEmpty()) {
            return;
        }
        // One statement for all of them (a dozen or so): one round trip on the webfilter's path, not one per word.
        StringBuilder insert = new StringBuilder("INSERT INTO certificate_search_word (certificate_id, word) VALUES ");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("id", certificateId);
        int i = 0;
        for (String word : words) {
            insert.append(i == 0 ? "" : ", ").append("(:id, :w").append(i).append(')');
            params.put("w" + i, word);
            i++;
        }
        jdbc.sql(insert.toString()).params(params).update();
    }

    static Certificate map(ResultSet rs, int rowNum) throws SQLException {
        Learner learner = new Learner(rs.getLong("user_id"), rs.getString("username"), rs.getString("receiver_name"),
                rs.getString("receiver_email"), rs.getString("language_tag"), rs.getString("mode"),
                rs.getBigDecimal("grade"));
        String tags = rs.getString("tags");
        PokCredential pok = new PokCredential(rs.getString("pok_credential_id"), rs.getString("pok_state"),
                rs.getString("view_url"), rs.getString("image_url"), instant(rs, "image_fetched_at"),
                EmissionType.fromWire(rs.getString("emission_type")).orElse(null), instant(rs, "emission_date"),
                rs.getString("title"), rs.getString("emitter"),
                tags == null ? List.of() : Arrays.asList(tags.split(TAG_SEPARATOR)), rs.getString("page_id"));
        return new Certificate(rs.getLong("id"), rs.getString("public_id"), CourseKey.parse(rs.getString("course_key")),
                learner, pok, CertificateStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                instant(rs, "queued_at"), instant(rs, "next_attempt_at"), rs.getString("last_error"), rs.getLong("version"),
                instant(rs, "created_at"), instant(rs, "modified_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return fromDb(rs.getObject(column, java.time.LocalDateTime.class));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    /** 128 random bits, URL-safe: unguessable, so a public certificate URL reveals nothing and cannot be enumerated. */
    static String newPublicId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
