package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.PokCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.config.ServiceConfig.UncertainPolicy;
import com.openedxpok.pok.CredentialDetails;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.pok.IssueRequest;
import com.openedxpok.pok.IssuedCredential;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokState;

/**
 * What {@link IssuanceWorker} does next with a certificate, decided from the certificate, POK's answer and the time
 * alone. Kept apart from the worker, which reads and saves, so that every branch can be tested without a database
 * or a POK server; the worker only carries out what is decided here.
 */
final class IssuanceDecisions {

    /** How often a certificate is looked at again while issuance is paused for a refused API key. */
    static final Duration PAUSED_RECHECK = Duration.ofSeconds(30);
    /** Waiting for the learner to accept by email can take days: such credentials are looked at less often. */
    static final Duration APPROVAL_POLL_CAP = Duration.ofHours(1);

    private final RetryPolicy retry;
    private final ServiceConfig.Issuance settings;

    IssuanceDecisions(ServiceConfig.Issuance settings) {
        this(new RetryPolicy(settings), settings);
    }

    IssuanceDecisions(RetryPolicy retry, ServiceConfig.Issuance settings) {
        this.retry = retry;
        this.settings = settings;
    }

    RetryPolicy retry() {
        return retry;
    }

    /**
     * Before any call to POK: when to look again if the certificate is not due yet or issuance is paused; empty when
     * the worker goes on. {@code paused} is asked only for a certificate that is due (it reads the database).
     */
    Optional<Instant> notNow(Certificate c, Instant now, BooleanSupplier paused) {
        if (c.nextAttemptAt() != null && c.nextAttemptAt().isAfter(now)) {
            return Optional.of(c.nextAttemptAt());
        }
        if (paused.getAsBoolean()) {
            return Optional.of(now.plus(PAUSED_RECHECK));
        }
        return Optional.empty();
    }

    /**
     * Open edX or the LMS, which would give a missing fact, did not answer: when to ask again, or empty once the run
     * is too old to wait any longer (the certificate then goes on without the fact, and is held if it needs it).
     */
    Optional<Instant> askAgainLater(Certificate c, Instant now) {
        return retry.mayRetry(c.queuedAt(), now) ? Optional.of(now.plus(retry.backoff(1, null))) : Optional.empty();
    }

    static String notEnabledAnyMore(Certificate c) {
        return "Course " + c.courseKey() + " is not enabled for POK any more (no enabled course template); enable it to "
                + "issue this certificate";
    }

    /** What is stored of the credential POK has just created for {@code request}. */
    static PokCredential submitted(IssuedCredential issued, IssueRequest request, EmissionType emissionType) {
        IssueRequest.Credential credential = request.credential();
        return new PokCredential(issued.id(), issued.state() == null ? "processing" : issued.state(),
                issued.viewUrl(), null, null, emissionType, credential.emissionDate(), credential.title(),
                credential.emitter(), credential.tags(), request.customization().page());
    }

    /** A submission POK did not accept; the attempt was counted when the submission started. */
    AfterSubmitFailure afterSubmitFailure(Certificate c, EmissionType emissionType, PokException e, Instant now) {
        return switch (e.failure()) {
            case RETRYABLE -> retry.mayRetry(c.queuedAt(), now)
                    ? new RetryAt(now.plus(retry.backoff(c.attempts(), e.retryAfter().orElse(null))), c.attempts(),
                            e.getMessage())
                    : new GiveUp("Gave up after " + c.attempts() + " attempts over " + retry.maxAge() + ": "
                            + e.getMessage());
            case PERMANENT -> new GiveUp("POK refused the request: " + e.pokMessage().orElse(e.getMessage()));
            case AUTHENTICATION -> new Pause();
            case AMBIGUOUS -> uncertain(emissionType, "The request may have reached POK: " + e.getMessage(), now);
        };
    }

    /**
     * The credential may exist in POK: the emission type's {@code POK_UNCERTAIN_*} policy says whether to submit again
     * later (POK deduplicates a pok emission) or to wait for an operator (a second blockchain emission costs).
     */
    Uncertain uncertain(EmissionType emissionType, String reason, Instant now) {
        Optional<Instant> next = settings.uncertainPolicy(emissionType) == UncertainPolicy.RETRY
                ? Optional.of(now.plus(settings.uncertainRetryDelay())) : Optional.empty();
        return new Uncertain(next, reason);
    }

    /** The template or organization could not be read, so nothing was sent; the failure counts as an attempt. */
    AfterPreparationFailure afterPreparationFailure(Certificate c, PokException e, Instant now) {
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

    /** What POK's answer about a credential it is processing leads to. */
    AfterPoll afterPoll(Certificate c, CredentialDetails details, Instant now) {
        PokState state = details.pokState();
        PokCredential merged = merge(c.pok(), details);
        if (state.isEmitted() && merged.viewUrl() != null) {
            return new Emit(merged);
        }
        if (state.isFinalNotViewable()) {
            return new EndedInPok(merged, "revoked".equals(state.value()), "POK reports the credential " + state);
        }
        Duration cap = state.isWaitingForApproval() ? APPROVAL_POLL_CAP : settings.pollMaxDelay();
        return new PollAgain(merged, now.plus(RetryPolicy.nextPollDelay(c.modifiedAt(), c.nextAttemptAt(), cap)));
    }

    /** POK did not say how the credential is: the certificate stays PROCESSING unless POK forgot the credential. */
    AfterPollFailure afterPollFailure(Certificate c, PokException e, Instant now) {
        return switch (e.failure()) {
            case AUTHENTICATION -> new Pause();
            case PERMANENT -> new GiveUp("POK no longer knows credential " + c.pok().credentialId() + ": "
                    + e.pokMessage().orElse(e.getMessage()));
            case RETRYABLE, AMBIGUOUS -> new LookAgainAt(
                    now.plus(retry.backoff(Math.max(1, c.attempts()), e.retryAfter().orElse(null))));
        };
    }

    /** What POK says now, over what was known; a field POK left out keeps its known value. */
    static PokCredential merge(PokCredential known, CredentialDetails details) {
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

    sealed interface AfterSubmitFailure permits Pause, GiveUp, RetryAt, Uncertain {
    }

    sealed interface AfterPreparationFailure permits Pause, GiveUp, RetryAt {
    }

    sealed interface AfterPoll permits Emit, EndedInPok, PollAgain {
    }

    sealed interface AfterPollFailure permits Pause, GiveUp, LookAgainAt {
    }

    /** POK refused the API key: issuance pauses for everyone; the certificate keeps its attempts. */
    record Pause() implements AfterSubmitFailure, AfterPreparationFailure, AfterPollFailure {
    }

    /** No retry: POK refused for good, or the run is older than the maximum age; the certificate fails. */
    record GiveUp(String reason) implements AfterSubmitFailure, AfterPreparationFailure, AfterPollFailure {
    }

    /** @param attempt the attempt this failure was (counted); {@code next} backs off from it */
    record RetryAt(Instant next, int attempt, String error) implements AfterSubmitFailure, AfterPreparationFailure {
    }

    /** @param next when to submit again; empty: an operator decides */
    record Uncertain(Optional<Instant> next, String reason) implements AfterSubmitFailure {
    }

    /** Emitted with a view URL: the certificate can be shown (its image is fetched on the way, best effort). */
    record Emit(PokCredential credential) implements AfterPoll {
    }

    /** POK ended the credential without anything to show: revoked there, or failed (aborted, signature rejected). */
    record EndedInPok(PokCredential credential, boolean revoked, String reason) implements AfterPoll {
    }

    record PollAgain(PokCredential credential, Instant next) implements AfterPoll {
    }

    /** POK could not be asked (an outage): ask again later, nothing about the certificate changes. */
    record LookAgainAt(Instant next) implements AfterPollFailure {
    }
}
