package com.openedxpok.pok;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The classification table itself, for failures too awkward to provoke over a real socket. */
class PokFailureClassifierTest {

    private final PokFailureClassifier classifier = new PokFailureClassifier(
            Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC));

    static Stream<IOException> beforeSending() {
        return Stream.of(new ConnectException("Connection refused"), new HttpHostConnectException("refused"),
                new ConnectTimeoutException("connect timed out"), new UnknownHostException("api.pok.tech"),
                new NoRouteToHostException("no route"), new ConnectionRequestTimeoutException("pool exhausted"),
                new SSLHandshakeException("handshake"));
    }

    static Stream<IOException> afterSending() {
        return Stream.of(new SocketTimeoutException("Read timed out"), new SocketException("Connection reset"),
                new NoHttpResponseException("failed to respond"),
                new ConnectionClosedException("Premature end of chunk coded message body"),
                new MalformedChunkCodingException("Bad chunk header"), new IOException("Broken pipe"));
    }

    @ParameterizedTest
    @MethodSource("beforeSending")
    void aFailureToConnectIsRetryableEvenForIssuing(IOException cause) {
        for (PokOperation operation : PokOperation.values()) {
            PokException e = classifier.classify(operation, new PokFailureClassifier.NoAnswer(cause));

            assertThat(e.failure()).as(operation.label()).isEqualTo(PokFailure.RETRYABLE);
            assertThat(e.getCause()).isSameAs(cause);
            assertThat(e.getMessage()).isEqualTo(operation.label() + ": could not reach POK ("
                    + cause.getClass().getSimpleName() + ") [RETRYABLE]");
        }
    }

    @ParameterizedTest
    @MethodSource("afterSending")
    void noAnswerAfterSendingIsAmbiguousForIssuingAndRetryableForEverythingElse(IOException cause) {
        for (PokOperation operation : PokOperation.values()) {
            PokException e = classifier.classify(operation, new PokFailureClassifier.NoAnswer(cause));

            assertThat(e.failure()).as(operation.label()).isEqualTo(
                    operation == PokOperation.ISSUE_CREDENTIAL ? PokFailure.AMBIGUOUS : PokFailure.RETRYABLE);
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getMessage()).contains(operation.label(), cause.getClass().getSimpleName());
        }
    }

    @Test
    void onlyIssuingHasASideEffect() {
        assertThat(Stream.of(PokOperation.values()).filter(PokOperation::hasSideEffect))
                .containsExactly(PokOperation.ISSUE_CREDENTIAL);
    }

    @ParameterizedTest
    @CsvSource({ "401, AUTHENTICATION", "403, AUTHENTICATION", "400, PERMANENT", "404, PERMANENT",
            "405, PERMANENT", "409, PERMANENT", "410, PERMANENT", "413, PERMANENT", "422, PERMANENT",
            "408, RETRYABLE", "429, RETRYABLE", "500, RETRYABLE", "502, RETRYABLE", "503, RETRYABLE",
            "504, RETRYABLE", "599, RETRYABLE", "301, PERMANENT", "302, PERMANENT", "307, PERMANENT" })
    void everyStatusHasItsClassWhateverTheOperation(int status, PokFailure expected) {
        for (PokOperation operation : PokOperation.values()) {
            assertThat(refused(operation, status, null).failure()).as(operation.label()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource(value = { "7, PT7S", " 120 , PT2M", "0, PT0S", "'Sun, 01 Jun 2025 12:00:45 GMT', PT45S",
            "'Sun, 01 Jun 2025 11:00:00 GMT', PT0S", "soon, ", "-5, ", "99999999999999999999, " })
    void retryAfterIsReadAsSecondsOrAsAnHttpDate(String header, Duration expected) {
        PokException e = refused(PokOperation.ISSUE_CREDENTIAL, 429, header);

        assertThat(e.retryAfter().orElse(null)).isEqualTo(expected);
    }

    @Test
    void retryAfterIsIgnoredWhereItMeansNothing() {
        assertThat(refused(PokOperation.TEMPLATE, 404, "7").retryAfter()).isEmpty();
    }

    @Test
    void anUnusableSuccessIsAmbiguousOnlyForIssuing() {
        PokAnswer answer = new PokAnswer(200, null, null, "");
        PokFailureClassifier.Unusable unusable = new PokFailureClassifier.Unusable(answer, "the answer is empty");

        assertThat(classifier.classify(PokOperation.ISSUE_CREDENTIAL, unusable).failure())
                .isEqualTo(PokFailure.AMBIGUOUS);
        assertThat(classifier.classify(PokOperation.PREVIEW_TEMPLATE, unusable).failure())
                .isEqualTo(PokFailure.RETRYABLE);
        assertThat(classifier.classify(PokOperation.CREDENTIAL, unusable).getMessage())
                .isEqualTo("GET /credential/{id}: POK answered HTTP 200 but the answer is empty [RETRYABLE]");
    }

    @Test
    void poksMessageIsKeptWithKnownValuesMaskedAndNeverCopiedIntoTheExceptionMessage() {
        PokAnswer answer = new PokAnswer(422, null, null,
                "{\"message\":\"receiver ana@example.org already holds this credential\"}");

        PokException e = classifier.classify(PokOperation.ISSUE_CREDENTIAL,
                new PokFailureClassifier.Refused(answer, Set.of("ana@example.org")));

        assertThat(e.pokMessage()).contains("receiver *** already holds this credential");
        assertThat(e.getMessage()).isEqualTo("POST /credential: POK rejected the request (HTTP 422) [PERMANENT]");
    }

    @Test
    void aRedirectNamesWhereItPointed() {
        PokException e = classifier.classify(PokOperation.ORGANIZATION, new PokFailureClassifier.Refused(
                new PokAnswer(301, null, "https://api.pok.tech/organization/me", ""), Set.of()));

        assertThat(e.pokMessage()).contains("redirect to https://api.pok.tech/organization/me");
        assertThat(e.getMessage()).contains("check POK_API_URL");
    }

    private PokException refused(PokOperation operation, int status, String retryAfter) {
        return classifier.classify(operation, new PokFailureClassifier.Refused(
                new PokAnswer(status, retryAfter, null, "{\"message\":\"no\"}"), Set.of()));
    }
}
