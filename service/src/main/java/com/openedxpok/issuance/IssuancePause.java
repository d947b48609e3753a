package com.openedxpok.issuance;

import static com.openedxpok.config.DbTime.toDb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Issuance pauses for everyone, on every instance, when POK refuses our API key: hammering POK with a bad key helps
 * nobody. The pause lives in {@code service_state}, so all instances sharing the database see it; it is lifted by the
 * probe once {@code organization/me} works again.
 */
@Component
public class IssuancePause {

    private static final Logger log = LoggerFactory.getLogger(IssuancePause.class);
    static final String KEY = "issuance.paused";
    private static final Duration CACHE = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Optional<String> cachedReason = Optional.empty();
    private volatile Instant cachedAt = Instant.EPOCH;

    public IssuancePause(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Why issuance is paused, if it is. Read at most once a second per instance. */
    public Optional<String> reason() {
        Instant now = clock.instant();
        if (Duration.between(cachedAt, now).compareTo(CACHE) > 0) {
            cachedReason = jdbc.sql("SELECT state_value FROM service_state WHERE state_key = :key")
                    .param("key", KEY).query(String.class).optional();
            cachedAt = now;
        }
        return cachedReason;
    }

    public boolean isPaused() {
        return reason().isPresent();
    }

    public void pause(String reason) {
        if (reason().isPresent()) {
            return;
        }
        int updated = jdbc.sql("UPDATE service_state SET state_value = :reason, modified_at = :now WHERE state_key = :key")
                .param("reason", reason).param("now", toDb(clock.instant())).param("key", KEY).update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO service_state (state_key, state_value, modified_at) VALUES (:key, :reason, :now)")
                        .param("key", KEY).param("reason", reason).param("now", toDb(clock.instant())).update();
            } catch (org.springframework.dao.DuplicateKeyException anotherInstanceWasFaster) {
                // paused either way
            }
        }
        cachedReason = Optional.of(reason);
        cachedAt = clock.instant();
        log.error("Issuance PAUSED for all learners: {}. It resumes by itself once POK accepts the key.", reason);
    }

    public void resume() {
        int deleted = jdbc.sql("DELETE FROM service_state WHERE state_key = :key").param("key", KEY).update();
        cachedReason = Optional.empty();
        cachedAt = clock.instant();
        if (deleted > 0) {
            log.warn("Issuance RESUMED: POK accepts the API key again.");
        }
    }
}
