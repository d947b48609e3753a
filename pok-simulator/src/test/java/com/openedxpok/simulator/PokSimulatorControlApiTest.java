package com.openedxpok.simulator;

import com.openedxpok.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The HTTP control API that benchmarks use when the simulator runs in another process, and the main class. */
class PokSimulatorControlApiTest {

    private final MutableClock clock = new MutableClock();
    private PokSimulator pok;
    private SimulatorTestClient client;

    @BeforeEach
    void start() {
        pok = PokSimulator.builder().clock(clock).start();
        client = new SimulatorTestClient(pok);
    }

    @AfterEach
    void stop() {
        pok.close();
    }

    @Test
    void aFaultPlanPostedAsJsonIsInstalledWhole() {
        HttpResponse<String> response = client.post("_simulator/faults", """
                {"operations": ["POST /credential", "GET_CREDENTIAL"], "latencyMs": 20, "latencyJitterMs": 5,
                 "serverErrorRate": 0.1, "throttleRate": 0.2, "retryAfterSeconds": 3, "timeoutRate": 0.05,
                 "timeoutMs": 2000, "resetRate": 0.15, "dripRate": 0.01, "dripIntervalMs": 10,
                 "outageForMs": 60000, "seed": 99}""");

        assertThat(response.statusCode()).isEqualTo(200);
        FaultPlan plan = pok.faults();
        assertThat(plan.operations()).isEqualTo(Set.of(SimOperation.ISSUE_CREDENTIAL, SimOperation.GET_CREDENTIAL));
        assertThat(plan.latency()).isEqualTo(Duration.ofMillis(20));
        assertThat(plan.latencyJitter()).isEqualTo(Duration.ofMillis(5));
        assertThat(plan.serverErrorRate()).isEqualTo(0.1);
        assertThat(plan.throttleRate()).isEqualTo(0.2);
        assertThat(plan.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(plan.timeoutRate()).isEqualTo(0.05);
        assertThat(plan.timeoutHold()).isEqualTo(Duration.ofSeconds(2));
        assertThat(plan.resetRate()).isEqualTo(0.15);
        assertThat(plan.dripRate()).isEqualTo(0.01);
        assertThat(plan.dripInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(plan.outageUntil()).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(plan.seed()).isEqualTo(99);
        JsonNode echoed = SimulatorTestClient.json(response);
        assertThat(echoed.get("operations").toString()).isEqualTo("[\"POST /credential\",\"GET /credential/{id}\"]");
        assertThat(echoed.get("outageUntil").stringValue()).isEqualTo("2026-03-01T10:01:00Z");
        assertThat(SimulatorTestClient.json(client.get("_simulator/faults"))).isEqualTo(echoed);
    }

    @Test
    void anEmptyPlanClearsTheFaultsAndAnAbsoluteOutageIsAccepted() {
        pok.setFaults(FaultPlan.none().withServerErrors(1.0));

        assertThat(client.post("_simulator/faults", "{}").statusCode()).isEqualTo(200);
        assertThat(pok.faults()).isEqualTo(FaultPlan.NONE);
        assertThat(client.post("_simulator/faults", "{\"outageUntil\": \"2030-01-01T00:00:00Z\"}").statusCode())
                .isEqualTo(200);
        assertThat(pok.faults().outageUntil()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void aWrongPlanIsRefusedWith400AndChangesNothing() {
        pok.setFaults(FaultPlan.none().withResets(0.5));

        for (String wrong : new String[] {"{\"resetRat\": 1}", "{\"resetRate\": 2}", "{\"resetRate\": \"x\"}",
                "{\"operations\": [\"GET /nothing\"]}", "{\"operations\": [\"/_simulator/*\"]}",
                "{\"serverErrorRate\": 0.7, \"resetRate\": 0.7}", "[]", "not json"}) {
            HttpResponse<String> response = client.post("_simulator/faults", wrong);
            assertThat(response.statusCode()).as(wrong).isEqualTo(400);
            assertThat(SimulatorTestClient.json(response).get("message").stringValue()).as(wrong).isNotBlank();
        }
        assertThat(pok.faults().resetRate()).isEqualTo(0.5);
    }

    @Test
    void statsCountRequestsFaultsAndCredentials() {
        client.issue("42");
        client.post("credential", IssueBodies.blockchain("43"));
        pok.setFaults(FaultPlan.none().withServerErrors(1.0).onlyFor(SimOperation.GET_ORGANIZATION));
        client.get("organization/me");

        JsonNode stats = SimulatorTestClient.json(client.get("_simulator/stats"));

        assertThat(stats.get("requests").longValue()).isEqualTo(3);
        assertThat(stats.get("byOperation").get("POST /credential").longValue()).isEqualTo(2);
        assertThat(stats.get("byOperation").get("GET /organization/me").longValue()).isEqualTo(1);
        assertThat(stats.get("byFault").get("SERVER_ERROR").longValue()).isEqualTo(1);
        assertThat(stats.get("byFault").get("NONE").longValue()).isEqualTo(2);
        assertThat(stats.get("credentials").intValue()).isEqualTo(2);
        assertThat(stats.get("credentialsByState").get("processing").longValue()).isEqualTo(2);
        assertThat(stats.get("availableCredits").longValue()).isEqualTo(99);
    }

    @Test
    void duplicatesListOnlyReceiversWithMoreThanOneCredentialHoweverTheirRequestsEnded() {
        client.issue("42");
        client.issue("43");
        client.issue("43");
        pok.setFaults(FaultPlan.none().withResets(1.0).onlyFor(SimOperation.ISSUE_CREDENTIAL));
        // The answer is lost, the credential exists: exactly the case the benchmarks count.
        assertThatThrownBy(() -> client.issue("42")).isInstanceOf(java.io.UncheckedIOException.class);
        assertThatThrownBy(() -> client.issue("43")).isInstanceOf(java.io.UncheckedIOException.class);
        pok.clearFaults();

        JsonNode receivers = SimulatorTestClient.json(client.get("_simulator/duplicates")).get("receivers");

        assertThat(receivers.propertyNames()).containsExactly("42", "43");
        assertThat(receivers.get("42").longValue()).isEqualTo(2);
        assertThat(receivers.get("43").longValue()).isEqualTo(3);
        assertThat(pok.credentialsCreatedFor("43")).hasSize(3);
        pok.reset();
        client.issue("44");
        assertThat(SimulatorTestClient.json(client.get("_simulator/duplicates")).get("receivers").isEmpty()).isTrue();
    }

    @Test
    void resetAndSettingsOverHttp() {
        client.issue("42");

        assertThat(client.post("_simulator/reset", "").statusCode()).isEqualTo(200);
        assertThat(pok.credentials()).isEmpty();

        HttpResponse<String> settings = client.post("_simulator/settings",
                "{\"emitDelayMs\": 0, \"approvalDelayMs\": 250, \"availableCredits\": 5}");
        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(pok.emitDelay()).isZero();
        assertThat(pok.approvalDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(pok.availableCredits()).isEqualTo(5);
        assertThat(SimulatorTestClient.json(client.post("credential", IssueBodies.valid("42"))).get("state")
                .stringValue()).isEqualTo("emitted");
        assertThat(client.post("_simulator/settings", "{\"emitDelayMs\": -1, \"availableCredits\": 1}").statusCode())
                .isEqualTo(400);
        assertThat(pok.availableCredits()).as("a refused settings request changes nothing").isEqualTo(5);
        assertThat(client.get("_simulator/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void theMainClassReadsItsOptions() {
        PokSimulator.Builder builder = PokSimulatorMain.parse(new String[] {"--port", "0", "--api-key=bench-key",
                "--emit-delay-ms", "0", "--approval-delay-ms", "10", "--credits", "3", "--threads", "4"});
        try (PokSimulator fromArgs = builder.start()) {
            assertThat(fromArgs.apiKey().reveal()).isEqualTo("bench-key");
            assertThat(fromArgs.emitDelay()).isZero();
            assertThat(fromArgs.approvalDelay()).isEqualTo(Duration.ofMillis(10));
            assertThat(fromArgs.availableCredits()).isEqualTo(3);
            assertThat(new SimulatorTestClient(fromArgs).get("organization/me").statusCode()).isEqualTo(200);
        }
        assertThat(PokSimulatorMain.parse(new String[] {"--help"})).isNull();
        assertThat(PokSimulatorMain.parse(new String[0]).start()).satisfies(defaults -> {
            try (defaults) {
                assertThat(defaults.apiKey().reveal()).isEqualTo(PokSimulator.DEFAULT_API_KEY);
            }
        });
        assertThatThrownBy(() -> PokSimulatorMain.parse(new String[] {"--port"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> PokSimulatorMain.parse(new String[] {"--port", "x"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> PokSimulatorMain.parse(new String[] {"--colour", "red"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option");
    }
}
