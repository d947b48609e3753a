package com.openedxpok.certificate;

import static com.openedxpok.certificate.CertificateStatus.EMITTED;
import static com.openedxpok.certificate.CertificateStatus.FAILED;
import static com.openedxpok.certificate.CertificateStatus.HELD;
import static com.openedxpok.certificate.CertificateStatus.PROCESSING;
import static com.openedxpok.certificate.CertificateStatus.QUEUED;
import static com.openedxpok.certificate.CertificateStatus.RETRY_WAIT;
import static com.openedxpok.certificate.CertificateStatus.REVOKED;
import static com.openedxpok.certificate.CertificateStatus.SUBMITTING;
import static com.openedxpok.certificate.CertificateStatus.UNCERTAIN;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.openedxpok.kernel.Actor;
import com.openedxpok.kernel.CourseKey;

/**
 * The certificate state machine: the only class that changes a certificate's status. Every change is checked against
 * the allowed transitions, saved with the row's optimistic version, and written to the certificate's history in the
 * same transaction. A change that lost a race (someone else saved first) returns empty and changes nothing.
 */
@Component
public class CertificateLifecycle {

    private static final Map<CertificateStatus, Set<CertificateStatus>> ALLOWED = new EnumMap<>(CertificateStatus.class);

    static {
        // RETRY_WAIT from QUEUED and from itself: the request could not be prepared (POK's template unreadable).
        ALLOWED.put(QUEUED, EnumSet.of(QUEUED, SUBMITTING, RETRY_WAIT, HELD, FAILED, REVOKED));
        ALLOWED.put(SUBMITTING, EnumSet.of(PROCESSING, RETRY_WAIT, UNCERTAIN, FAILED, QUEUED, HELD, REVOKED));
        ALLOWED.put(PROCESSING, EnumSet.of(PROCESSING, EMITTED, FAILED, REVOKED, QUEUED));
        ALLOWED.put(RETRY_WAIT, EnumSet.of(RETRY_WAIT, SUBMITTING, QUEUED, HELD, FAILED, REVOKED));
        // The worker builds the request again before an automatic resubmission: what it lacks then holds it.
        ALLOWED.put(UNCERTAIN, EnumSet.of(UNCERTAIN, SUBMITTING, QUEUED, PROCESSING, HELD, FAILED, REVOKED));
        ALLOWED.put(FAILED, EnumSet.of(QUEUED, PROCESSING, REVOKED));
        ALLOWED.put(HELD, EnumSet.of(QUEUED, FAILED, REVOKED));
        ALLOWED.put(EMITTED, EnumSet.of(EMITTED, QUEUED, REVOKED));
        ALLOWED.put(REVOKED, EnumSet.of(QUEUED));
    }

    private final CertificateRepository certificates;
    private final CertificateEventRepository events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public CertificateLifecycle(CertificateRepository certificates, CertificateEventRepository events,
            TransactionTemplate transaction, Clock clock) {
        this.certificates = certificates;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    public static boolean isAllowed(CertificateStatus from, CertificateStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The worker takes the certificate to send it to POK. */
    public Optional<Certificate> startSubmitting(Certificate c) {
        return move(c, c.withStatus(SUBMITTING, c.attempts() + 1, null, c.lastError()), Actor.WORKER, "SUBMITTING",
                "attempt " + (c.attempts() + 1));
    }

    /** POK accepted the issue request; we poll it from {@code firstPollAt}. */
    public Optional<Certificate> submitted(Certificate c, PokCredential credential, Instant firstPollAt) {
        return move(c, c.withPok(credential).withStatus(PROCESSING, c.attempts(), firstPollAt, null), Actor.WORKER,
                "SUBMITTED", "POK credential " + credential.credentialId() + " (" + credential.state() + ")");
    }

    /** A failure worth retrying; the next attempt is at {@code nextAttempt}. */
    public Optional<Certificate> retryLater(Certificate c, Instant nextAttempt, String error) {
        return move(c, c.withStatus(RETRY_WAIT, c.attempts(), nextAttempt, error), Actor.WORKER, "RETRY_SCHEDULED",
                error + "; next attempt at " + nextAttempt);
    }

    /**
     * The request could not be prepared (POK's template or organization could not be read): nothing was sent, but it
     * counts as an attempt. An UNCERTAIN certificate stays UNCERTAIN (its earlier request may have reached POK).
     */
    public Optional<Certificate> preparationFailed(Certificate c, Instant nextAttempt, String error) {
        CertificateStatus waiting = c.status() == UNCERTAIN ? UNCERTAIN : RETRY_WAIT;
        return move(c, c.withStatus(waiting, c.attempts() + 1, nextAttempt, error), Actor.WORKER, "RETRY_SCHEDULED",
                error + "; attempt " + (c.attempts() + 1) + "; next attempt at " + nextAttempt);
    }

    /** Gives up on an attempt that was not a submission (nothing reached POK), counting it. */
    public Optional<Certificate> failedAttempt(Certificate c, String actor, String reason) {
        return move(c, c.withStatus(FAILED, c.attempts() + 1, null, reason), actor, "FAILED", reason);
    }

    /** The request may or may not have reached POK. {@code nextAttempt} empty means: wait for an operator. */
    public Optional<Certificate> uncertain(Certificate c, Optional<Instant> nextAttempt, String reason) {
        return move(c, c.withStatus(UNCERTAIN, c.attempts(), nextAttempt.orElse(null), reason), Actor.WORKER,
                "UNCERTAIN", reason + nextAttempt.map(t -> "; automatic retry at " + t)
                        .orElse("; held for an operator's decision"));
    }

    public Optional<Certificate> failed(Certificate c, String actor, String reason) {
        return move(c, c.withStatus(FAILED, c.attempts(), null, reason), actor, "FAILED", reason);
    }

    /** Cannot be issued until an operator fixes the configuration; {@code reason} says what to fix. */
    public Optional<Certificate> held(Certificate c, String reason) {
        return move(c, c.withStatus(HELD, c.attempts(), null, reason), Actor.WORKER, "HELD", reason);
    }

    /** POK refused our API key: the certificate goes back to the queue, without spending an attempt. */
    public Optional<Certificate> pausedForAuthentication(Certificate c, Instant nextAttempt, String reason) {
        return move(c, c.withStatus(QUEUED, Math.max(0, c.attempts() - 1), nextAttempt, reason), Actor.WORKER,
                "PAUSED", reason);
    }

    /** POK still works on the credential; remember what it said and look again at {@code nextPoll}. */
    public Optional<Certificate> stillProcessing(Certificate c, PokCredential credential, Instant nextPoll) {
        boolean stateChanged = !java.util.Objects.equals(c.pok().state(), credential.state());
        Certificate changed = c.withPok(credential).withStatus(PROCESSING, c.attempts(), nextPoll, null);
        return stateChanged ? move(c, changed, Actor.WORKER, "POK_STATE", "POK state: " + credential.state())
                : saveQuietly(c, changed);
    }

    public Optional<Certificate> emitted(Certificate c, PokCredential credential, String actor) {
        return move(c, c.withPok(credential).withStatus(EMITTED, c.attempts(), null, null), actor, "EMITTED",
                "view URL " + credential.viewUrl());
    }

    /** Open edX revoked the certificate, POK reports it revoked, or an operator revoked it locally. */
    public Optional<Certificate> revoked(Certificate c, String actor, String reason) {
        return move(c, c.withStatus(REVOKED, c.attempts(), null, reason), actor, "REVOKED", reason);
    }

    /**
     * Open edX revoked a learner's certificate before we heard of it (events can arrive out of order): the row is
     * created directly as REVOKED, so that a late "created" finds it and issues nothing. If the certificate exists
     * (a race with its creation), it is revoked like any other.
     *
     * @return the revoked certificate, or empty when it could not be revoked now (someone else changed it first, or
     *         it is being submitted: the caller tries again)
     */
    public Optional<Certificate> recordRevoked(CourseKey courseKey, Learner learner, String actor, String reason) {
        Instant now = clock.instant();
        return transaction.execute(status -> {
            CertificateRepository.InsertOutcome inserted = certificates.insertIfAbsent(courseKey, learner, REVOKED, now);
            Certificate c = inserted.certificate();
            if (inserted.created()) {
                events.append(CertificateEvent.of(c.id(), now, actor, "REVOKED", null, REVOKED, reason));
                return Optional.of(c);
            }
            if (c.status() == REVOKED) {
                return Optional.of(c);
            }
            if (c.status() == SUBMITTING) {
                return Optional.<Certificate>empty();
            }
            return revoked(c, actor, reason);
        });
    }

    /** A POK credential another system issued (openedx-pok 1.x), to become this learner's certificate here. */
    public record Adoption(CourseKey courseKey, Learner learner, PokCredential credential, String detail) {

        public Adoption {
            if (credential == null || credential.credentialId() == null || credential.credentialId().isBlank()) {
                throw new IllegalArgumentException("Only a credential POK issued (with its id) can be adopted");
            }
        }

        /** EMITTED when POK's last known state says so and the view URL is known; otherwise POK is asked. */
        public CertificateStatus status() {
            return com.openedxpok.pok.PokState.EMITTED.equalsIgnoreCase(credential.state())
                    && credential.viewUrl() != null && !credential.viewUrl().isBlank() ? EMITTED : PROCESSING;
        }
    }

    /**
     * Takes over credentials POK already issued, without any issue request: each becomes the learner's certificate,
     * {@code EMITTED} with what was known of it, or {@code PROCESSING} to be polled from POK at once (the caller
     * schedules those). Runs in the caller's transaction; the caller has checked that none of these learners holds a
     * certificate for the course here (one created meanwhile fails the whole call, and the transaction rolls back).
     *
     * @return the created certificates, in the order given
     */
    public List<Certificate> adoptImported(List<Adoption> adoptions, String actor) {
        if (adoptions.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        return transaction.execute(status -> {
            List<CertificateRepository.NewWithCredential> rows = adoptions.stream()
                    .map(a -> new CertificateRepository.NewWithCredential(a.courseKey(), a.learner(), a.credential(),
                            a.status(), a.status() == PROCESSING ? now : null))
                    .toList();
            List<Certificate> created = certificates.insertWithCredential(rows, now);
            List<CertificateEvent> history = new java.util.ArrayList<>(created.size());
            for (int i = 0; i < created.size(); i++) {
                Certificate c = created.get(i);
                history.add(CertificateEvent.of(c.id(), now, actor, "IMPORTED", null, c.status(),
                        adoptions.get(i).detail()));
            }
            events.appendAll(history);
            return created;
        });
    }

    /**
     * Starts a new issuance run (operator retry, configuration fixed, a new request after a failure). With
     * {@code forgetCredential} the POK credential we knew of is dropped, so a new one will be issued.
     */
    public Optional<Certificate> requeue(Certificate c, String actor, String reason, boolean forgetCredential) {
        Instant now = clock.instant();
        Certificate changed = (forgetCredential ? c.withPok(PokCredential.NONE) : c).requeued(now);
        return move(c, changed, actor, "QUEUED", reason);
    }

    /** An operator settles an uncertain or failed certificate with the POK credential that does exist. */
    public Optional<Certificate> markIssued(Certificate c, String credentialId, String actor) {
        PokCredential pok = new PokCredential(credentialId, null, null, null, null, c.pok().emissionType(), null,
                c.pok().title(), c.pok().emitter(), c.pok().tags(), c.pok().pageId());
        return move(c, c.withPok(pok).withStatus(PROCESSING, c.attempts(), clock.instant(), null), actor,
                "MARKED_ISSUED", "POK credential " + credentialId + " set by hand");
    }

    /**
     * Data about the learner refreshed from a newer request (a corrected name, an email that arrived); not a status
     * change, so it is allowed in every status where nothing has been sent to POK yet, whatever the transition table
     * says about moving to the same status.
     */
    public Optional<Certificate> updateLearner(Certificate c, Learner learner) {
        if (!EnumSet.of(QUEUED, RETRY_WAIT, HELD, FAILED).contains(c.status())) {
            throw new IllegalStateException("The learner of a " + c.status() + " certificate cannot change");
        }
        return certificates.save(c.withLearner(learner), clock.instant());
    }

    /**
     * Opens the learner's certificate for the course, QUEUED, unless one exists (the unique learner-and-course
     * constraint decides a race: the loser gets the winner's row, with {@code created} false and no history line).
     */
    public CertificateRepository.InsertOutcome requested(CourseKey courseKey, Learner learner, String actor,
            String source) {
        Instant now = clock.instant();
        return transaction.execute(status -> {
            CertificateRepository.InsertOutcome inserted = certificates.insertIfAbsent(courseKey, learner, QUEUED, now);
            if (inserted.created()) {
                events.append(CertificateEvent.of(inserted.certificate().id(), now, actor, "REQUESTED", null, QUEUED,
                        source));
            }
            return inserted;
        });
    }

    /**
     * POK's image URL of an emitted credential fetched again (they expire). Not a status change and not history: a
     * refresh every few days would bury the lines an operator reads.
     *
     * @return empty if someone else changed the certificate first (their write wins)
     */
    public Optional<Certificate> imageRefreshed(Certificate c, String imageUrl, Instant fetchedAt) {
        return certificates.save(c.withPok(c.pok().withImage(imageUrl, fetchedAt)), fetchedAt);
    }

    /** A note in the history without any change (a repeated request, a warning about the request's content). */
    public void note(Certificate c, String actor, String kind, String detail) {
        events.append(CertificateEvent.of(c.id(), clock.instant(), actor, kind, c.status(), c.status(), detail));
    }

    private Optional<Certificate> move(Certificate current, Certificate changed, String actor, String kind,
            String detail) {
        requireAllowed(current, changed, kind);
        Instant now = clock.instant();
        return transaction.execute(status -> {
            Optional<Certificate> saved = certificates.save(changed, now);
            saved.ifPresent(s -> events.append(CertificateEvent.of(s.id(), now, actor, kind, current.status(),
                    s.status(), detail)));
            return saved;
        });
    }

    private Optional<Certificate> saveQuietly(Certificate current, Certificate changed) {
        requireAllowed(current, changed, "update");
        return certificates.save(changed, clock.instant());
    }

    private static void requireAllowed(Certificate current, Certificate changed, String kind) {
        if (!isAllowed(current.status(), changed.status())) {
            throw new IllegalStateException("A certificate cannot go from " + current.status() + " to "
                    + changed.status() + " (" + kind + ")");
        }
    }
}
