package com.openedxpok.openedx;

import com.openedxpok.issuance.RevocationService;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.kernel.Actor;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.IssuanceService;

/**
 * What the certificate events mean for us:
 * <ul>
 * <li>{@code created} and {@code changed} with a passing status ({@code downloadable}, {@code generating}): a request
 * for the learner's certificate, exactly like the creation webfilter's (so both can be configured: the second is a
 * no-op). {@code created} fires on every passing save, so duplicates are the rule; the request is idempotent per
 * learner and course.</li>
 * <li>{@code changed} to a status that is not passing: nothing (revocation comes as its own event).</li>
 * <li>{@code revoked}: see {@link RevocationService}.</li>
 * <li>A passing {@code created}/{@code changed} for a certificate we hold as REVOKED issues nothing: it is either an
 * event that arrived after the revocation it preceded, or Open edX issuing again; the two cannot be told apart, so a
 * note in the history tells the operator, who can "issue again".</li>
 * </ul>
 * Nothing here calls the LMS or POK: Open edX gets its answer in milliseconds.
 */
@Service
public class CertificateEventHandler {

    private static final Logger log = LoggerFactory.getLogger(CertificateEventHandler.class);

    private final IssuanceService issuance;
    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final RevocationService revocations;
    private final OpenedxCourseFacts courseFacts;

    public CertificateEventHandler(IssuanceService issuance, CertificateRepository certificates,
            CertificateLifecycle lifecycle, RevocationService revocations, OpenedxCourseFacts courseFacts) {
        this.issuance = issuance;
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.revocations = revocations;
        this.courseFacts = courseFacts;
    }

    public void handle(OpenedxCertificateEvent event) {
        courseFacts.rememberDisplayName(event.courseKey(), event.courseName());
        switch (event.type()) {
            case CREATED, CHANGED -> passing(event);
            case REVOKED -> {
                RevocationService.Outcome outcome = revocations.revoke(event.learner(), event.courseKey(), event.time());
                log.debug("{}: {}", event, outcome);
            }
        }
    }

    private void passing(OpenedxCertificateEvent event) {
        if (!event.passing()) {
            log.debug("{}: not a passing status, nothing to do", event);
            return;
        }
        Optional<Certificate> existing = certificates.findByLearnerAndCourse(event.userId(), event.courseKey());
        if (existing.isPresent() && existing.get().status() == CertificateStatus.REVOKED) {
            lifecycle.note(existing.get(), Actor.OPENEDX, "PASSING_AFTER_REVOKE", "Open edX sent '"
                    + event.type().label() + "' with status " + event.currentStatus()
                    + (event.time() == null ? "" : " (event time " + event.time() + ")")
                    + " for a revoked certificate: nothing issued. If Open edX issued the certificate again, use "
                    + "'issue again'.");
            return;
        }
        IssuanceService.Outcome outcome = issuance.request(new CertificateRequest(event.learner(), event.courseKey(),
                event.currentStatus(), "event: " + event.type().label()));
        log.debug("{}: {}", event, outcome instanceof IssuanceService.Recorded recorded
                ? (recorded.created() ? "queued" : "already known") : "ineligible");
    }
}
