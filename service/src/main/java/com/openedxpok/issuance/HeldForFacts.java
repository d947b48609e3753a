package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.openedxpok.kernel.Actor;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.pok.PokException;

/**
 * Releases certificates held because a course fact was missing (the title, the platform's name, a signatory) when
 * the fact arrives: a render context, an event, an LMS answer. Whoever learns a fact only schedules a durable task
 * ({@link #schedule}: one insert, so the render path stays cheap); the task goes through the HELD certificates of the
 * course in batches and asks {@link IssueRequestFactory} again for each. Only those that would now be built, or held
 * for another reason, go back to the queue (through {@link CertificateLifecycle}): a certificate held for the same
 * reason is left alone, so a fact that changes nothing for it costs no POK call and no line in its history.
 *
 * <p>No wake-up is lost between a worker that is holding a certificate and a fact that arrives at that moment: the
 * fact is stored before the task looks for HELD certificates, and the worker looks at the facts again after the
 * certificate is HELD ({@link IssuanceWorker}); one of the two sees the other.
 */
@Component
public class HeldForFacts {

    private static final Logger log = LoggerFactory.getLogger(HeldForFacts.class);
    static final int BATCH = 100;

    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final EligibilityPolicy eligibility;
    private final IssueRequestFactory requests;
    private final IssuanceQueue queue;
    private final SchedulerClient scheduler;
    private final Clock clock;

    public HeldForFacts(CertificateRepository certificates, CertificateLifecycle lifecycle,
            EligibilityPolicy eligibility, IssueRequestFactory requests, IssuanceQueue queue,
            @Lazy SchedulerClient scheduler, Clock clock) {
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.eligibility = eligibility;
        this.requests = requests;
        this.queue = queue;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Schedules a look at the HELD certificates of a course (empty: of every course) because {@code why}. Joins the
     * caller's transaction. One task per change: facts change rarely, and a task already running may have read the
     * facts before this change.
     */
    public void schedule(Optional<CourseKey> courseKey, String why) {
        String id = courseKey.map(k -> hash(k.value())).orElse("all") + "@" + clock.millis();
        scheduler.scheduleIfNotExists(IssuanceTasks.RELEASE_HELD.instance(id)
                .data(new HeldRelease(courseKey.map(CourseKey::value).orElse(null), 0, why)).build(), clock.instant());
    }

    /**
     * One batch of a release (the task's step).
     *
     * @return where the next batch starts, or empty when every HELD certificate was looked at
         */
    public Optional<HeldRelease> releaseBatch(HeldRelease release) {
        Optional<CourseKey> course = Optional.ofNullable(release.courseKey()).map(CourseKey::parse);
        List<Certificate> held = certificates.findHeldAfter(course, release.afterId(), BATCH);
        int released = 0;
        for (Certificate c : held) {
            if (releaseIfUnblocked(c, "released: " + release.why())) {
                released++;
            }
        }
        if (released > 0) {
            log.info("{} held certificate(s) released ({})", released, release.why());
        }
        return held.size() < BATCH ? Optional.empty()
                : Optional.of(new HeldRelease(release.courseKey(), held.get(held.size() - 1).id(), release.why()));
    }

    /** Re-queues a HELD certificate if it would not be held again for the same reason now. */
    boolean releaseIfUnblocked(Certificate c, String detail) {
        if (c.status() != CertificateStatus.HELD || CreditGuard.isHeldForCredits(c)) {
            // Credits are not a course fact: CreditGuard releases those when POK has credits again.
            return false;
        }
        Optional<IssuanceTarget> target = eligibility.target(c.courseKey());
        if (target.isEmpty()) {
            return false;
        }
        try {
            if (heldForTheSameReason(c, requests.build(c, target.get()))) {
                return false;
            }
        } catch (PokException e) {
            // POK's template cannot be read now, so we cannot tell: let the worker try (it waits for POK itself).
            log.debug("Certificate {}: released without checking ({})", c.id(), e.failure());
        }
        Optional<Certificate> requeued = lifecycle.requeue(c, Actor.SYSTEM, detail, false);
        requeued.ifPresent(r -> queue.schedule(r.id(), clock.instant()));
        return requeued.isPresent();
    }

    /** The build still misses what the certificate was held for (the reason is its last error, as stored). */
    static boolean heldForTheSameReason(Certificate held, IssueRequestFactory.Built built) {
        if (!(built instanceof IssueRequestFactory.Missing missing) || held.lastError() == null) {
            return false;
        }
        String reason = missing.reason().length() > 2000 ? missing.reason().substring(0, 2000) : missing.reason();
        return reason.equals(held.lastError());
    }

    /** db-scheduler ids are at most 100 characters; course keys may be 255. */
    private static String hash(String courseKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(courseKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
