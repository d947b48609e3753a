package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokFailure;

/**
 * What the worker decides when the request cannot be prepared (POK's template or organization unreadable), without a
 * database: the decision is a function of the certificate, the failure and the time.
 */
class IssuanceWorkerDecisionTest {

    private static final Instant QUEUED_AT = Instant.parse("2026-03-01T10:00:00Z");
    private final RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(15),
            Duration.ofHours(24));

    @Test
    void aFirst503CountsAttemptOneAndWaitsTheBaseDelay() {
        Instant now = QUEUED_AT.plusSeconds(1);

        var decision = IssuanceWorker.afterPreparationFailure(certificate(CertificateStatus.QUEUED, 0), unavailable(null),
                now, retry);

        assertThat(decision).isInstanceOf(IssuanceWorker.RetryAt.class);
        var retryAt = (IssuanceWorker.RetryAt) decision;
        assertThat(retryAt.attempt()).isEqualTo(1);
        assertThat(Duration.between(now, retryAt.next())).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
        assertThat(retryAt.error()).isEqualTo("Cannot prepare the request: GET /template/{id}: POK is unavailable "
                + "(HTTP 503) [RETRYABLE]");
    }

    @Test
    void theDelayGrowsWithTheAttemptsAlreadyMadeUpToTheCap() {
        Instant now = QUEUED_AT.plus(Duration.ofHours(1));

        var fifth = (IssuanceWorker.RetryAt) IssuanceWorker.afterPreparationFailure(
                certificate(CertificateStatus.RETRY_WAIT, 4), unavailable(null), now, retry);
        var fortieth = (IssuanceWorker.RetryAt) IssuanceWorker.afterPreparationFailure(
                certificate(CertificateStatus.RETRY_WAIT, 39), unavailable(null), now, retry);

        assertThat(fifth.attempt()).isEqualTo(5);
        assertThat(Duration.between(now, fifth.next())).isBetween(Duration.ofSeconds(128), Duration.ofSeconds(192));
        assertThat(Duration.between(now, fortieth.next())).isBetween(Duration.ofMinutes(12), Duration.ofMinutes(18));
    }

    @Test
    void retryAfterLongerThanTheBackoffIsHonoured() {
        Instant now = QUEUED_AT.plusSeconds(5);

        var decision = (IssuanceWorker.RetryAt) IssuanceWorker.afterPreparationFailure(
                certificate(CertificateStatus.QUEUED, 0), unavailable(Duration.ofMinutes(3)), now, retry);

        assertThat(decision.next()).isEqualTo(now.plus(Duration.ofMinutes(3)));
    }

    @Test
    void pastTheMaximumAgeItGivesUpCountingTheAttempt() {
        Instant now = QUEUED_AT.plus(Duration.ofHours(24));

        var decision = IssuanceWorker.afterPreparationFailure(certificate(CertificateStatus.RETRY_WAIT, 97),
                unavailable(null), now, retry);

        assertThat(decision).isEqualTo(new IssuanceWorker.GiveUp("Gave up after 98 attempts over PT24H: cannot "
                + "prepare the request: GET /template/{id}: POK is unavailable (HTTP 503) [RETRYABLE]"));
    }

    @Test
    void anUncertainCertificateGivingUpSaysItsCredentialMayExist() {
        var decision = IssuanceWorker.afterPreparationFailure(certificate(CertificateStatus.UNCERTAIN, 2),
                unavailable(null), QUEUED_AT.plus(Duration.ofDays(2)), retry);

        assertThat(((IssuanceWorker.GiveUp) decision).reason())
                .endsWith("; an earlier request may have reached POK, check POK before retrying");
    }

    @Test
    void aConnectionThatFailedIsRetriedLikeA503() {
        PokException unreachable = new PokException(PokFailure.RETRYABLE, "GET /organization/me", 0, null, null,
                "GET /organization/me: could not reach POK (ConnectException) [RETRYABLE]", null);

        var decision = IssuanceWorker.afterPreparationFailure(certificate(CertificateStatus.QUEUED, 0), unreachable,
                QUEUED_AT, retry);

        assertThat(decision).isInstanceOf(IssuanceWorker.RetryAt.class);
    }

    @Test
    void aPermanentRefusalFailsWithPoksMessage() {
        PokException notFound = new PokException(PokFailure.PERMANENT, "GET /template/{id}", 404, null,
                "Template not found", "GET /template/{id}: POK rejected the request (HTTP 404) [PERMANENT]", null);

        var decision = IssuanceWorker.afterPreparationFailure(certificate(CertificateStatus.QUEUED, 0), notFound,
                QUEUED_AT, retry);

        assertThat(decision).isEqualTo(new IssuanceWorker.GiveUp("Cannot prepare the request: Template not found"));
    }

    @Test
    void aRefusedKeyPausesIssuanceEvenPastTheMaximumAge() {
        PokException refused = new PokException(PokFailure.AUTHENTICATION, "GET /template/{id}", 401, null, null,
                "GET /template/{id}: POK refused the API key (HTTP 401) — check POK_API_KEY [AUTHENTICATION]", null);

        var decision = IssuanceWorker.afterPreparationFailure(certificate(CertificateStatus.QUEUED, 3), refused,
                QUEUED_AT.plus(Duration.ofDays(3)), retry);

        assertThat(decision).isInstanceOf(IssuanceWorker.Pause.class);
    }

    private static PokException unavailable(Duration retryAfter) {
        return new PokException(PokFailure.RETRYABLE, "GET /template/{id}", 503, retryAfter, null,
                "GET /template/{id}: POK is unavailable (HTTP 503) [RETRYABLE]", null);
    }

    private static Certificate certificate(CertificateStatus status, int attempts) {
        return new Certificate(7, "pub-7", CourseKey.parse("course-v1:Test+Unit+2026"),
                new Learner(42, "ana", "Ana", "ana@example.org", "es", "verified", new BigDecimal("0.9")),
                PokCredential.NONE, status, attempts, QUEUED_AT, null, null, 1, QUEUED_AT, QUEUED_AT);
    }
}
