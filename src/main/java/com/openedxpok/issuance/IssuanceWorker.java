package com.openedxpok.issuance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.config.ServiceConfig.UncertainPolicy;
import com.openedxpok.issuance.CertificateLifecycle.Actor;
import com.openedxpok.pok.CredentialDetails;
import com.openedxpok.pok.CredentialImage;
import com.openedxpok.pok.EmissionType;
import com.openedxpok.pok.IssuedCredential;
import com.openedxpok.pok.PokClient;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokFailure;
import com.openedxpok.pok.PokState;

/**
 * Moves one certificate one step forward: submit it to POK, or look at a credential POK is processing. Runs inside a
 * db-scheduler execution, so at most one instance in the cluster works on a given certificate at a time; what the
 * step returns is when the certificate needs the worker again (empty: not until someone changes it).
 */
@Component
public class IssuanceWorker {

    private static final Logger log = LoggerFactory.getLogger(IssuanceWorker.class);
    /** How often a certificate is looked at again while issuance is paused for a refused API key. */
    static final Duration PAUSED_RECHECK = Duration.ofSeconds(30);
    /** After losing an optimistic-lock race, look again soon with fresh data. */
    private static final Duration AFTER_CONFLICT = Duration.ofSeconds(1);

    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final EligibilityPolicy eligibility;
    private final IssueRequestFactory requests;
    private final PokClient pok;
    private final IssuancePause pause;
    private final ServiceConfig.Issuance settings;
    private final RetryPolicy retry;
    private final LearnerFacts learnerFacts;
    private final HeldForFacts heldForFacts;
    private final CreditGuard credits;
    private final Clock clock;

    /**
     * @param learnerFacts fills in what Open edX's payload lacked (an email, a language) before the request is built
     * @param heldForFacts looks again at a certificate just held for a missing fact, in case the fact just arrived
     * @param credits      holds a blockchain emission while the organization has no credit left
     */
    @Autowired
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
        this.settings = config.issuance();
        this.retry = new RetryPolicy(config.issuance());
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
        if (c.nextAttemptAt() != null && c.nextAttemptAt().isAfter(now)) {
            return Optional.of(c.nextAttemptAt());
        }
        if (pause.isPaused()) {
            return Optional.of(now.plus(PAUSED_RECHECK));
        }
        Optional<IssuanceTarget> target = eligibility.target(c.courseKey());
        if (target.isEmpty()) {
            lifecycle.held(c, "Course " + c.courseKey() + " is not enabled for POK any more (no enabled course "
                    + "template); enable it to issue this certificate");
            return Optional.empty();
        }
        LearnerFacts.Completion completion = learnerFacts.complete(c.learner());
        if (completion instanceof LearnerFacts.Unavailable unavailable && retry.mayRetry(c.queuedAt(), now)) {
            // No email yet and Open edX cannot be asked right now: try again later rather than hold the certificate.
            log.info("Certificate {} waits for Open edX: {}", c.id(), unavailable.reason());
            return Optional.of(now.plus(retry.backoff(1, null)));
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
            if (missing.mayComeSoon() && retry.mayRetry(c.queuedAt(), now)) {
                // The LMS, which would tell what is missing, did not answer: ask again later rather than hold.
                log.info("Certificate {} waits for the LMS: {}", c.id(), missing.reason());
                return Optional.of(now.plus(retry.backoff(1, null)));
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
            var credential = ready.request().credential();
            PokCredential stored = new PokCredential(issued.id(), issued.state() == null ? "processing" : issued.state(),
                    issued.viewUrl(), null, null, emissionType, credential.emissionDate(), credential.title(),
                    credential.emitter(), credential.tags(), ready.request().customization().page());
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
        return switch (e.failure()) {
            case RETRYABLE -> retryOrGiveUp(c, e, now);
            case PERMANENT -> {
                if (emissionType == EmissionType.BLOCKCHAIN && credits.exhaustedNow()) {
                    // Refused for lack of credits (spent since the count was read): it waits for credits instead.
                    lifecycle.held(c, CreditGuard.REASON);
                    yield Optional.empty();
                }
                lifecycle.failed(c, Actor.WORKER, "POK refused the request: " + e.pokMessage().orElse(e.getMessage()));
                yield Optional.empty();
            }
            case AUTHENTICATION -> {
                Optional<Instant> next = pauseIssuance(e, now);
                lifecycle.pausedForAuthentication(c, next.get(), e.getMessage());
                yield next;
            }
            case AMBIGUOUS -> uncertain(c, emissionType, "The request may have reached POK: " + e.getMessage());
        };
    }

    /**
     * The template or organization could not be read: nothing was sent, so nothing can be duplicated. Still an
     * attempt like a failed submission: it is counted, backs off, is written in the history and gives up at
     * {@code POK_RETRY_MAX_AGE}, so that an outage while preparing cannot keep a certificate queued silently forever.
     */
    private Optional<Instant> failedBeforeSubmitting(Certificate c, PokException e) {
        Instant now = clock.instant();
        AfterPreparationFailure decision = afterPreparationFailure(c, e, now, retry);
        if (decision instanceof GiveUp giveUp) {
            log.warn("Certificate {} failed: {}", c.id(), giveUp.reason());
            return lifecycle.failedAttempt(c, Actor.WORKER, giveUp.reason()).map(x -> Optional.<Instant>empty())
                    .orElseGet(() -> Optional.of(now.plus(AFTER_CONFLICT)));
        }
        if (decision instanceof RetryAt r) {
            log.warn("Certificate {}: {} (attempt {}); next attempt at {}", c.id(), r.error(), r.attempt(), r.next());
            return lifecycle.preparationFailed(c, r.next(), r.error()).map(x -> r.next())
                    .or(() -> Optional.of(now.plus(AFTER_CONFLICT)));
        }
        return pauseIssuance(e, now);
    }

    /** What a failure to prepare the request leads to: decided from the certificate and the failure alone. */
    sealed interface AfterPreparationFailure permits Pause, GiveUp, RetryAt {
    }

    /** POK refused the API key: issuance pauses for everyone; the certificate keeps its attempts. */
    record Pause() implements AfterPreparationFailure {
    }

    /** No retry: POK refused for good, or the run is older than the maximum age. Counts as an attempt. */
    record GiveUp(String reason) implements AfterPreparationFailure {
    }

    /** @param attempt the attempt this failure was (counted); {@code next} backs off from it */
    record RetryAt(Instant next, int attempt, String error) implements AfterPreparationFailure {
    }

    static AfterPreparationFailure afterPreparationFailure(Certificate c, PokException e, Instant now,
            RetryPolicy retry) {
        int attempt = c.attempts() + 1;
        // An earlier submission of an UNCERTAIN certificate may have created the credential: the operator must know.
        String mayExist = c.status() == CertificateStatus.UNCERTAIN
                ? "; an earlier request may have reached POK, check POK before retrying" : "";
        return switch (e.failure()) {
            case AUTHENTICATION -> new Pause();
            case PERMANENT -> new GiveUp("Cannot prepare the request: " + e.pokMessage().orElse(e.getMessage())
                    + mayExist);
            case RETRYABLE, AMBIGUOUS -> retry.mayRetry(c.queuedAt(), now)
                    ? new RetryAt(now.plus(retry.backoff(attempt, e.retryAfter().orElse(null))), attempt,
                            "Cannot prepare the request: " + e.getMessage())
                    : new GiveUp("Gave up after " + attempt + " attempts over " + retry.maxAge()
                            + ": cannot prepare the request: " + e.getMessage() + mayExist);
        };
    }

    private Optional<Instant> retryOrGiveUp(Certificate c, PokException e, Instant now) {
        if (!retry.mayRetry(c.queuedAt(), now)) {
            lifecycle.failed(c, Actor.WORKER, "Gave up after " + c.attempts() + " attempts over "
                    + settings.retryMaxAge() + ": " + e.getMessage());
            return Optional.empty();
        }
        Instant next = now.plus(retry.backoff(c.attempts(), e.retryAfter().orElse(null)));
        return lifecycle.retryLater(c, next, e.getMessage()).map(x -> next)
                .or(() -> Optional.of(now.plus(AFTER_CONFLICT)));
    }

    private Optional<Instant> uncertain(Certificate c, EmissionType emissionType, String reason) {
        if (settings.uncertainPolicy(emissionType) == UncertainPolicy.RETRY) {
            Instant next = clock.instant().plus(settings.uncertainRetryDelay());
            lifecycle.uncertain(c, Optional.of(next), reason);
            return Optional.of(next);
        }
        lifecycle.uncertain(c, Optional.empty(), reason);
        return Optional.empty();
    }

    /** The row says SUBMITTING but no worker holds it: an instance died mid-request. POK may have the credential. */
    private Optional<Instant> crashedWhileSubmitting(Certificate c) {
        log.warn("Certificate {} was left SUBMITTING by a stopped worker; applying the UNCERTAIN policy", c.id());
        EmissionType type = eligibility.target(c.courseKey()).map(IssuanceTarget::emissionType).orElse(EmissionType.POK);
        return uncertain(c, type, "The service stopped while this certificate was being submitted");
    }

    private Optional<Instant> poll(Certificate c) {
        Instant now = clock.instant();
        if (c.nextAttemptAt() != null && c.nextAttemptAt().isAfter(now)) {
            return Optional.of(c.nextAttemptAt());
        }
        if (pause.isPaused()) {
            return Optional.of(now.plus(PAUSED_RECHECK));
        }
        CredentialDetails details;
        try {
            details = pok.credential(c.pok().credentialId());
        } catch (PokException e) {
            return pollFailed(c, e, now);
        }
        PokState state = details.pokState();
        PokCredential merged = merge(c.pok(), details);
        if (state.isEmitted() && merged.viewUrl() != null) {
            boolean saved = lifecycle.emitted(c, withImage(merged), Actor.WORKER).isPresent();
            return saved ? Optional.empty() : Optional.of(now.plus(AFTER_CONFLICT));
        }
        if (state.isFinalNotViewable()) {
            String reason = "POK reports the credential " + state;
            if ("revoked".equals(state.value())) {
                lifecycle.revoked(c.withPok(merged), Actor.WORKER, reason);
            } else {
                lifecycle.failed(c.withPok(merged), Actor.WORKER, reason);
            }
            return Optional.empty();
        }
        // Waiting for the learner to accept by email can take days: look less often.
        Duration cap = state.isWaitingForApproval() ? Duration.ofHours(1) : settings.pollMaxDelay();
        Instant next = now.plus(RetryPolicy.nextPollDelay(c.modifiedAt(), c.nextAttemptAt(), cap));
        return lifecycle.stillProcessing(c, merged, next).map(x -> next)
                .or(() -> Optional.of(now.plus(AFTER_CONFLICT)));
    }

    private Optional<Instant> pollFailed(Certificate c, PokException e, Instant now) {
        if (e.failure() == PokFailure.AUTHENTICATION) {
            return pauseIssuance(e, now);
        }
        if (e.failure() == PokFailure.PERMANENT) {
            lifecycle.failed(c, Actor.WORKER, "POK no longer knows credential " + c.pok().credentialId() + ": "
                    + e.pokMessage().orElse(e.getMessage()));
            return Optional.empty();
        }
        return Optional.of(now.plus(retry.backoff(Math.max(1, c.attempts()), e.retryAfter().orElse(null))));
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
            return new PokCredential(credential.credentialId(), credential.state(), credential.viewUrl(),
                    image.location(), clock.instant(), credential.emissionType(), credential.emissionDate(),
                    credential.title(), credential.emitter(), credential.tags(), credential.pageId());
        } catch (PokException e) {
            log.info("Image of credential {} not available yet ({}); it will be fetched later",
                    credential.credentialId(), e.failure());
            return credential;
        }
    }

    private static PokCredential merge(PokCredential known, CredentialDetails details) {
        CredentialDetails.Credential d = details.credential();
        return new PokCredential(
                known.credentialId(),
                details.state() != null ? details.state() : known.state(),
                details.viewUrl() != null ? details.viewUrl() : known.viewUrl(),
                known.imageUrl(), known.imageFetchedAt(),
                d != null && d.emissionType() != null
                        ? EmissionType.fromWire(d.emissionType()).orElse(known.emissionType()) : known.emissionType(),
                d != null && d.emissionDate() != null ? d.emissionDate() : known.emissionDate(),
                d != null && d.title() != null ? d.title() : known.title(),
                d != null && d.emitter() != null ? d.emitter() : known.emitter(),
                d != null && d.tags() != null && !d.tags().isEmpty() ? d.tags() : known.tags(),
                known.pageId());
    }
}
