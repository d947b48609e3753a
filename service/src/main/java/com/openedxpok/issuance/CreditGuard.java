package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openedxpok.kernel.Actor;
import com.openedxpok.pok.Organization;
import com.openedxpok.pok.PokClient;
import com.openedxpok.pok.PokException;

/**
 * A {@code blockchain} emission spends one of the organization's credits. With none left POK refuses it, and before
 * this the certificate ended FAILED (or, for an unclear refusal, was retried until its age ran out). Like the Moodle
 * plugin, which refuses such an emission, the worker now holds it with a reason that says what to do
 * ({@link #REASON}), and a task once a minute releases the held ones when credits are available again.
 *
 * <p>The credit count is read from {@code organization/me}, kept for {@link #FRESH} (every blockchain submission must
 * not cost a second POK call); a refusal of a blockchain emission asks again, so a stale count never fails a
 * certificate that only lacked credits. When POK cannot tell the count, nothing is held: POK decides.
 */
@Component
public class CreditGuard {

    private static final Logger log = LoggerFactory.getLogger(CreditGuard.class);
    public static final String REASON = "No POK credits left: a blockchain credential spends one credit and the "
            + "organization has none available. Buy credits in POK; the certificate is issued automatically when "
            + "credits are available again (checked every minute).";
    static final Duration FRESH = Duration.ofSeconds(30);
    /** Certificates released per run at most: no more than the credits there are, and a bounded transaction. */
    static final int RELEASE_BATCH = 500;

    private final PokClient pok;
    private final JdbcClient jdbc;
    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final IssuanceQueue queue;
    private final Clock clock;
    private final Cache<String, Long> credits = Caffeine.newBuilder().expireAfterWrite(FRESH).maximumSize(1).build();

    public CreditGuard(PokClient pok, JdbcClient jdbc, CertificateRepository certificates,
            CertificateLifecycle lifecycle, IssuanceQueue queue, Clock clock) {
        this.pok = pok;
        this.jdbc = jdbc;
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.clock = clock;
    }

    public static boolean isHeldForCredits(Certificate c) {
        return c.status() == CertificateStatus.HELD && REASON.equals(c.lastError());
    }

    /** Known to have no credit left (at most {@link #FRESH} old); false when POK cannot tell. */
    public boolean exhausted() {
        Long available = credits.getIfPresent("me");
        return available != null ? available <= 0 : exhaustedNow();
    }

    /** Asks POK now (after it refused a blockchain emission: the reason may be the credits). */
    public boolean exhaustedNow() {
        Long available = readCredits();
        return available != null && available <= 0;
    }

    private Long readCredits() {
        try {
            Organization organization = pok.organization();
            Long available = organization.availableCredits();
            if (available != null) {
                credits.put("me", available);
            }
            return available;
        } catch (PokException e) {
            log.debug("Credits not read ({})", e.failure());
            return null;
        }
    }

    /**
     * Re-queues the certificates held for credits, as many as there are credits (at most {@link #RELEASE_BATCH}); the
     * rest wait for the next run, so a purchase of 10 credits does not send 1,000 certificates to be held again.
     *
     * @return how many were released
     */
    public int releaseIfCreditsReturned() {
        long heldCount = jdbc.sql("SELECT COUNT(*) FROM pok_certificate WHERE status = :status AND last_error = :reason")
                .param("status", CertificateStatus.HELD.name()).param("reason", REASON).query(Long.class).single();
        if (heldCount == 0) {
            return 0;
        }
        Long available = readCredits();
        if (available == null || available <= 0) {
            return 0;
        }
        List<Long> ids = jdbc.sql("SELECT id FROM pok_certificate WHERE status = :status AND last_error = :reason "
                        + "ORDER BY id LIMIT :limit")
                .param("status", CertificateStatus.HELD.name()).param("reason", REASON)
                .param("limit", (int) Math.min(available, RELEASE_BATCH)).query(Long.class).list();
        int released = 0;
        Instant now = clock.instant();
        for (long id : ids) {
            Certificate c = certificates.findById(id).orElse(null);
            if (c == null || !isHeldForCredits(c)) {
                continue;
            }
            var requeued = lifecycle.requeue(c, Actor.SYSTEM, "released: POK has " + available + " credit"
                    + (available == 1 ? "" : "s") + " available again", false);
            if (requeued.isPresent()) {
                queue.schedule(id, now);
                released++;
            }
        }
        log.info("{} certificate(s) held for lack of POK credits released ({} credits available)", released,
                available);
        return released;
    }
}
