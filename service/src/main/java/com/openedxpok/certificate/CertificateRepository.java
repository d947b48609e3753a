package com.openedxpok.certificate;

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
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.kernel.Texts;

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

    /** The learner's columns, written alike by an insert and an update. */
    private static java.util.Map<String, Object> learnerColumns(Learner learner) {
        java.util.Map<String, Object> values = new java.util.HashMap<>();
        values.put("username", learner.username());
        values.put("name", learner.name());
        values.put("email", learner.email());
        values.put("languageTag", learner.languageTag());
        values.put("mode", learner.mode());
        values.put("grade", learner.grade());
        return values;
    }

    /** The outcome of {@link #insertIfAbsent}: the stored certificate, and whether this call created it. */
    public record InsertOutcome(Certificate certificate, boolean created) {
    }

    /**
     * Creates the learner's certificate for the course unless one exists. Safe under concurrency: the unique
     * (user_id, course_key) constraint decides, and the loser of a race gets the winner's row.
     */
    @Transactional
    InsertOutcome insertIfAbsent(CourseKey courseKey, Learner learner, CertificateStatus status, Instant now) {
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
                    .params(learnerColumns(learner))
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
                        typedNull(Texts.shorten(pok.state(), 64), varchar), typedNull(pok.viewUrl(), varchar),
                        typedNull(pok.emissionType() == null ? null : pok.emissionType().wireValue(), varchar),
                        typedNull(toDb(pok.emissionDate()), java.sql.Types.TIMESTAMP),
                        typedNull(Texts.shorten(pok.title(), 500), varchar), typedNull(Texts.shorten(pok.emitter(), 500), varchar),
                        typedNull(pok.tags().isEmpty() ? null : Texts.shorten(String.join(TAG_SEPARATOR, pok.tags()), 2000),
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
    public List<Learner> learnersWithUsernameOrEmail(java.util.Collection<String> usernames,
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

    /**
     * Writes every mutable column of {@code changed} if the stored row still has {@code changed.version()}.
     *
     * @return the saved certificate (with its new version and modification time), or empty if someone else changed
     *         the row first
     */
    @Transactional
    Optional<Certificate> save(Certificate changed, Instant now) {
        PokCredential pok = changed.pok();
        Learner learner = changed.learner();
        int rows = jdbc.sql("UPDATE pok_certificate SET username = :username, receiver_name = :name, "
                + "receiver_email = :email, language_tag = :languageTag, mode = :mode, grade = :grade, "
                + "pok_credential_id = :credentialId, pok_state = :pokState, view_url = :viewUrl, image_url = :imageUrl, "
                + "image_fetched_at = :imageFetchedAt, emission_type = :emissionType, emission_date = :emissionDate, "
                + "title = :title, emitter = :emitter, tags = :tags, page_id = :pageId, status = :status, "
                + "attempts = :attempts, queued_at = :queuedAt, next_attempt_at = :nextAttemptAt, last_error = :lastError, "
                + "version = version + 1, modified_at = :now WHERE id = :id AND version = :version")
                .params(learnerColumns(learner))
                .param("credentialId", pok.credentialId())
                .param("pokState", Texts.shorten(pok.state(), 64))
                .param("viewUrl", pok.viewUrl())
                .param("imageUrl", pok.imageUrl())
                .param("imageFetchedAt", toDb(pok.imageFetchedAt()))
                .param("emissionType", pok.emissionType() == null ? null : pok.emissionType().wireValue())
                .param("emissionDate", toDb(pok.emissionDate()))
                .param("title", Texts.shorten(pok.title(), 500))
                .param("emitter", Texts.shorten(pok.emitter(), 500))
                .param("tags", pok.tags().isEmpty() ? null
                        : Texts.shorten(String.join(TAG_SEPARATOR, pok.tags()), 2000))
                .param("pageId", pok.pageId())
                .param("status", changed.status().name())
                .param("attempts", changed.attempts())
                .param("queuedAt", toDb(changed.queuedAt()))
                .param("nextAttemptAt", toDb(changed.nextAttemptAt()))
                .param("lastError", Texts.shorten(changed.lastError(), 2000))
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

    /** 128 random bits, URL-safe: unguessable, so a public certificate URL reveals nothing and cannot be enumerated. */
    static String newPublicId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
