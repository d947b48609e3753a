package com.openedxpok.certificate;

import static com.openedxpok.config.DbTime.toDb;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.openedxpok.config.Database;

/**
 * The operator's view of {@code pok_certificate}: search, counts and keyset paging, read-only. Pages are ordered by
 * id (newest first) and found by the id of the row at their edge, never by OFFSET, so the last page of a million rows
 * costs what the first does. Writing stays with {@link CertificateRepository}, through the lifecycle.
 */
@Repository
public class CertificateSearch {

    private final JdbcClient jdbc;
    private final Database database;

    public CertificateSearch(JdbcClient jdbc, Database database) {
        this.jdbc = jdbc;
        this.database = database;
    }

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
        List<Certificate> rows = where.bind(jdbc.sql(orderedSearch(filter) + "SELECT " + CertificateRepository.COLUMNS + " FROM pok_certificate"
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
}
