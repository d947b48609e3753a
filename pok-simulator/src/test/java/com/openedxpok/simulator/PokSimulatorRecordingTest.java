package com.openedxpok.simulator;

import com.openedxpok.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What tests of the issuance rely on: every request recorded, and the per-learner questions answered. */
class PokSimulatorRecordingTest {

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
    void everyRequestIsRecordedWithItsOperationStatusAndLearner() {
        String id = client.issue("42");
        client.get("credential/" + id);
        client.get("template?limit=5");
        client.post("credential", IssueBodies.set(IssueBodies.valid("43"), "receiver.email", null));

        List<RecordedRequest> requests = pok.requests();

        assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::operation,
                RecordedRequest::status).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POST", "/credential", SimOperation.ISSUE_CREDENTIAL, 201),
                        org.assertj.core.groups.Tuple.tuple("GET", "/credential/" + id, SimOperation.GET_CREDENTIAL, 200),
                        org.assertj.core.groups.Tuple.tuple("GET", "/template", SimOperation.LIST_TEMPLATES, 200),
                        org.assertj.core.groups.Tuple.tuple("POST", "/credential", SimOperation.ISSUE_CREDENTIAL, 400));
        RecordedRequest issue = requests.get(0);
        assertThat(issue.at()).isEqualTo(clock.instant());
        assertThat(issue.identification()).isEqualTo("42");
        assertThat(issue.tags()).containsExactly("StudentId:42", "CourseId:course-v1:Org+CS101+2025", "Mode:verified");
        assertThat(issue.credentialId()).isEqualTo(id);
        assertThat(issue.fault()).isEqualTo(AppliedFault.NONE);
        assertThat(requests.get(1).credentialId()).isEqualTo(id);
        assertThat(requests.get(3).identification()).as("refused attempts are attributed too").isEqualTo("43");
        assertThat(requests.get(3).credentialId()).isNull();
    }

    @Test
    void perLearnerQueriesCountAttemptsAndCredentialsSeparately() {
        pok.setFaults(FaultPlan.none().withServerErrors(1.0));
        client.post("credential", IssueBodies.valid("42"));
        pok.clearFaults();
        client.issue("42");
        client.issue("7");
        client.post("credential", IssueBodies.set(IssueBodies.valid("42"), "customization.template.id", "nope"));

        assertThat(pok.issueAttemptsFor("42")).isEqualTo(3);
        assertThat(pok.credentialsCreatedFor("42")).hasSize(1)
                .allSatisfy(c -> assertThat(c.identification()).isEqualTo("42"));
        assertThat(pok.issueAttemptsFor("7")).isEqualTo(1);
        assertThat(pok.issueAttemptsFor("nobody")).isZero();
        assertThat(pok.credentialsCreatedFor("nobody")).isEmpty();
        assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isEqualTo(4);
        assertThat(pok.count(SimOperation.GET_CREDENTIAL)).isZero();
    }

    @Test
    void clearRequestsForgetsRequestsButKeepsCredentials() {
        client.issue("42");

        pok.clearRequests();

        assertThat(pok.requests()).isEmpty();
        assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isZero();
        assertThat(pok.issueAttemptsFor("42")).isZero();
        assertThat(pok.credentialsCreatedFor("42")).hasSize(1);
    }

    @Test
    void resetForgetsEverythingAndRefillsCredits() {
        client.post("credential", IssueBodies.blockchain("42"));
        pok.setFaults(FaultPlan.none().withLatency(Duration.ofMillis(1), Duration.ZERO));
        pok.addTemplate("extra", "Extra", java.util.Map.of());

        pok.reset();

        assertThat(pok.credentials()).isEmpty();
        assertThat(pok.requests()).isEmpty();
        assertThat(pok.availableCredits()).isEqualTo(100);
        assertThat(pok.faults()).isEqualTo(FaultPlan.NONE);
        assertThat(client.get("template/extra").statusCode()).isEqualTo(404);
    }

    @Test
    void fiftyParallelIssuesGiveFiftyCredentialsAllRecorded() {
        PokSimulator real = PokSimulator.builder().emitDelay(Duration.ofMillis(50)).start();
        try {
            SimulatorTestClient parallel = new SimulatorTestClient(real);
            List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 50)
                    .mapToObj(i -> parallel.http.sendAsync(parallel.request("credential")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    SimulatorTestClient.toJson(IssueBodies.valid("learner-" + i)))).build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .toList();

            assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(201));
            assertThat(real.credentials()).hasSize(50);
            assertThat(real.credentials()).extracting(SimulatedCredential::id).doesNotHaveDuplicates();
            assertThat(real.requests()).hasSize(50);
            assertThat(real.count(SimOperation.ISSUE_CREDENTIAL)).isEqualTo(50);
            IntStream.range(0, 50).forEach(i -> {
                assertThat(real.issueAttemptsFor("learner-" + i)).isEqualTo(1);
                assertThat(real.credentialsCreatedFor("learner-" + i)).hasSize(1);
            });
            assertThat(real.stats().requests()).isEqualTo(50);
        } finally {
            real.close();
        }
    }

    @Test
    void theRequestLogKeepsTheNewestEntriesButCountsAll() {
        PokSimulator small = PokSimulator.builder().requestLogCapacity(3).start();
        try {
            SimulatorTestClient smallClient = new SimulatorTestClient(small);
            for (int i = 0; i < 5; i++) {
                smallClient.get("page?limit=" + (i + 1));
            }

            assertThat(small.requests()).hasSize(3);
            assertThat(small.count(SimOperation.LIST_PAGES)).isEqualTo(5);
            assertThat(small.stats().requests()).isEqualTo(5);
        } finally {
            small.close();
        }
    }
}
