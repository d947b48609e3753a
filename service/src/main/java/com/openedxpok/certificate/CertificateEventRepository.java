package com.openedxpok.certificate;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The append-only certificate history: rows are added, never changed. */
@Repository
public class CertificateEventRepository {

    private final JdbcClient jdbc;

    public CertificateEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void append(CertificateEvent event) {
        String detail = event.detail();
        if (detail != null && detail.length() > CertificateEvent.MAX_DETAIL) {
            detail = detail.substring(0, CertificateEvent.MAX_DETAIL - 1) + "…";
        }
        jdbc.sql("INSERT INTO certificate_event (certificate_id, occurred_at, actor, kind, from_status, to_status, "
                        + "detail) VALUES (:certificateId, :occurredAt, :actor, :kind, :fromStatus, :toStatus, :detail)")
                .param("certificateId", event.certificateId())
                .param("occurredAt", toDb(event.occurredAt()))
                .param("actor", event.actor().length() > 150 ? event.actor().substring(0, 150) : event.actor())
                .param("kind", event.kind())
                .param("fromStatus", event.fromStatus() == null ? null : event.fromStatus().name())
                .param("toStatus", event.toStatus() == null ? null : event.toStatus().name())
                .param("detail", detail)
                .update();
    }

    /** Appends many events with one statement per few hundred (an import writes one per certificate). */
    public void appendAll(List<CertificateEvent> all) {
        int chunk = 500;
        for (int from = 0; from < all.size(); from += chunk) {
            List<CertificateEvent> part = all.subList(from, Math.min(all.size(), from + chunk));
            StringBuilder sql = new StringBuilder("INSERT INTO certificate_event (certificate_id, occurred_at, actor, "
                    + "kind, from_status, to_status, detail) VALUES ");
            // Positional parameters: named ones cost Spring more than the database in a statement of thousands.
            List<Object> args = new java.util.ArrayList<>(part.size() * 7);
            for (int i = 0; i < part.size(); i++) {
                CertificateEvent event = part.get(i);
                String detail = event.detail();
                if (detail != null && detail.length() > CertificateEvent.MAX_DETAIL) {
                    detail = detail.substring(0, CertificateEvent.MAX_DETAIL - 1) + "…";
                }
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
                java.util.Collections.addAll(args, event.certificateId(), toDb(event.occurredAt()),
                        event.actor().length() > 150 ? event.actor().substring(0, 150) : event.actor(), event.kind(),
                        CertificateRepository.typedNull(event.fromStatus() == null ? null : event.fromStatus().name(),
                                java.sql.Types.VARCHAR),
                        CertificateRepository.typedNull(event.toStatus() == null ? null : event.toStatus().name(),
                                java.sql.Types.VARCHAR),
                        CertificateRepository.typedNull(detail, java.sql.Types.VARCHAR));
            }
            jdbc.sql(sql.toString()).params(args).update();
        }
    }

    /** The history of one certificate, oldest first. */
    public List<CertificateEvent> history(long certificateId) {
        return jdbc.sql("SELECT id, certificate_id, occurred_at, actor, kind, from_status, to_status, detail "
                        + "FROM certificate_event WHERE certificate_id = :id ORDER BY id")
                .param("id", certificateId)
                .query((rs, n) -> new CertificateEvent(rs.getLong("id"), rs.getLong("certificate_id"),
                        fromDb(rs.getObject("occurred_at", LocalDateTime.class)), rs.getString("actor"),
                        rs.getString("kind"), status(rs.getString("from_status")), status(rs.getString("to_status")),
                        rs.getString("detail")))
                .list();
    }

    /** How many events of one kind happened on one day (UTC). */
    public record DailyCount(java.time.LocalDate day, String kind, long count) {
    }

    /** Events of the given kinds per day since {@code since} (for the dashboard's chart). */
    public List<DailyCount> dailyCounts(java.util.Collection<String> kinds, java.time.Instant since) {
        return jdbc.sql("SELECT CAST(occurred_at AS DATE) AS event_day, kind, COUNT(*) AS n FROM certificate_event "
                        + "WHERE occurred_at >= :since AND kind IN (:kinds) GROUP BY CAST(occurred_at AS DATE), kind")
                .param("since", toDb(since)).param("kinds", List.copyOf(kinds))
                .query((rs, n) -> new DailyCount(rs.getObject("event_day", java.time.LocalDate.class), rs.getString("kind"),
                        rs.getLong("n")))
                .list();
    }

    /**
     * The certificates that reached EMITTED since {@code since}, each counted once however often it was emitted, and
     * how many of them are no longer EMITTED (revoked, or being issued again): the dashboard reconciles its chart with
     * its status tiles with these.
     */
    public EmittedSince emittedSince(java.time.Instant since) {
        return jdbc.sql("SELECT COUNT(DISTINCT e.certificate_id) AS emitted, COUNT(DISTINCT CASE WHEN c.status <> "
                        + "'EMITTED' THEN e.certificate_id END) AS since_changed FROM certificate_event e "
                        + "JOIN pok_certificate c ON c.id = e.certificate_id "
                        + "WHERE e.kind = 'EMITTED' AND e.occurred_at >= :since")
                .param("since", toDb(since))
                .query((rs, n) -> new EmittedSince(rs.getLong("emitted"), rs.getLong("since_changed")))
                .single();
    }

    /** @param certificates distinct certificates emitted; @param noLongerEmitted of them, not EMITTED now */
    public record EmittedSince(long certificates, long noLongerEmitted) {
    }

    private static CertificateStatus status(String name) {
        return name == null ? null : CertificateStatus.valueOf(name);
    }
}
