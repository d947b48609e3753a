package com.openedxpok.issuance;

import static com.openedxpok.config.DbTime.toDb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The safety net behind "never stuck silently": every minute, any certificate in a working status whose next step is
 * overdue but that has no scheduled execution (lost by a crash between two steps, or by a manual database edit) is
 * put back in front of the worker.
 */
@Component
public class OverdueSweeper {

    private static final Logger log = LoggerFactory.getLogger(OverdueSweeper.class);
    private static final Duration GRACE = Duration.ofMinutes(2);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final IssuanceQueue queue;
    private final Clock clock;

    public OverdueSweeper(JdbcClient jdbc, IssuanceQueue queue, Clock clock) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.clock = clock;
    }

    /** @return how many certificates were put back */
    public int sweep() {
        Instant now = clock.instant();
        List<Long> overdue = jdbc.sql("SELECT id FROM pok_certificate WHERE status IN "
                        + "('QUEUED', 'SUBMITTING', 'RETRY_WAIT', 'PROCESSING', 'UNCERTAIN') "
                        + "AND next_attempt_at IS NOT NULL AND next_attempt_at < :cutoff ORDER BY next_attempt_at LIMIT :limit")
                .param("cutoff", toDb(now.minus(GRACE))).param("limit", BATCH)
                .query(Long.class).list();
        int revived = 0;
        for (long id : overdue) {
            if (!queue.isScheduled(id)) {
                queue.schedule(id, now);
                revived++;
            }
        }
        if (revived > 0) {
            log.warn("Put {} overdue certificate(s) without scheduled work back in the queue", revived);
        }
        return revived;
    }
}
