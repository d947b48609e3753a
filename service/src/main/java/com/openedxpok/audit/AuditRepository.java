package com.openedxpok.audit;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.openedxpok.kernel.Actor;
import com.openedxpok.kernel.Texts;

/** The append-only audit log ({@code audit_log}). */
@Component
public class AuditRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records what {@code operator} did. */
    public void operator(String operator, String action, String target, String detail) {
        append(Actor.operator(operator), action, target, detail);
    }

    public void append(String actor, String action, String target, String detail) {
        jdbc.sql("INSERT INTO audit_log (occurred_at, actor, action, target, detail) "
                        + "VALUES (:at, :actor, :action, :target, :detail)")
                .param("at", toDb(clock.instant()))
                .param("actor", Texts.shorten(actor, 150))
                .param("action", Texts.shorten(action, 60))
                .param("target", Texts.shorten(target, 300))
                .param("detail", Texts.shorten(detail, 2000))
                .update();
    }

    /** Newest first; {@code beforeId} 0 means from the newest. */
    public List<AuditEntry> recent(long beforeId, int limit) {
        return jdbc.sql("SELECT id, occurred_at, actor, action, target, detail FROM audit_log"
                        + (beforeId > 0 ? " WHERE id < :before" : "") + " ORDER BY id DESC LIMIT :limit")
                .param("before", beforeId).param("limit", limit)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), fromDb(rs.getObject("occurred_at", LocalDateTime.class)),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail")))
                .list();
    }
}
