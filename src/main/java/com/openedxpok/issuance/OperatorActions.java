package com.openedxpok.issuance;

import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Service;

import com.openedxpok.issuance.CertificateLifecycle.Actor;
import com.openedxpok.openedx.CourseKey;

/**
 * What an operator can do to a certificate from the console or the REST API. Every action goes through the state
 * machine (so it is checked and recorded with the operator's name) and puts the certificate in front of the worker
 * when there is work to do.
 */
@Service
public class OperatorActions {

    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final IssuanceQueue queue;
    private final Clock clock;

    public OperatorActions(CertificateRepository certificates, CertificateLifecycle lifecycle, IssuanceQueue queue,
            Clock clock) {
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.clock = clock;
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
