package com.openedxpok.pok;

import com.openedxpok.kernel.EmissionType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.openedxpok.config.Secret;
import com.openedxpok.simulator.FaultPlan;
import com.openedxpok.simulator.SimOperation;
import com.openedxpok.simulator.PokSimulator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The production client against the POK simulator: every endpoint end to end, and every failure class produced by a
 * real server misbehaving on a real socket (the WireMock tests cover the odd replies the simulator does not make).
 */
class HttpPokClientAgainstSimulatorTest {

    private static PokSimulator pok;
    private static HttpPokClient client;

    @BeforeAll
    static void start() {
        pok = PokSimulator.builder().emitDelay(Duration.ofMillis(100)).start();
        PokEndpoint endpoint = new PokEndpoint(pok.baseUrl(), Secret.of(pok.apiKey().reveal()), Duration.ofSeconds(1),
                true);
        client = new HttpPokClient(endpoint, new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        client.close();
        pok.close();
    }

    @BeforeEach
    void reset() {
        pok.reset();
    }

    private static IssueRequest issue(String identification, String template, Map<String, String> parameters,
            EmissionType type) {
        return new IssueRequest(
                new IssueRequest.Credential(List.of("StudentId:" + identification), true, type, "dd/MM/yyyy",
                        Instant.parse("2025-06-01T14:03:00Z"), "Intro to CS", "Example University"),
                new IssueRequest.Receiver("es-AR", identification, "ana@example.org", "Ana", "García"),
                new IssueRequest.Customization("demo-page", new IssueRequest.Template(template, parameters)));
    }

    private static IssueRequest demo(String identification) {
        return issue(identification, "demo-template", Map.of("grade", "87%", "platform", "Example"), EmissionType.POK);
    }

    @Test
    void everyEndpointWorksEndToEnd() {
        IssuedCredential issued = client.issueCredential(demo("17"));
        assertThat(issued.id()).isNotBlank();
        assertThat(issued.state()).isEqualTo("processing");

        await().atMost(Duration.ofSeconds(10)).until(() -> client.credential(issued.id()).pokState().isEmitted());
        CredentialDetails details = client.credential(issued.id());
        assertThat(details.viewUrl()).startsWith(pok.baseUrl().toString());
        assertThat(details.credential().title()).isEqualTo("Intro to CS");
        assertThat(details.credential().tags()).containsExactly("StudentId:17");
        assertThat(details.receiver().email()).isEqualTo("ana@example.org");
        assertThat(client.decryptedImage(issued.id()).location()).startsWith(pok.baseUrl().toString());

        assertThat(client.template("demo-template").customParameters())
                .extracting(PokTemplate.CustomParameter::id).containsExactly("grade", "platform");
        assertThat(client.templates(10)).extracting(PokTemplate::id).contains("demo-template", "plain-template");
        assertThat(client.pages(10)).extracting(PokPage::id).contains("demo-page");
        assertThat(client.previewTemplate(new PreviewRequest(
                new PreviewRequest.Credential(EmissionType.POK, "dd/MM/yyyy", Instant.now(), "T", "E"),
                new PreviewRequest.Receiver("en-US", "Ana", "García"),
                new PreviewRequest.Customization(new IssueRequest.Template("demo-template",
                        Map.of("grade", "[ Grade ]", "platform", "[ Platform ]")))))
                .url()).startsWith(pok.baseUrl().toString());
        Organization organization = client.organization();
        assertThat(organization.name()).isEqualTo("Demo University (simulated)");
        assertThat(organization.emittedCredentials()).isEqualTo(1);
    }

    @Test
    void serverErrorsAndThrottlingAreRetryableWithRetryAfter() {
        pok.setFaults(FaultPlan.none().withServerErrors(1.0));
        assertThatThrownBy(() -> client.organization()).isInstanceOfSatisfying(PokException.class,
                e -> assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE));

        pok.setFaults(FaultPlan.none().withThrottling(1.0, Duration.ofSeconds(7)));
        assertThatThrownBy(() -> client.issueCredential(demo("18"))).isInstanceOfSatisfying(PokException.class, e -> {
            assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE);
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        });
        assertThat(pok.credentialsCreatedFor("18")).isEmpty();
    }

    @Test
    void anOutageIsRetryable() {
        pok.setFaults(FaultPlan.none().withOutageUntil(Instant.now().plusSeconds(30)));
        assertThatThrownBy(() -> client.templates(5)).isInstanceOfSatisfying(PokException.class,
                e -> assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE));
    }

    @Test
    void aTimeoutOrResetAfterTheBodyWasSentIsAmbiguousForIssuingAndTheCredentialDoesExist() {
        pok.setFaults(FaultPlan.none().withTimeouts(1.0, Duration.ofSeconds(3)).onlyFor(SimOperation.ISSUE_CREDENTIAL));
        assertThatThrownBy(() -> client.issueCredential(demo("19"))).isInstanceOfSatisfying(PokException.class,
                e -> assertThat(e.failure()).isEqualTo(PokFailure.AMBIGUOUS));
        assertThat(pok.credentialsCreatedFor("19")).hasSize(1);

        pok.setFaults(FaultPlan.none().withResets(1.0).onlyFor(SimOperation.ISSUE_CREDENTIAL));
        assertThatThrownBy(() -> client.issueCredential(demo("20"))).isInstanceOfSatisfying(PokException.class,
                e -> assertThat(e.failure()).isEqualTo(PokFailure.AMBIGUOUS));
        assertThat(pok.credentialsCreatedFor("20")).hasSize(1);
    }

    @Test
    void aTimeoutOnAReadIsMerelyRetryable() {
        pok.setFaults(FaultPlan.none().withTimeouts(1.0, Duration.ofSeconds(3)).onlyFor(SimOperation.GET_ORGANIZATION));
        assertThatThrownBy(() -> client.organization()).isInstanceOfSatisfying(PokException.class,
                e -> assertThat(e.failure()).isEqualTo(PokFailure.RETRYABLE));
    }

    @Test
    void aRefusedKeyIsAnAuthenticationFailure() {
        pok.setKeyAccepted(false);
        assertThatThrownBy(() -> client.issueCredential(demo("21"))).isInstanceOfSatisfying(PokException.class, e -> {
            assertThat(e.failure()).isEqualTo(PokFailure.AUTHENTICATION);
            assertThat(e.getMessage()).contains("check POK_API_KEY").doesNotContain(pok.apiKey().reveal());
        });
    }

    @Test
    void validationErrorsArePermanentWithPoksMessage() {
        assertThatThrownBy(() -> client.issueCredential(issue("22", "demo-template", Map.of("grade", "1"),
                EmissionType.POK))).isInstanceOfSatisfying(PokException.class, e -> {
                    assertThat(e.failure()).isEqualTo(PokFailure.PERMANENT);
                    assertThat(e.pokMessage()).get().asString().contains("platform");
                });
        assertThatThrownBy(() -> client.template("no-such-template")).isInstanceOfSatisfying(PokException.class,
                e -> assertThat(e.failure()).isEqualTo(PokFailure.PERMANENT));
        pok.setAvailableCredits(0);
        assertThatThrownBy(() -> client.issueCredential(issue("23", "plain-template", Map.of(),
                EmissionType.BLOCKCHAIN))).isInstanceOfSatisfying(PokException.class, e -> {
                    assertThat(e.failure()).isEqualTo(PokFailure.PERMANENT);
                    assertThat(e.pokMessage()).get().asString().contains("Not enough credits");
                });
    }
}
