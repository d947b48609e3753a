package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.openedxpok.kernel.Actor;

/**
 * Takes Open edX's requests for certificates: decides eligibility, records the certificate once per learner and
 * course, and queues the background work, all in one transaction and without calling POK, so Open edX gets its
 * answer in milliseconds whatever POK is doing.
 */
@Service
public class IssuanceService {

    private static final Logger log = LoggerFactory.getLogger(IssuanceService.class);
    /** A repeated request changes nothing for these: the certificate is on its way or done. */
    private static final Set<CertificateStatus> ALREADY_HANDLED = EnumSet.of(CertificateStatus.SUBMITTING,
            CertificateStatus.PROCESSING, CertificateStatus.EMITTED, CertificateStatus.UNCERTAIN,
            CertificateStatus.REVOKED);
    /** Not yet sent to POK: a newer request may bring newer learner data (a corrected name). */
    private static final Set<CertificateStatus> NOT_YET_SENT = EnumSet.of(CertificateStatus.QUEUED,
            CertificateStatus.RETRY_WAIT, CertificateStatus.HELD);

    private final EligibilityPolicy eligibility;
    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final CertificateEventRepository events;
    private final IssuanceQueue queue;
    private final EmittedLearnerReports emittedLearnerReports;
    private final Clock clock;

    public IssuanceService(EligibilityPolicy eligibility, CertificateRepository certificates,
            CertificateLifecycle lifecycle, CertificateEventRepository events, IssuanceQueue queue,
            EmittedLearnerReports emittedLearnerReports, Clock clock) {
        this.eligibility = eligibility;
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.events = events;
        this.queue = queue;
        this.emittedLearnerReports = emittedLearnerReports;
        this.clock = clock;
    }

    /** What became of a request. */
    public sealed interface Outcome {
    }

    public record Ineligible(String reason) implements Outcome {
    }

    /** @param created false when the learner already had a certificate for the course */
    public record Recorded(Certificate certificate, boolean created) implements Outcome {
    }

    @Transactional
    public Outcome request(CertificateRequest request) {
        EligibilityPolicy.Decision decision = eligibility.decide(request);
        if (decision instanceof EligibilityPolicy.Ineligible ineligible) {
            log.debug("No POK certificate for user {} in {}: {}", request.learner().userId(), request.courseKey(),
                    ineligible.reason());
            return new Ineligible(ineligible.reason());
        }
        CertificateRepository.InsertOutcome inserted = lifecycle.requested(request.courseKey(), request.learner(),
                Actor.OPENEDX, request.source());
        Certificate certificate = inserted.certificate();
        if (inserted.created()) {
            queue.schedule(certificate.id(), clock.instant());
            return new Recorded(certificate, true);
        }
        return new Recorded(repeated(certificate, request), false);
    }

    /**
     * Learners our certificates know under one of these usernames or emails (only user id, username and email are
     * filled in): for an import to warn when a line gives one user id another learner's username or email.
     */
    public java.util.List<Learner> learnersWithUsernameOrEmail(java.util.Collection<String> usernames,
            java.util.Collection<String> emails) {
        return certificates.learnersWithUsernameOrEmail(usernames, emails);
    }

    private Certificate repeated(Certificate certificate, CertificateRequest request) {
        Certificate current = certificate;
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Certificate> done = repeatedOnce(current, request);
            if (done.isPresent()) {
                return done.get();
            }
            // The worker saved first (it held the certificate a moment ago, say): decide again on fresh data, or the
            // email this request brings would be lost on a certificate held for the lack of it.
            Optional<Certificate> fresh = certificates.findById(current.id());
            if (fresh.isEmpty()) {
                return current;
            }
            current = fresh.get();
        }
        log.info("Certificate {}: a repeated request from {} lost three races in a row; its data was not applied",
                current.id(), request.source());
        return current;
    }

    /** @return the certificate after the request, or empty when a save lost the optimistic version check */
    private Optional<Certificate> repeatedOnce(Certificate certificate, CertificateRequest request) {
        CertificateStatus status = certificate.status();
        if (ALREADY_HANDLED.contains(status)) {
            if (status == CertificateStatus.EMITTED) {
                // The credential carries the name and email it was issued with: a change may need a new one.
                emittedLearnerReports.reported(certificate, request.learner(), request.source());
            }
            return Optional.of(certificate);
        }
        Learner learner = certificate.learner().updatedWith(request.learner());
        if (status == CertificateStatus.FAILED) {
            return lifecycle.requeue(certificate.withLearner(learner), Actor.OPENEDX,
                    "Open edX asked again (" + request.source() + ")", false).map(this::scheduled);
        }
        if (!NOT_YET_SENT.contains(status) || certificate.learner().equals(learner)) {
            return Optional.of(certificate);
        }
        if (status == CertificateStatus.HELD) {
            // What held it may be what just arrived (an email a lazy request lacked): try again at once; if it is
            // something else, the worker holds it again with the same reason.
            return lifecycle.requeue(certificate.withLearner(learner), Actor.OPENEDX,
                    "Open edX sent new learner data (" + request.source() + ")", false).map(this::scheduled);
        }
        return lifecycle.updateLearner(certificate, learner);
    }

    private Certificate scheduled(Certificate certificate) {
        queue.schedule(certificate.id(), clock.instant());
        return certificate;
    }
}
