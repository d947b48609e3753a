package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.PokCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.config.ServiceConfig.UncertainPolicy;
import com.openedxpok.kernel.Actor;
import com.openedxpok.pok.CredentialDetails;
import com.openedxpok.pok.CredentialImage;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.pok.IssuedCredential;
import com.openedxpok.pok.PokClient;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokFailure;

/**
 * Moves one certificate one step forward: submit it to POK, or look at a credential POK is processing. Runs inside a
 * db-scheduler execution, so at most one instance in the cluster works on a given certificate at a time; what the
 * step returns is when the certificate needs the worker again (empty: not until someone changes it).
 */
@Component
public class IssuanceWorker {

    private static final Logger log = LoggerFactory.getLogger(IssuanceWorker.class);
    private static final Duration PAUSED_RECHECK = IssuanceDecisions.PAUSED_RECHECK;
    /** After losing an optimistic-lock race, look again soon with fresh data. */
    private static final Duration AFTER_CONFLICT = Duration.ofSeconds(1);

    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final EligibilityPolicy eligibility;
    private final IssueRequestFactory requests;
    private final PokClient pok;
    private final IssuancePause pause;
    private final IssuanceDecisions decisions;
    private final LearnerFacts learnerFacts;
    private final HeldForFacts heldForFacts;
    private final CreditGuard credits;
    private final Clock clock;

    /**
     * @param learnerFacts fills in what Open edX's payload lacked (an email, a language) before the request is built
     * @param heldForFacts looks again at a certificate just held for a missing fact, in case the fact just arrived
     * @param credits      holds a blockchain emission while the organization has no credit left
     */
    public IssuanceWorker(CertificateRepository certificates, CertificateLifecycle lifecycle,
            EligibilityPolicy eligibility, IssueRequestFactory requests, PokClient pok, IssuancePause pause,
            ServiceConfig config, LearnerFacts learnerFacts, HeldForFacts heldForFacts, CreditGuard credits,
            Clock clock) {
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.eligibility = eligibility;
        this.requests = requests;
        this.pok = pok;
        this.pause = pause;
        this.decisions = new IssuanceDecisions(config.issuance());
        this.learnerFacts = learnerFacts;
        this.heldForFacts = heldForFacts;
        this.credits = credits;
        this.clock = clock;
    }

    /** @return when to run again for this certificate, or empty when it waits for nothing the worker can do */
    public Optional<Instant> work(long certificateId) {
        Optional<Certificate> found = certificates.findById(certificateId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Certificate c = found.get();
        return switch (c.status()) {
            case QUEUED, RETRY_WAIT -> submit(c);
            case SUBMITTING -> crashedWhileSubmitting(c);
            case UNCERTAIN -> c.nextAttemptAt() == null ? Optional.empty() : submit(c);
            case PROCESSING -> poll(c);
            case EMITTED, FAILED, HELD, REVOKED -> Optional.empty();
        };
    }

    private Optional<Instant> submit(Certificate c) {
        Instant now = clock.instant();
        Optional<Instant> notNow = decisions.notNow(c, now, pause::isPaused);
        if (notNow.isPresent()) {
            return notNow;
        }
        Optional<IssuanceTarget> target = eligibility.target(c.courseKey());
        if (target.isEmpty()) {
            lifecycle.held(c, IssuanceDecisions.notEnabledAnyMore(c));
            return Optional.empty();
        }
        LearnerFacts.Completion completion = learnerFacts.complete(c.learner());
        if (completion instanceof LearnerFacts.Unavailable unavailable) {
            // No email yet and Open edX cannot be asked right now: try again later rather than hold the certificate.
            Optional<Instant> later = decisions.askAgainLater(c, now);
            if (later.isPresent()) {
                log.info("Certificate {} waits for Open edX: {}", c.id(), unavailable.reason());
                return later;
            }
        }
        if (completion instanceof LearnerFacts.Completed done && !done.learner().equals(c.learner())) {
            Optional<Certificate> completed = lifecycle.updateLearner(c, done.learner());
            if (completed.isEmpty()) {
                return Optional.of(now.plus(AFTER_CONFLICT));
            }
            c = completed.get();
        }
        IssueRequestFactory.Built built;
        try {
            built = requests.build(c, target.get());
            if (built instanceof IssueRequestFactory.Ready ready) {
                // The course's later certificates get the same title and emitter as this one.
                built = requests.settle(c, target.get(), ready);
            }
        } catch (PokException e) {
            return failedBeforeSubmitting(c, e);
        }
        if (built instanceof IssueRequestFactory.Missing missing) {
            // The LMS, which would tell what is missing, did not answer: ask again later rather than hold.
            Optional<Instant> later = missing.mayComeSoon() ? decisions.askAgainLater(c, now) : Optional.empty();
            if (later.isPresent()) {
                log.info("Certificate {} waits for the LMS: {}", c.id(), missing.reason());
                return later;
            }
            return hold(c, missing.reason());
        }
        IssueRequestFactory.Ready ready = (IssueRequestFactory.Ready) built;
        if (target.get().emissionType() == EmissionType.BLOCKCHAIN && credits.exhausted()) {
            // POK would refuse it: held until credits return (CreditGuard), never failed or retried meanwhile.
            lifecycle.held(c, CreditGuard.REASON);
            return Optional.empty();
        }
        Optional<Certificate> taken = lifecycle.startSubmitting(c);
        if (taken.isEmpty()) {
            return Optional.of(now.plus(AFTER_CONFLICT));
        }
        Certificate submitting = taken.get();
        ready.warnings().forEach(w -> lifecycle.note(submitting, Actor.WORKER, "WARNING", w));
        EmissionType emissionType = target.get().emissionType();
        try {
            IssuedCredential issued = pok.issueCredential(ready.request());
            PokCredential stored = IssuanceDecisions.submitted(issued, ready.request(), emissionType);
            Instant firstPoll = clock.instant().plusSeconds(1);
            return lifecycle.submitted(submitting, stored, firstPoll).map(x -> firstPoll)
                    .or(() -> Optional.of(clock.instant().plus(AFTER_CONFLICT)));
        } catch (PokException e) {
            return submitFailed(submitting, emissionType, e);
        }
    }

    private Optional<Instant> hold(Certificate c, String reason) {
        Optional<Certificate> held = lifecycle.held(c, reason);
        // What it waits for may have arrived while it was being held, after the release task had looked.
        if (held.isPresent() && heldForFacts.releaseIfUnblocked(held.get(),
                "released: what it waited for arrived while it was being held")) {
            return Optional.of(clock.instant());
        }
        return Optional.empty();
    }

    private Optional<Instant> submitFailed(Certificate c, EmissionType emissionType, PokException e) {
        Instant now = clock.instant();
        IssuanceDecisions.AfterSubmitFailure decision = decisions.afterSubmitFailure(c, emissionType, e, now);
        if (decision instanceof IssuanceDecisions.RetryAt r) {
            return lifecycle.retryLater(c, r.next(), r.error()).map(x -> r.next())
                    .or(() -> Optional.of(now.plus(AFTER_CONFLICT)));
        }
        if (decision instanceof IssuanceDecisions.GiveUp giveUp) {
            if (e.failure() == PokFailure.PERMANENT && emissionType == EmissionType.BLOCKCHAIN
                    && credits.exhaustedNow()) {
                // Refused for lack of credits (spent since the count was read): it waits for credits instead.
                lifecycle.held(c, CreditGuard.REASON);
                return Optional.empty();
            }
            lifecycle.failed(c, Actor.WORKER, giveUp.reason());
            return Optional.empty();
        }
        if (decision instanceof IssuanceDecisions.Uncertain u) {
            return uncertain(c, u);
        }
        Optional<Instant> next = pauseIssuance(e, now);
        lifecycle.pausedForAuthentication(c, next.get(), e.getMessage());
        return next;
    }

    /**
     * The template or organization could not be read: nothing was sent, so nothing can be duplicated. Still an
     * attempt like a failed submission: it is counted, backs off, is written in the history and gives up at
     * {@code POK_RETRY_MAX_AGE}, so that an outage while preparing cannot keep a certificate queued silently forever.
     */
    private Optional<Instant> failedBeforeSubmitting(Certificate c, PokException e) {
        Instant now = clock.instant();
        IssuanceDecisions.AfterPreparationFailure decision = decisions.afterPreparationFailure(c, e, now);
        if (decision instanceof IssuanceDecisions.GiveUp giveUp) {
            log.warn("Certificate {} failed: {}", c.id(), giveUp.reason());
            return lifecycle.failedAttempt(c, Actor.WORKER, giveUp.reason()).map(x -> Optional.<Instant>empty())
                    .orElseGet(() -> Optional.of(now.plus(AFTER_CONFLICT)));
        }
        if (decision instanceof IssuanceDecisions.RetryAt r) {
            log.warn("Certificate {}: {} (attempt {}); next attempt at {}", c.id(), r.error(), r.attempt(), r.next());
            return lifecycle.preparationFailed(c, r.next(), r.error()).map(x -> r.next())
                    .or(() -> Optional.of(now.plus(AFTER_CONFLICT)));
        }
        return pauseIssuance(e, now);
    }

    private Optional<Instant> uncertain(Certificate c, IssuanceDecisions.Uncertain decision) {
        lifecycle.uncertain(c, decision.next(), decision.reason());
        return decision.next();
    }

    /** The row says SUBMITTING but no worker holds it: an instance died mid-request. POK may have the credential. */
    private Optional<Instant> crashedWhileSubmitting(Certificate c) {
        log.warn("Certificate {} was left SUBMITTING by a stopped worker; applying the UNCERTAIN policy", c.id());
        EmissionType type = eligibility.target(c.courseKey()).map(IssuanceTarget::emissionType).orElse(EmissionType.POK);
        return uncertain(c, decisions.uncertain(type, "The service stopped while this certificate was being submitted",
                clock.instant()));
    }

    private Optional<Instant> poll(Certificate c) {
        Instant now = clock.instant();
        Optional<Instant> notNow = decisions.notNow(c, now, pause::isPaused);
        if (notNow.isPresent()) {
            return notNow;
        }
        CredentialDetails details;
        try {
            details = pok.credential(c.pok().credentialId());
        } catch (PokException e) {
            return pollFailed(c, e, now);
        }
        IssuanceDecisions.AfterPoll decision = decisions.afterPoll(c, details, now);
        if (decision instanceof IssuanceDecisions.Emit emit) {
            boolean saved = lifecycle.emitted(c, withImage(emit.credential()), Actor.WORKER).isPresent();
            return saved ? Optional.empty() : Optional.of(now.plus(AFTER_CONFLICT));
        }
        if (decision instanceof IssuanceDecisions.EndedInPok ended) {
            if (ended.revoked()) {
                lifecycle.revoked(c.withPok(ended.credential()), Actor.WORKER, ended.reason());
            } else {
                lifecycle.failed(c.withPok(ended.credential()), Actor.WORKER, ended.reason());
            }
            return Optional.empty();
        }
        IssuanceDecisions.PollAgain again = (IssuanceDecisions.PollAgain) decision;
        return lifecycle.stillProcessing(c, again.credential(), again.next()).map(x -> again.next())
                .or(() -> Optional.of(now.plus(AFTER_CONFLICT)));
    }

    private Optional<Instant> pollFailed(Certificate c, PokException e, Instant now) {
        IssuanceDecisions.AfterPollFailure decision = decisions.afterPollFailure(c, e, now);
        if (decision instanceof IssuanceDecisions.LookAgainAt later) {
            return Optional.of(later.next());
        }
        if (decision instanceof IssuanceDecisions.GiveUp giveUp) {
            lifecycle.failed(c, Actor.WORKER, giveUp.reason());
            return Optional.empty();
        }
        return pauseIssuance(e, now);
    }

    /** POK refused our key: issuance pauses for everyone, and this certificate is looked at again later. */
    private Optional<Instant> pauseIssuance(PokException e, Instant now) {
        pause.pause(e.getMessage());
        return Optional.of(now.plus(PAUSED_RECHECK));
    }

    /** The image URL is best effort: without it the certificate is still emitted, and a refresh fills it in later. */
    private PokCredential withImage(PokCredential credential) {
        try {
            CredentialImage image = pok.decryptedImage(credential.credentialId());
            if (image.location() == null) {
                return credential;
            }
            return credential.withImage(image.location(), clock.instant());
        } catch (PokException e) {
            log.info("Image of credential {} not available yet ({}); it will be fetched later",
                    credential.credentialId(), e.failure());
            return credential;
        }
    }
}
