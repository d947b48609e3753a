package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.config.ServiceConfig.UncertainPolicy;
import com.openedxpok.pok.CredentialDetails;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.pok.IssueRequest;
import com.openedxpok.pok.IssuedCredential;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokFailure;

/**
 * What the worker decides at each step, without a database or POK: every decision is a function of the certificate,
 * POK's answer (or failure) and the time, made by {@link IssuanceDecisions}; {@link IssuanceWorker} only carries it
 * out. The failures are built as {@code pok.PokFailureClassifier} builds them for each HTTP outcome.
 */
class IssuanceWorkerDecisionTest {

    private static final Instant QUEUED_AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration UNCERTAIN_RETRY_DELAY = Duration.ofMinutes(10);
    private static final Duration POLL_MAX_DELAY = Duration.ofMinutes(5);

    private final RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(15),
            Duration.ofHours(24));
    // As configured by default: a pok emission is submitted again when uncertain, a blockchain one waits for an operator.
    private final ServiceConfig.Issuance settings = new ServiceConfig.Issuance(false, Set.of(), 4, 10.0,
            Duration.ofSeconds(10), Duration.ofMinutes(15), Duration.ofHours(24), UncertainPolicy.RETRY,
            UncertainPolicy.HOLD, UNCERTAIN_RETRY_DELAY, POLL_MAX_DELAY, ServiceConfig.LearnerChangePolicy.LIST);
    private final IssuanceDecisions decisions = new IssuanceDecisions(retry, settings);

    @Nested
    class BeforeCallingPok {

        @Test
        void aCertificateNotDueYetWaitsForItsTimeWithoutAskingWhetherIssuanceIsPaused() {
            Instant later = QUEUED_AT.plusSeconds(60);
            AtomicBoolean asked = new AtomicBoolean();

            Optional<Instant> next = decisions.notNow(certificate(CertificateStatus.RETRY_WAIT, 1, later),
                    QUEUED_AT.plusSeconds(5), () -> asked.getAndSet(true));

            assertThat(next).contains(later);
            assertThat(asked).as("the pause (a database read) is not asked for").isFalse();
        }

        @Test
        void aDueCertificateWhileIssuanceIsPausedIsLookedAtAgainIn30Seconds() {
            Instant now = QUEUED_AT.plusSeconds(5);

            assertThat(decisions.notNow(certificate(CertificateStatus.QUEUED, 0, null), now, () -> true))
                    .contains(now.plusSeconds(30));
        }

        @Test
        void aDueCertificateGoesOnWhenIssuanceRuns() {
            Instant now = QUEUED_AT.plusSeconds(5);

            assertThat(decisions.notNow(certificate(CertificateStatus.QUEUED, 0, null), now, () -> false)).isEmpty();
            assertThat(decisions.notNow(certificate(CertificateStatus.RETRY_WAIT, 1, now), now, () -> false))
                    .as("due exactly now").isEmpty();
        }
    }

    @Nested
    class MissingFacts {

        @Test
        void whileTheRunIsYoungOpenEdxIsAskedAgainAfterTheBaseDelay() {
            Instant now = QUEUED_AT.plus(Duration.ofHours(1));

            Optional<Instant> next = decisions.askAgainLater(certificate(CertificateStatus.QUEUED, 3, null), now);

            assertThat(next).hasValueSatisfying(at -> assertThat(Duration.between(now, at))
                    .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12)));
        }

        @Test
        void pastTheMaximumAgeTheCertificateGoesOnWithoutTheFactAndIsHeldIfItNeedsIt() {
            assertThat(decisions.askAgainLater(certificate(CertificateStatus.QUEUED, 0, null),
                    QUEUED_AT.plus(Duration.ofHours(24)))).isEmpty();
        }

        @Test
        void aCourseNoLongerEnabledIsHeldWithAReasonNamingIt() {
            assertThat(IssuanceDecisions.notEnabledAnyMore(certificate(CertificateStatus.QUEUED, 0, null)))
                    .isEqualTo("Course course-v1:Test+Unit+2026 is not enabled for POK any more (no enabled course "
                            + "template); enable it to issue this certificate");
        }
    }

    @Nested
    class Submission {

        @Test
        void anAcceptedRequestStoresTheCredentialAsSentAndProcessingWhenPokGaveNoState() {
            IssueRequest request = new IssueRequest(new IssueRequest.Credential(List.of("course-v1:Test+Unit+2026"),
                    false, EmissionType.POK, "dd/MM/yyyy", QUEUED_AT, "Unit Testing", "Test University"),
                    new IssueRequest.Receiver("es-ES", "42", "ana@example.org", "Ana", "García"),
                    new IssueRequest.Customization("page-1", new IssueRequest.Template("tpl-1", java.util.Map.of())));

            PokCredential stored = IssuanceDecisions.submitted(new IssuedCredential("cred-1", null, null), request,
                    EmissionType.POK);

            assertThat(stored).isEqualTo(new PokCredential("cred-1", "processing", null, null, null, EmissionType.POK,
                    QUEUED_AT, "Unit Testing", "Test University", List.of("course-v1:Test+Unit+2026"), "page-1"));
            assertThat(IssuanceDecisions.submitted(new IssuedCredential("cred-2", "https://pok.tech/v/2", "emitted"),
                    request, EmissionType.BLOCKCHAIN)).extracting(PokCredential::state, PokCredential::viewUrl,
                            PokCredential::emissionType)
                    .containsExactly("emitted", "https://pok.tech/v/2", EmissionType.BLOCKCHAIN);
        }

        @ParameterizedTest(name = "HTTP {0}")
        @ValueSource(ints = {400, 404, 409, 422})
        void aRefusalFailsTheCertificateWithPoksOwnMessage(int status) {
            PokException refused = new PokException(PokFailure.PERMANENT, "POST /credential", status, null,
                    "receiver.email is invalid", "POST /credential: POK rejected the request (HTTP " + status
                            + ") [PERMANENT]", null);

            assertThat(decisions.afterSubmitFailure(certificate(CertificateStatus.SUBMITTING, 1, null),
                    EmissionType.POK, refused, QUEUED_AT.plusSeconds(1)))
                    .isEqualTo(new IssuanceDecisions.GiveUp("POK refused the request: receiver.email is invalid"));
        }

        @Test
        void aRefusalWithoutAMessageFromPokFailsWithOurs() {
            PokException refused = new PokException(PokFailure.PERMANENT, "POST /credential", 400, null, null,
                    "POST /credential: POK rejected the request (HTTP 400) [PERMANENT]", null);

            assertThat(decisions.afterSubmitFailure(certificate(CertificateStatus.SUBMITTING, 1, null),
                    EmissionType.POK, refused, QUEUED_AT)).isEqualTo(new IssuanceDecisions.GiveUp(
                            "POK refused the request: POST /credential: POK rejected the request (HTTP 400) "
                                    + "[PERMANENT]"));
        }

        @ParameterizedTest(name = "HTTP {0}")
        @ValueSource(ints = {429, 500, 502, 503})
        void aBusyOrUnavailablePokIsRetriedBackingOffFromTheAttemptsMade(int status) {
            Instant now = QUEUED_AT.plus(Duration.ofMinutes(30));
            PokException busy = new PokException(PokFailure.RETRYABLE, "POST /credential", status, null, null,
                    "POST /credential: POK is unavailable (HTTP " + status + ") [RETRYABLE]", null);

            var decision = decisions.afterSubmitFailure(certificate(CertificateStatus.SUBMITTING, 3, null),
                    EmissionType.POK, busy, now);

            assertThat(decision).isInstanceOf(IssuanceDecisions.RetryAt.class);
            var retryAt = (IssuanceDecisions.RetryAt) decision;
            assertThat(retryAt.attempt()).as("counted when the submission started").isEqualTo(3);
            assertThat(Duration.between(now, retryAt.next())).isBetween(Duration.ofSeconds(32), Duration.ofSeconds(48));
            assertThat(retryAt.error()).isEqualTo(busy.getMessage());
        }

        @Test
        void aRetryAfterLongerThanTheBackoffIsHonoured() {
            Instant now = QUEUED_AT.plusSeconds(2);
            PokException slowDown = new PokException(PokFailure.RETRYABLE, "POST /credential", 429,
                    Duration.ofMinutes(7), null, "POST /credential: POK asks us to slow down (HTTP 429) [RETRYABLE]",
                    null);

            var decision = (IssuanceDecisions.RetryAt) decisions.afterSubmitFailure(
                    certificate(CertificateStatus.SUBMITTING, 1, null), EmissionType.POK, slowDown, now);

            assertThat(decision.next()).isEqualTo(now.plus(Duration.ofMinutes(7)));
        }

        @Test
        void aConnectTimeoutIsRetriedNothingHavingReachedPok() {
            PokException unreachable = new PokException(PokFailure.RETRYABLE, "POST /credential", 0, null, null,
                    "POST /credential: could not reach POK (ConnectTimeoutException) [RETRYABLE]", null);

            assertThat(decisions.afterSubmitFailure(certificate(CertificateStatus.SUBMITTING, 1, null),
                    EmissionType.BLOCKCHAIN, unreachable, QUEUED_AT)).isInstanceOf(IssuanceDecisions.RetryAt.class);
        }

        @Test
        void pastTheMaximumAgeARetryableFailureGivesUpSayingHowLongItTried() {
            PokException busy = new PokException(PokFailure.RETRYABLE, "POST /credential", 503, null, null,
                    "POST /credential: POK is unavailable (HTTP 503) [RETRYABLE]", null);

            assertThat(decisions.afterSubmitFailure(certificate(CertificateStatus.SUBMITTING, 41, null),
                    EmissionType.POK, busy, QUEUED_AT.plus(Duration.ofHours(24)))).isEqualTo(
                            new IssuanceDecisions.GiveUp("Gave up after 41 attempts over PT24H: POST /credential: POK "
                                    + "is unavailable (HTTP 503) [RETRYABLE]"));
        }

        @ParameterizedTest(name = "HTTP {0}")
        @ValueSource(ints = {401, 403})
        void aRefusedKeyPausesIssuanceEvenPastTheMaximumAge(int status) {
            PokException refused = new PokException(PokFailure.AUTHENTICATION, "POST /credential", status, null, null,
                    "POST /credential: POK refused the API key (HTTP " + status + ") — check POK_API_KEY "
                            + "[AUTHENTICATION]", null);

            assertThat(decisions.afterSubmitFailure(certificate(CertificateStatus.SUBMITTING, 5, null),
                    EmissionType.POK, refused, QUEUED_AT.plus(Duration.ofDays(3))))
                    .isEqualTo(new IssuanceDecisions.Pause());
        }

        @Test
        void aReadTimeoutAfterSendingMakesAPokEmissionUncertainAndSubmittedAgainLater() {
            Instant now = QUEUED_AT.plusSeconds(40);

            assertThat(decisions.afterSubmitFailure(certificate(CertificateStatus.SUBMITTING, 1, null),
                    EmissionType.POK, readTimeout(), now)).isEqualTo(new IssuanceDecisions.Uncertain(
                            Optional.of(now.plus(UNCERTAIN_RETRY_DELAY)), "The request may have reached POK: POST "
                                    + "/credential: no answer after the request was sent (SocketTimeoutException); "
                                    + "the credential may exist [AMBIGUOUS]"));
        }

        @Test
        void anUncertainBlockchainEmissionWaitsForAnOperatorEvenWhileTheRunIsYoung() {
            var decision = (IssuanceDecisions.Uncertain) decisions.afterSubmitFailure(
                    certificate(CertificateStatus.SUBMITTING, 1, null), EmissionType.BLOCKCHAIN, readTimeout(),
                    QUEUED_AT.plusSeconds(40));

            assertThat(decision.next()).isEmpty();
            assertThat(decision.reason()).startsWith("The request may have reached POK: ");
        }

        @Test
        void aSubmissionCutShortByAStoppedServiceFollowsTheSamePolicy() {
            Instant now = QUEUED_AT.plusSeconds(90);
            String reason = "The service stopped while this certificate was being submitted";

            assertThat(decisions.uncertain(EmissionType.POK, reason, now))
                    .isEqualTo(new IssuanceDecisions.Uncertain(Optional.of(now.plus(UNCERTAIN_RETRY_DELAY)), reason));
            assertThat(decisions.uncertain(EmissionType.BLOCKCHAIN, reason, now))
                    .isEqualTo(new IssuanceDecisions.Uncertain(Optional.empty(), reason));
        }

        private static PokException readTimeout() {
            return new PokException(PokFailure.AMBIGUOUS, "POST /credential", 0, null, null, "POST /credential: no "
                    + "answer after the request was sent (SocketTimeoutException); the credential may exist "
                    + "[AMBIGUOUS]", null);
        }
    }

    /** The template or organization could not be read before submitting: nothing was sent. */
    @Nested
    class PreparationFailure {

        @Test
        void aFirst503CountsAttemptOneAndWaitsTheBaseDelay() {
            Instant now = QUEUED_AT.plusSeconds(1);

            var decision = decisions.afterPreparationFailure(certificate(CertificateStatus.QUEUED, 0), unavailable(null),
                    now);

            assertThat(decision).isInstanceOf(IssuanceDecisions.RetryAt.class);
            var retryAt = (IssuanceDecisions.RetryAt) decision;
            assertThat(retryAt.attempt()).isEqualTo(1);
            assertThat(Duration.between(now, retryAt.next())).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
            assertThat(retryAt.error()).isEqualTo("Cannot prepare the request: GET /template/{id}: POK is unavailable "
                    + "(HTTP 503) [RETRYABLE]");
        }

        @Test
        void theDelayGrowsWithTheAttemptsAlreadyMadeUpToTheCap() {
            Instant now = QUEUED_AT.plus(Duration.ofHours(1));

            var fifth = (IssuanceDecisions.RetryAt) decisions.afterPreparationFailure(
                    certificate(CertificateStatus.RETRY_WAIT, 4), unavailable(null), now);
            var fortieth = (IssuanceDecisions.RetryAt) decisions.afterPreparationFailure(
                    certificate(CertificateStatus.RETRY_WAIT, 39), unavailable(null), now);

            assertThat(fifth.attempt()).isEqualTo(5);
            assertThat(Duration.between(now, fifth.next())).isBetween(Duration.ofSeconds(128), Duration.ofSeconds(192));
            assertThat(Duration.between(now, fortieth.next())).isBetween(Duration.ofMinutes(12), Duration.ofMinutes(18));
        }

        @Test
        void retryAfterLongerThanTheBackoffIsHonoured() {
            Instant now = QUEUED_AT.plusSeconds(5);

            var decision = (IssuanceDecisions.RetryAt) decisions.afterPreparationFailure(
                    certificate(CertificateStatus.QUEUED, 0), unavailable(Duration.ofMinutes(3)), now);

            assertThat(decision.next()).isEqualTo(now.plus(Duration.ofMinutes(3)));
        }

        @Test
        void pastTheMaximumAgeItGivesUpCountingTheAttempt() {
            Instant now = QUEUED_AT.plus(Duration.ofHours(24));

            var decision = decisions.afterPreparationFailure(certificate(CertificateStatus.RETRY_WAIT, 97),
                    unavailable(null), now);

            assertThat(decision).isEqualTo(new IssuanceDecisions.GiveUp("Gave up after 98 attempts over PT24H: cannot "
                    + "prepare the request: GET /template/{id}: POK is unavailable (HTTP 503) [RETRYABLE]"));
        }

        @Test
        void anUncertainCertificateGivingUpSaysItsCredentialMayExist() {
            var decision = decisions.afterPreparationFailure(certificate(CertificateStatus.UNCERTAIN, 2),
                    unavailable(null), QUEUED_AT.plus(Duration.ofDays(2)));

            assertThat(((IssuanceDecisions.GiveUp) decision).reason())
                    .endsWith("; an earlier request may have reached POK, check POK before retrying");
        }

        @Test
        void aConnectionThatFailedIsRetriedLikeA503() {
            PokException unreachable = new PokException(PokFailure.RETRYABLE, "GET /organization/me", 0, null, null,
                    "GET /organization/me: could not reach POK (ConnectException) [RETRYABLE]", null);

            var decision = decisions.afterPreparationFailure(certificate(CertificateStatus.QUEUED, 0), unreachable,
                    QUEUED_AT);

            assertThat(decision).isInstanceOf(IssuanceDecisions.RetryAt.class);
        }

        @Test
        void aPermanentRefusalFailsWithPoksMessage() {
            PokException notFound = new PokException(PokFailure.PERMANENT, "GET /template/{id}", 404, null,
                    "Template not found", "GET /template/{id}: POK rejected the request (HTTP 404) [PERMANENT]", null);

            var decision = decisions.afterPreparationFailure(certificate(CertificateStatus.QUEUED, 0), notFound,
                    QUEUED_AT);

            assertThat(decision).isEqualTo(new IssuanceDecisions.GiveUp("Cannot prepare the request: Template not found"));
        }

        @Test
        void aRefusedKeyPausesIssuanceEvenPastTheMaximumAge() {
            PokException refused = new PokException(PokFailure.AUTHENTICATION, "GET /template/{id}", 401, null, null,
                    "GET /template/{id}: POK refused the API key (HTTP 401) — check POK_API_KEY [AUTHENTICATION]",
                    null);

            var decision = decisions.afterPreparationFailure(certificate(CertificateStatus.QUEUED, 3), refused,
                    QUEUED_AT.plus(Duration.ofDays(3)));

            assertThat(decision).isInstanceOf(IssuanceDecisions.Pause.class);
        }

        private static PokException unavailable(Duration retryAfter) {
            return new PokException(PokFailure.RETRYABLE, "GET /template/{id}", 503, retryAfter, null,
                    "GET /template/{id}: POK is unavailable (HTTP 503) [RETRYABLE]", null);
        }
    }

    /** A credential POK is processing, looked at again until it ends. */
    @Nested
    class Polling {

        private static final PokCredential SUBMITTED = new PokCredential("cred-1", "processing", null, null, null,
                EmissionType.POK, QUEUED_AT, "Unit Testing", "Test University", List.of("t1"), "page-1");

        @Test
        void emittedWithAViewUrlIsShownWithWhatPokSaysNow() {
            CredentialDetails details = new CredentialDetails("cred-1", "emitted", "https://pok.tech/v/1", QUEUED_AT,
                    new CredentialDetails.Credential(List.of("t2"), null, "Unit Testing II", null, "blockchain"), null);

            assertThat(decisions.afterPoll(processing(), details, QUEUED_AT.plusSeconds(3))).isEqualTo(
                    new IssuanceDecisions.Emit(new PokCredential("cred-1", "emitted", "https://pok.tech/v/1", null,
                            null, EmissionType.BLOCKCHAIN, QUEUED_AT, "Unit Testing II", "Test University",
                            List.of("t2"), "page-1")));
        }

        @Test
        void emittedWithoutAViewUrlYetIsLookedAtAgain() {
            var decision = decisions.afterPoll(processing(), details("emitted"), QUEUED_AT.plusSeconds(3));

            assertThat(decision).isInstanceOf(IssuanceDecisions.PollAgain.class);
            assertThat(((IssuanceDecisions.PollAgain) decision).credential().state()).isEqualTo("emitted");
        }

        @Test
        void revokedInPokRevokesTheCertificate() {
            assertThat(decisions.afterPoll(processing(), details("revoked"), QUEUED_AT.plusSeconds(3))).isEqualTo(
                    new IssuanceDecisions.EndedInPok(withState("revoked"), true, "POK reports the credential revoked"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"aborted", "signatureRejected"})
        void otherwiseEndedInPokFailsTheCertificate(String state) {
            assertThat(decisions.afterPoll(processing(), details(state), QUEUED_AT.plusSeconds(3))).isEqualTo(
                    new IssuanceDecisions.EndedInPok(withState(state), false, "POK reports the credential " + state));
        }

        @Test
        void stillProcessingIsLookedAtAgainTwiceAsLateAsLastTimeUpToTheCap() {
            Instant saved = QUEUED_AT.plusSeconds(10);
            Instant now = saved.plusSeconds(4);

            assertThat(decisions.afterPoll(processing(saved, now), details("processing"), now)).isEqualTo(
                    new IssuanceDecisions.PollAgain(SUBMITTED, now.plusSeconds(8)));
            assertThat(((IssuanceDecisions.PollAgain) decisions.afterPoll(processing(saved, saved.plusSeconds(600)),
                    details("processing"), now)).next()).isEqualTo(now.plus(POLL_MAX_DELAY));
        }

        @Test
        void waitingForTheLearnersApprovalIsLookedAtUpToHourly() {
            Instant saved = QUEUED_AT.plusSeconds(10);
            Instant now = saved.plus(Duration.ofHours(2));

            var decision = (IssuanceDecisions.PollAgain) decisions.afterPoll(processing(saved, now),
                    details("waitingForApproval"), now);

            assertThat(decision.next()).isEqualTo(now.plus(Duration.ofHours(1)));
            assertThat(decision.credential().state()).isEqualTo("waitingForApproval");
        }

        @Test
        void aStateNeverSeenBeforeIsTreatedAsStillProcessing() {
            var decision = decisions.afterPoll(processing(), details("someNewState"), QUEUED_AT.plusSeconds(3));

            assertThat(decision).isInstanceOf(IssuanceDecisions.PollAgain.class);
            assertThat(((IssuanceDecisions.PollAgain) decision).credential().state()).isEqualTo("someNewState");
        }

        @Test
        void aFieldPokLeavesOutKeepsItsKnownValue() {
            CredentialDetails bare = new CredentialDetails("cred-1", null, null, null, null, null);

            assertThat(IssuanceDecisions.merge(SUBMITTED, bare)).isEqualTo(SUBMITTED);
            CredentialDetails emptyTags = new CredentialDetails("cred-1", null, null, null,
                    new CredentialDetails.Credential(List.of(), null, null, null, "not-a-type"), null);
            assertThat(IssuanceDecisions.merge(SUBMITTED, emptyTags)).isEqualTo(SUBMITTED);
        }

        @Test
        void aRefusedKeyWhilePollingPausesIssuance() {
            PokException refused = new PokException(PokFailure.AUTHENTICATION, "GET /credential/{id}", 401, null, null,
                    "GET /credential/{id}: POK refused the API key (HTTP 401) — check POK_API_KEY [AUTHENTICATION]",
                    null);

            assertThat(decisions.afterPollFailure(processing(), refused, QUEUED_AT))
                    .isEqualTo(new IssuanceDecisions.Pause());
        }

        @Test
        void aCredentialPokNoLongerKnowsFailsTheCertificate() {
            PokException notFound = new PokException(PokFailure.PERMANENT, "GET /credential/{id}", 404, null,
                    "Credential not found", "GET /credential/{id}: POK rejected the request (HTTP 404) [PERMANENT]",
                    null);

            assertThat(decisions.afterPollFailure(processing(), notFound, QUEUED_AT)).isEqualTo(
                    new IssuanceDecisions.GiveUp("POK no longer knows credential cred-1: Credential not found"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"RETRYABLE", "AMBIGUOUS"})
        void anOutageWhilePollingLooksAgainLaterAndNeverAgesOut(PokFailure failure) {
            Instant now = QUEUED_AT.plus(Duration.ofDays(3));
            PokException outage = new PokException(failure, "GET /credential/{id}", 503, null, null,
                    "GET /credential/{id}: POK is unavailable (HTTP 503) [" + failure + "]", null);

            var decision = decisions.afterPollFailure(processing(), outage, now);

            assertThat(decision).isInstanceOf(IssuanceDecisions.LookAgainAt.class);
            assertThat(Duration.between(now, ((IssuanceDecisions.LookAgainAt) decision).next()))
                    .as("backs off from attempt 1 for a certificate submitted once")
                    .isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
        }

        @Test
        void anOutageWhilePollingHonoursRetryAfter() {
            PokException slowDown = new PokException(PokFailure.RETRYABLE, "GET /credential/{id}", 429,
                    Duration.ofMinutes(2), null, "GET /credential/{id}: POK asks us to slow down (HTTP 429) "
                            + "[RETRYABLE]", null);

            assertThat(decisions.afterPollFailure(processing(), slowDown, QUEUED_AT))
                    .isEqualTo(new IssuanceDecisions.LookAgainAt(QUEUED_AT.plus(Duration.ofMinutes(2))));
        }

        private Certificate processing() {
            return processing(QUEUED_AT, QUEUED_AT.plusSeconds(1));
        }

        private Certificate processing(Instant modifiedAt, Instant nextPoll) {
            return new Certificate(7, "pub-7", CourseKey.parse("course-v1:Test+Unit+2026"), learner(), SUBMITTED,
                    CertificateStatus.PROCESSING, 1, QUEUED_AT, nextPoll, null, 3, QUEUED_AT, modifiedAt);
        }

        private static CredentialDetails details(String state) {
            return new CredentialDetails("cred-1", state, null, null, null, null);
        }

        private static PokCredential withState(String state) {
            return new PokCredential("cred-1", state, null, null, null, EmissionType.POK, QUEUED_AT, "Unit Testing",
                    "Test University", List.of("t1"), "page-1");
        }
    }

    private static Certificate certificate(CertificateStatus status, int attempts) {
        return certificate(status, attempts, null);
    }

    private static Certificate certificate(CertificateStatus status, int attempts, Instant nextAttemptAt) {
        return new Certificate(7, "pub-7", CourseKey.parse("course-v1:Test+Unit+2026"), learner(), PokCredential.NONE,
                status, attempts, QUEUED_AT, nextAttemptAt, null, 1, QUEUED_AT, QUEUED_AT);
    }

    private static Learner learner() {
        return new Learner(42, "ana", "Ana", "ana@example.org", "es", "verified", new BigDecimal("0.9"));
    }
}
