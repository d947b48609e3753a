package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import com.openedxpok.kernel.Actor;
import com.openedxpok.kernel.CourseKey;

/**
 * What an operator can do to a certificate from the console or the REST API. Every action goes through the state
 * machine (so it is checked and recorded with the operator's name) and puts the certificate in front of the worker
 * when there is work to do.
 */
@Service
public class OperatorActionService {

    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final IssuanceQueue queue;
    private final Clock clock;
    private final EligibilityPolicy eligibility;
    private final IssueRequestFactory requests;
    private final LearnerFacts learnerFacts;

    /** Statuses in which nothing has reached POK yet, so the learner's data may still be corrected. */
    public static final java.util.Set<CertificateStatus> LEARNER_EDITABLE = EnumSet.of(CertificateStatus.QUEUED,
            CertificateStatus.RETRY_WAIT, CertificateStatus.HELD, CertificateStatus.FAILED);

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public OperatorActionService(CertificateRepository certificates, CertificateLifecycle lifecycle, IssuanceQueue queue,
            Clock clock, EligibilityPolicy eligibility, IssueRequestFactory requests, LearnerFacts learnerFacts) {
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.clock = clock;
        this.eligibility = eligibility;
        this.requests = requests;
        this.learnerFacts = learnerFacts;
    }

    /** A corrected learner and what its history line says; {@code requeued} when a HELD one went back to the queue. */
    public record LearnerCorrected(Certificate certificate, List<String> changed, boolean requeued) {
    }

    /** An action that cannot apply to the certificate as it is now; the message says why, for the operator. */
    public static class NotAllowedException extends RuntimeException {
        public NotAllowedException(String message) {
            super(message);
        }
    }

    /** Try again now: a new run for FAILED/HELD/UNCERTAIN ones, an earlier attempt for waiting ones. */
    public Certificate retryNow(long id, String operator) {
        Certificate c = load(id);
        switch (c.status()) {
            case QUEUED, RETRY_WAIT, PROCESSING -> {
                queue.schedule(c.id(), clock.instant());
                lifecycle.note(c, Actor.operator(operator), "RETRY_NOW", "operator asked for an attempt now");
                return c;
            }
            case FAILED, HELD, UNCERTAIN -> {
                if (c.status() == CertificateStatus.HELD) {
                    wouldBeHeldAgain(c).ifPresent(reason -> {
                        throw new NotAllowedException("Not retried: it would be held again at once. " + reason);
                    });
                }
                Certificate requeued = saved(lifecycle.requeue(c, Actor.operator(operator), "retried by operator",
                        false));
                queue.schedule(requeued.id(), clock.instant());
                return requeued;
            }
            default -> throw new NotAllowedException("A " + c.status() + " certificate cannot be retried"
                    + (c.status() == CertificateStatus.EMITTED || c.status() == CertificateStatus.REVOKED
                            ? "; use 'issue again' to issue a new credential" : ""));
        }
    }

    /**
     * Corrects the learner's name and email of a certificate nothing has been sent for yet. The history says which
     * fields an operator changed, not their values: personal data stays in one place. A HELD certificate goes back to
     * the queue, since what it was held for may be what was corrected (if not, the worker holds it again with why).
     */
    public LearnerCorrected correctLearner(long id, String name, String email, String operator) {
        String newName = name == null ? null : name.strip();
        String newEmail = email == null ? null : email.strip();
        if (newName == null || newName.isEmpty()) {
            throw new NotAllowedException("Give the learner's full name");
        }
        if (newName.length() > Learner.MAX_NAME) {
            throw new NotAllowedException("The name is longer than " + Learner.MAX_NAME + " characters");
        }
        if (newEmail == null || newEmail.isEmpty()) {
            throw new NotAllowedException("Give the learner's email address: POK delivers the certificate to it");
        }
        if (newEmail.length() > Learner.MAX_EMAIL || !EMAIL.matcher(newEmail).matches()) {
            throw new NotAllowedException("'" + newEmail + "' is not an email address");
        }
        Certificate c = load(id);
        if (!LEARNER_EDITABLE.contains(c.status())) {
            throw new NotAllowedException("The learner cannot be changed any more: the certificate is "
                    + c.status().label() + ", so it has been sent to POK already");
        }
        Learner old = c.learner();
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(old.name(), newName)) {
            changed.add("name");
        }
        if (!Objects.equals(old.email(), newEmail)) {
            changed.add("email");
        }
        if (changed.isEmpty()) {
            throw new NotAllowedException("Nothing changed: the name and email are already these");
        }
        Learner learner = new Learner(old.userId(), old.username(), newName, newEmail, old.languageTag(), old.mode(),
                old.grade());
        Certificate updated = lifecycle.updateLearner(c, learner).orElseThrow(() -> new NotAllowedException(
                "The certificate changed while you were looking at it; reload and try again"));
        lifecycle.note(updated, Actor.operator(operator), "LEARNER_CORRECTED",
                "learner's " + String.join(" and ", changed) + " corrected by operator");
        if (updated.status() == CertificateStatus.HELD) {
            Certificate requeued = saved(lifecycle.requeue(updated, Actor.operator(operator),
                    "learner corrected by operator", false));
            queue.schedule(requeued.id(), clock.instant());
            return new LearnerCorrected(requeued, changed, true);
        }
        return new LearnerCorrected(updated, changed, false);
    }

    /**
     * The worker's own checks, without sending anything: the course still enabled, an email known (or findable in
     * Open edX), every value of the request known. Empty when a retry would get further than being held again; a
     * POK or LMS that does not answer now is no reason to refuse the retry (the worker copes with it).
     */
    Optional<String> wouldBeHeldAgain(Certificate c) {
        Optional<IssuanceTarget> target = eligibility.target(c.courseKey());
        if (target.isEmpty()) {
            return Optional.of("Course " + c.courseKey() + " is not enabled for POK (no enabled course template); "
                    + "enable it first");
        }
        Certificate probe = c;
        if (c.learner().email() == null || c.learner().email().isBlank()) {
            LearnerFacts.Completion completion = learnerFacts.complete(c.learner());
            if (!(completion instanceof LearnerFacts.Completed done) || done.learner().email() == null
                    || done.learner().email().isBlank()) {
                return Optional.of("No email address is known for the learner and Open edX did not give one: "
                        + "enter it under 'Correct the learner' (the certificate is then queued again).");
            }
            probe = c.withLearner(done.learner());
        }
        try {
            if (requests.build(probe, target.get()) instanceof IssueRequestFactory.Missing missing
                    && !missing.mayComeSoon()) {
                return Optional.of(missing.reason());
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Look at POK now for a certificate whose credential we know. */
    public Certificate refreshFromPok(long id, String operator) {
        Certificate c = load(id);
        if (c.pok().credentialId() == null) {
            throw new NotAllowedException("This certificate has no POK credential yet");
        }
        if (c.status() == CertificateStatus.PROCESSING) {
            // No status change to record it, so a note says who asked.
            lifecycle.note(c, Actor.operator(operator), "REFRESH_NOW", "operator asked to look at POK now");
        } else if (CertificateLifecycle.isAllowed(c.status(), CertificateStatus.PROCESSING)) {
            c = saved(lifecycle.markIssued(c, c.pok().credentialId(), Actor.operator(operator)));
        } else {
            throw new NotAllowedException("A " + c.status() + " certificate cannot be refreshed from POK");
        }
        queue.schedule(c.id(), clock.instant());
        return c;
    }

    /** Issue a brand-new credential, forgetting the one we knew of (a blockchain emission spends a credit). */
    public Certificate issueAgain(long id, String operator) {
        Certificate c = load(id);
        if (c.status() == CertificateStatus.SUBMITTING) {
            throw new NotAllowedException("The certificate is being submitted right now; wait for the outcome");
        }
        Certificate requeued = saved(lifecycle.requeue(c, Actor.operator(operator), "issue again requested by operator",
                true));
        queue.schedule(requeued.id(), clock.instant());
        return requeued;
    }

    /** Settle an UNCERTAIN or FAILED certificate with the credential that exists at POK; it is then polled. */
    public Certificate markIssued(long id, String credentialId, String operator) {
        if (credentialId == null || credentialId.isBlank() || credentialId.length() > 255) {
            throw new NotAllowedException("Give the POK credential id (at most 255 characters)");
        }
        Certificate c = load(id);
        if (c.status() != CertificateStatus.UNCERTAIN && c.status() != CertificateStatus.FAILED) {
            throw new NotAllowedException("Only an UNCERTAIN or FAILED certificate can be marked as issued");
        }
        Certificate marked = saved(lifecycle.markIssued(c, credentialId.strip(), Actor.operator(operator)));
        queue.schedule(marked.id(), clock.instant());
        return marked;
    }

    /** Mark revoked here (POK's own revoke API is not known: revoke it in POK as well). */
    public Certificate revokeLocally(long id, String reason, String operator) {
        Certificate c = load(id);
        if (c.status() == CertificateStatus.REVOKED) {
            return c;
        }
        if (c.status() == CertificateStatus.SUBMITTING) {
            throw new NotAllowedException("The certificate is being submitted right now; wait for the outcome");
        }
        String why = reason == null || reason.isBlank() ? "revoked by operator" : reason.strip();
        return saved(lifecycle.revoked(c, Actor.operator(operator), why));
    }

    /** After a course template's mapping was fixed: every HELD certificate of the course goes back to the queue. */
    public int releaseHeld(CourseKey courseKey, String operator) {
        int released = 0;
        for (Certificate c : certificates.findByCourseAndStatus(courseKey, CertificateStatus.HELD)) {
            Optional<Certificate> requeued = lifecycle.requeue(c, Actor.operator(operator),
                    "course template saved: released", false);
            if (requeued.isPresent()) {
                queue.schedule(c.id(), clock.instant());
                released++;
            }
        }
        return released;
    }

    private Certificate load(long id) {
        return certificates.findById(id).orElseThrow(() -> new NotAllowedException("No certificate " + id));
    }

    private static Certificate saved(Optional<Certificate> result) {
        return result.orElseThrow(() -> new NotAllowedException(
                "The certificate changed while you were looking at it; reload and try again"));
    }
}
