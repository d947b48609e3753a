package com.openedxpok.simulator;

import com.openedxpok.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault of the plan, observed from the client and confirmed in the request log. */
class PokSimulatorFaultsTest {

    private final MutableClock clock = new MutableClock();
    private PokSimulator pok;
    private SimulatorTestClient client;

    @BeforeEach
    void start() {
        pok = PokSimulator.builder().clock(clock).emitDelay(Duration.ofSeconds(1)).start();
        client = new SimulatorTestClient(pok);
    }

    @AfterEach
    void stop() {
        pok.close();
    }

    @Test
    void latencyIsAddedWithinTheFixedPlusJitterRange() {
        pok.setFaults(FaultPlan.none().withLatency(Duration.ofMillis(40), Duration.ofMillis(20)).withSeed(7));

        for (int i = 0; i < 5; i++) {
            assertThat(client.get("organization/me").statusCode()).isEqualTo(200);
        }

        List<RecordedRequest> requests = pok.requests(SimOperation.GET_ORGANIZATION);
        assertThat(requests).hasSize(5).allSatisfy(r -> {
            assertThat(r.addedLatency()).isBetween(Duration.ofMillis(40), Duration.ofMillis(60));
            assertThat(r.fault()).isEqualTo(AppliedFault.NONE);
        });
        assertThat(requests.stream().map(RecordedRequest::addedLatency).distinct().count())
                .as("the jitter varies").isGreaterThan(1);
    }

    @Test
    void allServerErrorsAtOneAndNoneAtZero() {
        pok.setFaults(FaultPlan.none().withServerErrors(1.0));
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = client.post("credential", IssueBodies.valid("42"));
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(SimulatorTestClient.json(response).get("message").stringValue()).isNotBlank();
        }
        assertThat(pok.credentials()).as("a 500 processes nothing").isEmpty();

        pok.setFaults(FaultPlan.none().withServerErrors(0.0));
        for (int i = 0; i < 5; i++) {
            assertThat(client.post("credential", IssueBodies.valid("42")).statusCode()).isEqualTo(201);
        }
        assertThat(pok.requests(SimOperation.ISSUE_CREDENTIAL)).extracting(RecordedRequest::fault)
                .containsExactly(AppliedFault.SERVER_ERROR, AppliedFault.SERVER_ERROR, AppliedFault.SERVER_ERROR,
                        AppliedFault.SERVER_ERROR, AppliedFault.SERVER_ERROR, AppliedFault.NONE, AppliedFault.NONE,
                        AppliedFault.NONE, AppliedFault.NONE, AppliedFault.NONE);
    }

    @Test
    void allThrottledWithRetryAfterAtOneAndNoneAtZero() {
        pok.setFaults(FaultPlan.none().withThrottling(1.0, Duration.ofSeconds(7)));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.get("template/demo-template");
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        }

        pok.setFaults(FaultPlan.none().withThrottling(0.0, Duration.ofSeconds(7)));
        HttpResponse<String> response = client.get("template/demo-template");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(pok.stats().byFault()).containsEntry(AppliedFault.THROTTLED, 3L).containsEntry(AppliedFault.NONE, 1L);
    }

    @Test
    void aSeededPlanRepeatsTheSameSequenceOfFaults() {
        FaultPlan half = FaultPlan.none().withServerErrors(0.3).withThrottling(0.3, Duration.ofSeconds(1)).withSeed(42);

        pok.setFaults(half);
        List<Integer> first = statuses(30);
        pok.setFaults(half);
        List<Integer> second = statuses(30);

        assertThat(second).isEqualTo(first);
        assertThat(first).contains(200, 429, 500);
    }

    private List<Integer> statuses(int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(client.get("page").statusCode());
        }
        return statuses;
    }

    @Test
    void aTimeoutProcessesTheRequestThenHoldsTheConnectionUntilTheClientGivesUp() {
        pok.setFaults(FaultPlan.none().withTimeouts(1.0, Duration.ofSeconds(30)));

        assertThatThrownBy(() -> client.http.send(client.request("credential").timeout(Duration.ofMillis(500))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                SimulatorTestClient.toJson(IssueBodies.valid("42")))).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        assertThat(pok.credentialsCreatedFor("42")).hasSize(1);
        RecordedRequest recorded = pok.requests(SimOperation.ISSUE_CREDENTIAL).get(0);
        assertThat(recorded.fault()).isEqualTo(AppliedFault.TIMEOUT);
        assertThat(recorded.status()).isZero();
        assertThat(recorded.credentialId()).isEqualTo(pok.credentialsCreatedFor("42").get(0).id());
    }

    @Test
    void aResetAfterTheBodyLeavesTheClientWithAnErrorAndTheCredentialCreated() {
        pok.setFaults(FaultPlan.none().withResets(1.0));

        assertThatThrownBy(() -> client.http.send(client.request("credential")
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                SimulatorTestClient.toJson(IssueBodies.valid("42")))).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);

        assertThat(pok.credentialsCreatedFor("42")).as("the ambiguous case: created, but never answered").hasSize(1);
        assertThat(pok.issueAttemptsFor("42")).isEqualTo(1);
        RecordedRequest recorded = pok.requests(SimOperation.ISSUE_CREDENTIAL).get(0);
        assertThat(recorded.fault()).isEqualTo(AppliedFault.RESET);
        assertThat(recorded.status()).isZero();
        assertThat(recorded.credentialId()).isEqualTo(pok.credentialsCreatedFor("42").get(0).id());
    }

    @Test
    void anOutageAnswers503WithRetryAfterUntilItEnds() {
        pok.setFaults(FaultPlan.none().withOutageUntil(clock.instant().plusSeconds(90)));

        HttpResponse<String> during = client.post("credential", IssueBodies.valid("42"));
        clock.advance(Duration.ofSeconds(90));
        HttpResponse<String> after = client.post("credential", IssueBodies.valid("42"));

        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.headers().firstValue("Retry-After")).hasValue("90");
        assertThat(after.statusCode()).isEqualTo(201);
        assertThat(pok.credentialsCreatedFor("42")).hasSize(1);
        assertThat(pok.requests(SimOperation.ISSUE_CREDENTIAL)).extracting(RecordedRequest::fault)
                .containsExactly(AppliedFault.OUTAGE, AppliedFault.NONE);
        assertThat(pok.issueAttemptsFor("42")).isEqualTo(2);
    }

    @Test
    void theControlApiIsNeverFaulted() {
        pok.setFaults(FaultPlan.none().withOutageUntil(clock.instant().plusSeconds(3600)).withServerErrors(1.0));

        assertThat(client.get("_simulator/stats").statusCode()).isEqualTo(200);
        assertThat(client.get("organization/me").statusCode()).isEqualTo(503);
    }

    @Test
    void aPlanRestrictedToOneOperationLeavesTheOthersAlone() {
        pok.setFaults(FaultPlan.none().withResets(1.0).onlyFor(SimOperation.ISSUE_CREDENTIAL));

        assertThat(client.get("organization/me").statusCode()).isEqualTo(200);
        assertThat(client.get("template/demo-template").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> client.post("credential", IssueBodies.valid("42")))
                .hasRootCauseInstanceOf(IOException.class);

        assertThat(pok.requests()).extracting(RecordedRequest::operation, RecordedRequest::fault).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SimOperation.GET_ORGANIZATION, AppliedFault.NONE),
                org.assertj.core.groups.Tuple.tuple(SimOperation.GET_TEMPLATE, AppliedFault.NONE),
                org.assertj.core.groups.Tuple.tuple(SimOperation.ISSUE_CREDENTIAL, AppliedFault.RESET));
    }

    @Test
    void aDrippedAnswerArrivesWholeButSlowly() {
        pok.setFaults(FaultPlan.none().withDrip(1.0, Duration.ofMillis(1)));

        HttpResponse<String> response = client.get("organization/me");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SimulatorTestClient.json(response).get("name").stringValue()).isEqualTo("Demo University (simulated)");
        assertThat(pok.requests().get(0).fault()).isEqualTo(AppliedFault.DRIP);
    }

    @Test
    void clearingTheFaultsRestoresNormalService() {
        pok.setFaults(FaultPlan.none().withServerErrors(1.0));
        assertThat(client.get("page").statusCode()).isEqualTo(500);

        pok.clearFaults();

        assertThat(client.get("page").statusCode()).isEqualTo(200);
        assertThat(pok.faults()).isEqualTo(FaultPlan.NONE);
    }

    @Test
    void anImpossiblePlanIsRefused() {
        assertThatThrownBy(() -> FaultPlan.none().withServerErrors(0.6).withResets(0.6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1");
        assertThatThrownBy(() -> FaultPlan.none().withTimeouts(1.5, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeoutRate");
        assertThatThrownBy(() -> FaultPlan.none().onlyFor(SimOperation.CONTROL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.none().withLatency(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FaultPlan.none().onlyFor(SimOperation.ISSUE_CREDENTIAL, SimOperation.GET_CREDENTIAL).operations())
                .isEqualTo(Set.of(SimOperation.ISSUE_CREDENTIAL, SimOperation.GET_CREDENTIAL));
    }
}
