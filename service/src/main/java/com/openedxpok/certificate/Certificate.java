package com.openedxpok.certificate;

import java.time.Instant;

import com.openedxpok.kernel.CourseKey;

/**
 * A learner's POK certificate for one course, as stored. Immutable: changes go through the state machine, which
 * saves a new copy with the repository's optimistic version check.
 *
 * @param publicId an unguessable id for public URLs (never the user id and course key)
 * @param queuedAt when the current issuance run began (creation, or an operator's retry): retries stop when this
 *                 is older than the configured maximum age
 * @param version  optimistic-lock counter; a save with a stale version fails instead of overwriting
 */
public record Certificate(
        long id,
        String publicId,
        CourseKey courseKey,
        Learner learner,
        PokCredential pok,
        CertificateStatus status,
        int attempts,
        Instant queuedAt,
        Instant nextAttemptAt,
        String lastError,
        long version,
        Instant createdAt,
        Instant modifiedAt) {

    public Certificate withStatus(CertificateStatus newStatus, int newAttempts, Instant newNextAttemptAt,
            String newLastError) {
        return new Certificate(id, publicId, courseKey, learner, pok, newStatus, newAttempts, queuedAt,
                newNextAttemptAt, newLastError, version, createdAt, modifiedAt);
    }

    /** Starts a new issuance run: attempts from zero, the retry age counted from {@code at}. */
    public Certificate requeued(Instant at) {
        return new Certificate(id, publicId, courseKey, learner, pok, CertificateStatus.QUEUED, 0, at, at, null,
                version, createdAt, modifiedAt);
    }

    public Certificate withPok(PokCredential newPok) {
        return new Certificate(id, publicId, courseKey, learner, newPok, status, attempts, queuedAt, nextAttemptAt,
                lastError, version, createdAt, modifiedAt);
    }

    public Certificate withLearner(Learner newLearner) {
        return new Certificate(id, publicId, courseKey, newLearner, pok, status, attempts, queuedAt, nextAttemptAt,
                lastError, version, createdAt, modifiedAt);
    }
}
