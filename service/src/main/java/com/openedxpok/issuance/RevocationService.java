package com.openedxpok.issuance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.kernel.Actor;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;

/**
 * Open edX revoked a learner's certificate: ours becomes REVOKED (the render then shows Open edX's "invalid
 * certificate" page), and if POK has or may have the credential it goes on the "revoke in POK as well" list.
 *
 * <p>Rules, in order:
 * <ul>
 * <li>No certificate yet (the revocation overtook the creation): in an enabled course the certificate is recorded
 * directly as REVOKED, so that a late "created" issues nothing.</li>
 * <li>Being submitted right now: the revocation waits (a durable task looks again every few seconds) until the
 * submission is over, so that the credential id POK returns is known and listed.</li>
 * <li>Already REVOKED: nothing (Open edX repeats itself).</li>
 * <li>Otherwise: REVOKED now.</li>
 * </ul>
 */
@Service
public class RevocationService {

    private static final Logger log = LoggerFactory.getLogger(RevocationService.class);
    static final Duration WHILE_SUBMITTING = Duration.ofSeconds(5);

    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final EligibilityPolicy eligibility;
    private final RevokeInPokRepository revokeInPok;
    private final SchedulerClient scheduler;
    private final Clock clock;

    public RevocationService(CertificateRepository certificates, CertificateLifecycle lifecycle,
            EligibilityPolicy eligibility, RevokeInPokRepository revokeInPok, @Lazy SchedulerClient scheduler, Clock clock) {
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.eligibility = eligibility;
        this.revokeInPok = revokeInPok;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** What became of a revocation. */
    public enum Outcome {
        /** Our certificate is now REVOKED. */
        REVOKED,
        /** It already was. */
        ALREADY_REVOKED,
        /** No certificate yet: recorded as REVOKED so that it is never issued. */
        RECORDED_BEFORE_CREATION,
        /** Being submitted: revoked as soon as the submission is over. */
        DEFERRED,
        /** No certificate, and the course is not enabled for POK: nothing to remember. */
        IGNORED
    }

    /**
     * Open edX revoked the learner's certificate for the course.
     *
     * @param eventTime when Open edX says it happened, or null
     */
    public Outcome revoke(Learner learner, CourseKey courseKey, Instant eventTime) {
        String reason = "Open edX revoked the certificate" + (eventTime == null ? "" : " (event time "
                + eventTime + ")");
        Optional<Certificate> existing = certificates.findByLearnerAndCourse(learner.userId(), courseKey);
        if (existing.isEmpty()) {
            if (eligibility.target(courseKey).isEmpty()) {
                log.debug("Revocation for user {} in {} ignored: no certificate and the course is not enabled",
                        learner.userId(), courseKey);
                return Outcome.IGNORED;
            }
            Optional<Certificate> recorded = lifecycle.recordRevoked(courseKey, learner, Actor.OPENEDX,
                    reason + " before it was requested: it will not be issued");
            if (recorded.isPresent()) {
                return Outcome.RECORDED_BEFORE_CREATION;
            }
            // Created by someone else a moment ago and already being submitted: revoke it after.
            return certificates.findByLearnerAndCourse(learner.userId(), courseKey)
                    .map(c -> revokeExisting(c, reason)).orElse(Outcome.DEFERRED);
        }
        return revokeExisting(existing.get(), reason);
    }

    private Outcome revokeExisting(Certificate c, String reason) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (c.status() == CertificateStatus.REVOKED) {
                return Outcome.ALREADY_REVOKED;
            }
            if (c.status() == CertificateStatus.SUBMITTING) {
                defer(c, reason);
                return Outcome.DEFERRED;
            }
            Optional<Certificate> revoked = lifecycle.revoked(c, Actor.OPENEDX, reason);
            if (revoked.isPresent()) {
                listIfPokMayHaveIt(c, reason);
                return Outcome.REVOKED;
            }
            // The worker saved first: look again with fresh data.
            Optional<Certificate> fresh = certificates.findById(c.id());
            if (fresh.isEmpty()) {
                return Outcome.IGNORED;
            }
            c = fresh.get();
        }
        defer(c, reason);
        return Outcome.DEFERRED;
    }

    /** Run by the {@link IssuanceTasks#REVOCATION} task: empty when done, else when to look again. */
    public Optional<Instant> retryDeferred(long certificateId) {
        Optional<Certificate> found = certificates.findById(certificateId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Certificate c = found.get();
        if (c.status() == CertificateStatus.SUBMITTING) {
            return Optional.of(clock.instant().plus(WHILE_SUBMITTING));
        }
        if (c.status() == CertificateStatus.REVOKED) {
            return Optional.empty();
        }
        String reason = "Open edX revoked the certificate (while it was being submitted to POK)";
        Optional<Certificate> revoked = lifecycle.revoked(c, Actor.OPENEDX, reason);
        if (revoked.isEmpty()) {
            return Optional.of(clock.instant().plusSeconds(1));
        }
        listIfPokMayHaveIt(c, reason);
        return Optional.empty();
    }

    private void defer(Certificate c, String reason) {
        lifecycle.note(c, Actor.OPENEDX, "REVOCATION_PENDING", reason + "; applied once the submission to POK is over");
        scheduler.scheduleIfNotExists(IssuanceTasks.REVOCATION.instance(String.valueOf(c.id())).build(),
                clock.instant().plus(WHILE_SUBMITTING));
    }

    /** POK has the credential (or may have it, after an uncertain submission): an operator must revoke it there. */
    private void listIfPokMayHaveIt(Certificate before, String reason) {
        if (before.pok().credentialId() != null) {
            revokeInPok.add(before.id(), reason + "; POK credential " + before.pok().credentialId());
        } else if (before.status() == CertificateStatus.UNCERTAIN) {
            revokeInPok.add(before.id(), reason + "; the submission to POK was uncertain: check whether POK holds a "
                    + "credential for this learner");
        }
    }
}
