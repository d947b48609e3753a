package com.openedxpok.pok;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** How every operation classifies every kind of failure, against a real HTTP server misbehaving on purpose. */
class HttpPokClientFailureTest {

    /** Generous, so that a slow test machine cannot turn an expected answer into a timeout. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Short only to provoke timeouts quickly; nothing asserts how long anything took. */
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);
    /** The fixed "now" against which an HTTP-date Retry-After is measured. */
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @RegisterExtension
    static WireMockExtension pok = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private HttpPokClient client;

    /** One POK operation, with the failure an unusable 2xx or a lost answer means for it. */
    record Call(String operation, Function<PokClient, Object> invoke, PokFailure whenUnanswered) {
        @Override
        public String toString() {
            return operation;
        }
    }

    static Stream<Call> calls() {
        return Stream.of(
                new Call("POST /credential", c -> c.issueCredential(PokFixtures.issueRequest(null)),
                        PokFailure.AMBIGUOUS),
                new Call("GET /credential/{id}", c -> c.credential("cred-1"), PokFailure.RETRYABLE),
                new Call("GET /credential/{id}/decrypted-image", c -> c.decryptedImage("cred-1"),
                        PokFailure.RETRYABLE),
                new Call("GET /template/{id}", c -> c.template("tpl-1"), PokFailure.RETRYABLE),
                new Call("GET /template", c -> c.templates(10), PokFailure.RETRYABLE),
                new Call("POST /template/preview", c -> c.previewTemplate(PokFixtures.previewRequest()),
                        PokFailure.RETRYABLE),
                new Call("GET /page", c -> c.pages(10), PokFailure.RETRYABLE),
                new Call("GET /organization/me", PokClient::organization, PokFailure.RETRYABLE));
    }

    static Stream<Arguments> callsWithStatus(int... statuses) {
        return calls().flatMap(call -> Arrays.stream(statuses).mapToObj(status -> Arguments.of(call, status)));
    }

    static Stream<Arguments> callsWithAuthenticationStatus() {
        return callsWithStatus(401, 403);
    }

    static Stream<Arguments> callsWithPermanentStatus() {
        return callsWithStatus(400, 404, 409, 422);
    }

    static Stream<Arguments> callsWithServerStatus() {
        return callsWithStatus(500, 502, 503, 408);
    }

    static Stream<Arguments> callsWithConnectionFault() {
        return calls().flatMap(call -> Stream.of(Fault.CONNECTION_RESET_BY_PEER, Fault.EMPTY_RESPONSE,
                Fault.RANDOM_DATA_THEN_CLOSE, Fault.MALFORMED_RESPONSE_CHUNK).map(f -> Arguments.of(call, f)));
    }

    @BeforeEach
    void startClient() {
        client = clientFor(pok.baseUrl() + "/", TIMEOUT);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @ParameterizedTest(name = "{0} HTTP {1}")
    @MethodSource("callsWithAuthenticationStatus")
    void aRefusedKeyIsAnAuthenticationFailureWithAPlainMessage(Call call, int status) {
        answer(aResponse().withStatus(status).withBody("{\"message\":\"Invalid API key\"}"));

        PokException e = fail(call);

        assertThat(e.failure()).isEqualTo(PokFailure.AUTHENTICATION);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.operation()).isEqualTo(call.operation());
        assertThat(e.getMessage()).isEqualTo(call.operation() + ": POK refused the API key (HTTP " + status
                + ") — check POK_API_KEY [AUTHENTICATION]");
    }

    @ParameterizedTest(name = "{0} HTTP {1}")
    @MethodSource("callsWithPermanentStatus")
    void aRejectedRequestIsPermanentAndKeepsPoksMessage(Call call, int status) {
        answer(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"statusCode\":" + status + ",\"message\":\"Template tpl-1 has no parameter 'x'\","
                        + "\"error\":\"Bad Request\"}"));

        PokException e = fail(call);

        assertThat(e.failure()).isEqualTo(PokFailure.PERMANENT);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.pokMessage()).contains("Template tpl-1 has no parameter 'x'");
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getMessage()).isEqualTo(call.operation() + ": POK rejected the request (HTTP " + status
                + ") [PERMANENT]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void tooManyRequestsIsRetryableAfterTheDelayInSeconds(Call call) {
        answer(aResponse().withStatus(429).withHeader("Retry-After", "7"));

        PokException e = fail(call);

        assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE);
        assertThat(e.httpStatus()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void tooManyRequestsIsRetryableUntilTheHttpDate(Call call) {
        answer(aResponse().withStatus(429).withHeader("Retry-After", "Sun, 01 Jun 2025 12:02:30 GMT"));

        assertThat(fail(call).retryAfter()).contains(Duration.ofSeconds(150));
    }

    @ParameterizedTest(name = "{0} HTTP {1}")
    @MethodSource("callsWithServerStatus")
    void aServerErrorIsRetryableAndNotRetriedByTheClient(Call call, int status) {
        answer(aResponse().withStatus(status).withBody("{\"error\":\"Internal Server Error\"}"));

        PokException e = fail(call);

        assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.pokMessage()).contains("Internal Server Error");
        pok.verify(1, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void unavailableCarriesItsRetryAfter(Call call) {
        answer(aResponse().withStatus(503).withHeader("Retry-After", "30"));

        assertThat(fail(call).retryAfter()).contains(Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void anHtmlErrorPageIsRetryableWithItsVisibleTextAsMessage(Call call) {
        answer(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("""
                <html><head><title>502 Bad Gateway</title><style>body { color: red }</style></head>
                <body><center><h1>502   Bad Gateway</h1></center><hr><center>nginx</center></body></html>"""));

        PokException e = fail(call);

        assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE);
        assertThat(e.pokMessage()).contains("502 Bad Gateway 502 Bad Gateway nginx");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void anHtmlPageWithStatus200IsNotASuccess(Call call) {
        answer(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Maintenance</body></html>"));

        PokException e = fail(call);

        assertThat(e.failure()).isEqualTo(call.whenUnanswered());
        assertThat(e.httpStatus()).isEqualTo(200);
        assertThat(e.getMessage()).startsWith(call.operation() + ": ").contains("HTTP 200").contains("not JSON");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void anEmpty200IsNotASuccess(Call call) {
        answer(aResponse().withStatus(200));

        PokException e = fail(call);

        assertThat(e.failure()).isEqualTo(call.whenUnanswered());
        assertThat(e.getMessage()).contains("HTTP 200").contains("empty");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void status201IsASuccess(Call call) {
        answer(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"x-1\",\"data\":[]}"));

        assertThat(call.invoke().apply(client)).isNotNull();
    }

    @Test
    void anIssueAnswerWithoutIdIsAmbiguous() {
        answer(okJson("{\"viewUrl\":\"https://pok.tech/v/1\",\"state\":\"processing\"}"));

        PokException e = fail(calls().findFirst().orElseThrow());

        assertThat(e.failure()).isEqualTo(PokFailure.AMBIGUOUS);
        assertThat(e.getMessage()).isEqualTo("POST /credential: POK accepted (HTTP 200) but the answer carries no "
                + "credential id; the credential may exist [AMBIGUOUS]");
    }

    @Test
    void aListOfUnexpectedShapeIsRetryable() {
        answer(okJson("{\"data\":{\"id\":\"t1\"}}"));

        PokException e = catchThrowableOfType(PokException.class, () -> client.templates(10));

        assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE);
        assertThat(e.getMessage()).contains("neither a list nor");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aRedirectIsNotFollowed(Call call) {
        answer(aResponse().withStatus(301).withHeader("Location", "https://elsewhere.example/credential"));

        PokException e = fail(call);

        assertThat(e.failure()).isEqualTo(PokFailure.PERMANENT);
        assertThat(e.pokMessage()).contains("redirect to https://elsewhere.example/credential");
        pok.verify(1, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("callsWithConnectionFault")
    void aConnectionBrokenAfterSendingIsAmbiguousOnlyForIssuing(Call call, Fault fault) {
        answer(aResponse().withFault(fault));

        PokException e = fail(call);

        assertThat(e.failure()).isEqualTo(call.whenUnanswered());
        assertThat(e.httpStatus()).isZero();
        assertThat(e.getCause()).isInstanceOf(IOException.class);
        pok.verify(1, anyRequestedFor(anyUrl()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void anAnswerSlowerThanTheTimeoutIsAmbiguousOnlyForIssuing(Call call) {
        answer(okJson("{\"id\":\"late\"}").withFixedDelay(3_000));

        PokException e = failImpatiently(call);

        assertThat(e.failure()).isEqualTo(call.whenUnanswered());
        assertThat(e.getMessage()).contains("SocketTimeoutException");
    }

    @Test
    void aBodyDrippingSlowerThanTheTimeoutIsAmbiguousForIssuing() {
        answer(okJson("{\"id\":\"late\",\"padding\":\"" + "x".repeat(200) + "\"}").withChunkedDribbleDelay(4, 8_000));

        PokException e = failImpatiently(calls().findFirst().orElseThrow());

        assertThat(e.failure()).isEqualTo(PokFailure.AMBIGUOUS);
        assertThat(e.getMessage()).contains("SocketTimeoutException");
    }

    @Test
    void aBodyDrippingSlowerThanTheTimeoutIsRetryableForAGet() {
        answer(okJson("{\"name\":\"slow\",\"padding\":\"" + "x".repeat(200) + "\"}")
                .withChunkedDribbleDelay(4, 8_000));

        PokException e = failImpatiently(calls().reduce((first, second) -> second).orElseThrow());

        assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE);
        assertThat(e.getMessage()).contains("SocketTimeoutException");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void aRefusedConnectionIsRetryableForEveryOperation(Call call) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (HttpPokClient unreachable = clientFor("http://127.0.0.1:" + closedPort + "/", TIMEOUT)) {

            PokException e = catchThrowableOfType(PokException.class, () -> call.invoke().apply(unreachable));

            assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE);
            assertThat(e.httpStatus()).isZero();
            assertThat(e.getMessage()).isEqualTo(call.operation() + ": could not reach POK "
                    + "(HttpHostConnectException) [RETRYABLE]");
        }
    }

    private PokException fail(Call call) {
        return fail(call, client);
    }

    private PokException failImpatiently(Call call) {
        try (HttpPokClient impatient = clientFor(pok.baseUrl() + "/", SHORT_TIMEOUT)) {
            return fail(call, impatient);
        }
    }

    private static PokException fail(Call call, PokClient client) {
        PokException e = catchThrowableOfType(PokException.class, () -> call.invoke().apply(client));
        assertThat(e).as("a PokException from " + call).isNotNull();
        assertThat(e.operation()).isEqualTo(call.operation());
        return e;
    }

    private static void answer(ResponseDefinitionBuilder response) {
        pok.stubFor(any(anyUrl()).willReturn(response));
    }

    private static HttpPokClient clientFor(String baseUrl, Duration timeout) {
        return new HttpPokClient(PokFixtures.endpoint(baseUrl, timeout), new SimpleMeterRegistry(),
                HttpPokClient.DEFAULT_MAX_CONNECTIONS, Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
