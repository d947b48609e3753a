package com.openedxpok.simulator;

import com.openedxpok.testsupport.MutableClock;
import static com.openedxpok.simulator.IssueBodies.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** The simulated POK API against the contract in docs/pok-api.md. */
class PokSimulatorApiTest {

    private final MutableClock clock = new MutableClock();
    private PokSimulator pok;
    private SimulatorTestClient client;

    private void start(PokSimulator.Builder builder) {
        pok = builder.start();
        client = new SimulatorTestClient(pok);
    }

    private void startWithTestClock() {
        start(PokSimulator.builder().clock(clock).emitDelay(Duration.ofSeconds(3)).approvalDelay(Duration.ofSeconds(60)));
    }

    @AfterEach
    void stop() {
        if (pok != null) {
            pok.close();
        }
    }

    @Test
    void issuingAnswers201WithTheIdAndProcessing() {
        startWithTestClock();

        HttpResponse<String> response = client.post("credential", IssueBodies.valid("42"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = SimulatorTestClient.json(response);
        assertThat(body.get("state").stringValue()).isEqualTo("processing");
        assertThat(body.get("id").stringValue()).isNotBlank();
        assertThat(pok.credential(body.get("id").stringValue())).isPresent();
    }

    @Test
    void credentialDetailsHaveEveryContractField() {
        startWithTestClock();
        String id = client.issue("42");
        clock.advance(Duration.ofSeconds(3));

        JsonNode body = SimulatorTestClient.json(client.get("credential/" + id));

        assertThat(body.get("id").stringValue()).isEqualTo(id);
        assertThat(body.get("state").stringValue()).isEqualTo("emitted");
        assertThat(body.get("viewUrl").stringValue()).isEqualTo(pok.baseUrl() + "view/" + id);
        assertThat(body.get("createdAt").stringValue()).isEqualTo("2026-03-01T10:00:00Z");
        JsonNode credential = body.get("credential");
        assertThat(credential.get("tags").valueStream().map(JsonNode::stringValue))
                .containsExactly("StudentId:42", "CourseId:course-v1:Org+CS101+2025", "Mode:verified");
        assertThat(credential.get("emitter").stringValue()).isEqualTo("Example University");
        assertThat(credential.get("title").stringValue()).isEqualTo("Introduction to Computer Science");
        assertThat(credential.get("emissionDate").stringValue()).isEqualTo("2025-06-01T14:03:00Z");
        assertThat(credential.get("emissionType").stringValue()).isEqualTo("pok");
        assertThat(body.get("receiver").get("name").stringValue()).isEqualTo("Ana García López");
        assertThat(body.get("receiver").get("email").stringValue()).isEqualTo("ana@example.org");
    }

    @Test
    void anUnknownCredentialIs404WithAMessage() {
        startWithTestClock();

        HttpResponse<String> response = client.get("credential/no-such-id");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(SimulatorTestClient.json(response).get("message").stringValue()).isEqualTo("Credential not found");
    }

    @Test
    void processingBecomesEmittedAfterTheEmitDelay() {
        start(PokSimulator.builder().emitDelay(Duration.ofMillis(300)));
        HttpResponse<String> issued = client.post("credential", IssueBodies.valid("42"));
        assertThat(SimulatorTestClient.json(issued).get("state").stringValue()).isEqualTo("processing");
        String id = SimulatorTestClient.json(issued).get("id").stringValue();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(SimulatorTestClient.json(client.get("credential/" + id)).get("state").stringValue())
                        .isEqualTo("emitted"));
        assertThat(SimulatorTestClient.json(client.get("credential/" + id)).get("viewUrl").stringValue())
                .endsWith("/view/" + id);
    }

    @Test
    void withoutSkipAcceptanceACredentialWaitsForApprovalThenIsEmitted() {
        startWithTestClock();
        String id = SimulatorTestClient.json(client.post("credential",
                set(IssueBodies.valid("42"), "credential.skipAcceptance", false))).get("id").stringValue();

        assertThat(stateOf(id)).isEqualTo("processing");
        clock.advance(Duration.ofSeconds(3));
        assertThat(stateOf(id)).isEqualTo("waitingForApproval");
        assertThat(SimulatorTestClient.json(client.get("credential/" + id)).has("viewUrl")).isFalse();
        clock.advance(Duration.ofSeconds(60));
        assertThat(stateOf(id)).isEqualTo("emitted");
    }

    @Test
    void aForcedStateIsShownAndKeptWhatever() {
        startWithTestClock();
        String aborted = client.issue("1");
        String revoked = client.issue("2");
        String waiting = client.issue("3");

        pok.forceState(aborted, "aborted");
        pok.forceState(revoked, "revoked");
        pok.forceState(waiting, "waitingForApproval");
        clock.advance(Duration.ofHours(1));

        assertThat(stateOf(aborted)).isEqualTo("aborted");
        assertThat(stateOf(revoked)).isEqualTo("revoked");
        assertThat(stateOf(waiting)).isEqualTo("waitingForApproval");
        assertThat(SimulatorTestClient.json(client.get("credential/" + revoked)).has("viewUrl")).isFalse();
        assertThat(pok.credential(aborted)).hasValueSatisfying(c -> assertThat(c.state()).isEqualTo("aborted"));
        assertThatThrownBy(() -> pok.forceState("no-such-id", "revoked")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blockchainEmissionsSpendCreditsAndAreRefusedAtZero() {
        start(PokSimulator.builder().availableCredits(2));

        assertThat(client.post("credential", IssueBodies.blockchain("1")).statusCode()).isEqualTo(201);
        assertThat(client.post("credential", IssueBodies.valid("2")).statusCode()).isEqualTo(201);
        assertThat(pok.availableCredits()).isEqualTo(1);
        assertThat(client.post("credential", IssueBodies.blockchain("3")).statusCode()).isEqualTo(201);

        HttpResponse<String> refused = client.post("credential", IssueBodies.blockchain("4"));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(SimulatorTestClient.json(refused).get("message").stringValue()).isEqualTo("Not enough credits");
        assertThat(pok.credentialsCreatedFor("4")).isEmpty();
        assertThat(client.post("credential", IssueBodies.valid("5")).statusCode())
                .as("pok emissions need no credit").isEqualTo(201);
        pok.setAvailableCredits(1);
        assertThat(client.post("credential", IssueBodies.blockchain("6")).statusCode()).isEqualTo(201);
    }

    @Test
    void theOrganizationCountsCreditsAndCredentialsByState() {
        startWithTestClock();
        client.post("credential", IssueBodies.blockchain("1"));
        String emitted = client.issue("2");
        client.issue("3");
        pok.forceState(emitted, "emitted");
        String waiting = client.issue("4");
        pok.forceState(waiting, "waitingForApproval");
        pok.forceState(client.issue("5"), "draft");

        JsonNode org = SimulatorTestClient.json(client.get("organization/me"));

        assertThat(org.get("wallet").stringValue()).isNotBlank();
        assertThat(org.get("name").stringValue()).isEqualTo("Demo University (simulated)");
        assertThat(org.get("availableCredits").longValue()).isEqualTo(99);
        assertThat(org.get("emittedCredentials").longValue()).isEqualTo(1);
        assertThat(org.get("sentCredentials").longValue()).isEqualTo(2);
        assertThat(org.get("draftCredentials").longValue()).isEqualTo(1);
        assertThat(org.get("processingCredentials").longValue()).isEqualTo(2);
    }

    @Test
    void templatesArePublishedWithTheirCustomParameters() {
        startWithTestClock();

        JsonNode demo = SimulatorTestClient.json(client.get("template/demo-template"));
        JsonNode list = SimulatorTestClient.json(client.get("template?limit=2"));
        JsonNode all = SimulatorTestClient.json(client.get("template?limit=50"));

        assertThat(demo.get("id").stringValue()).isEqualTo("demo-template");
        assertThat(demo.get("name").stringValue()).isEqualTo("Demo certificate");
        assertThat(demo.get("version").stringValue()).isNotBlank();
        assertThat(demo.get("customParameters").toString())
                .isEqualTo("[{\"id\":\"grade\",\"label\":\"Grade\"},{\"id\":\"platform\",\"label\":\"Platform\"}]");
        assertThat(list.get("data").size()).isEqualTo(2);
        assertThat(all.get("data").valueStream().map(t -> t.get("id").stringValue()))
                .containsExactly("demo-template", "plain-template", "blockchain-template");
        assertThat(all.get("data").get(1).get("customParameters").size()).isZero();
        assertThat(all.get("data").get(2).get("customParameters").get(0).get("label").stringValue())
                .isEqualTo("Course title");
        assertThat(client.get("template/nope").statusCode()).isEqualTo(404);
        assertThat(client.get("template?limit=zero").statusCode()).isEqualTo(400);
        assertThat(client.get("template?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void pagesAreListed() {
        startWithTestClock();

        JsonNode pages = SimulatorTestClient.json(client.get("page?limit=10"));

        assertThat(pages.get("data").toString()).isEqualTo("[{\"id\":\"demo-page\",\"name\":\"Demo page\"}]");
    }

    @Test
    void aTemplateAddedAtRunTimeIsUsable() {
        startWithTestClock();
        pok.addTemplate("custom", "Custom", Map.of("signatory", "Signatory"));
        Map<String, Object> body = set(IssueBodies.valid("42"), "customization.template",
                Map.of("id", "custom", "customParameters", Map.of("Signatory", "Dr. Who")));

        assertThat(client.post("credential", body).statusCode()).isEqualTo(201);
        assertThat(pok.credentialsCreatedFor("42").get(0).customParameters()).containsEntry("signatory", "Dr. Who");
    }

    @Test
    void theCertificateImageIsAPngOfTheExpectedSize() throws IOException {
        startWithTestClock();
        String id = client.issue("42");

        HttpResponse<String> image = client.get("credential/" + id + "/decrypted-image");
        String location = SimulatorTestClient.json(image).get("location").stringValue();
        HttpResponse<byte[]> png = client.getBytes(location);

        assertThat(location).isEqualTo(pok.baseUrl() + "images/" + id + ".png");
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(decoded).isNotNull();
        assertThat(decoded.getWidth()).isEqualTo(1200);
        assertThat(decoded.getHeight()).isEqualTo(850);
        assertThat(client.get("credential/nope/decrypted-image").statusCode()).isEqualTo(404);
        assertThat(client.getBytes(pok.baseUrl() + "images/nope.png").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutFontsTheCertificateIsStillAValidPngOfTheExpectedSize() throws IOException {
        startWithTestClock();
        String id = client.issue("42");
        CertificateImage.textUnavailable = true;
        try {
            HttpResponse<byte[]> png = client.getBytes(pok.baseUrl() + "images/" + id + ".png");

            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(decoded.getWidth()).isEqualTo(1200);
            assertThat(decoded.getHeight()).isEqualTo(850);
        } finally {
            CertificateImage.textUnavailable = false;
        }
    }

    @Test
    void aPreviewGivesTheUrlOfAPng() throws IOException {
        startWithTestClock();
        Map<String, Object> body = IssueBodies.valid("42");
        set(body, "credential.tags", null);
        set(body, "credential.skipAcceptance", null);
        set(body, "receiver.identification", null);
        set(body, "receiver.email", null);
        set(body, "customization.page", null);
        set(body, "customization.template", Map.of("id", "demo-template",
                "customParameters", Map.of("grade", "[ Grade ]", "platform", "[ Platform ]")));

        HttpResponse<String> response = client.post("template/preview", body);
        String url = SimulatorTestClient.json(response).get("url").stringValue();
        HttpResponse<byte[]> png = client.getBytes(url);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(url).matches(pok.baseUrl() + "previews/[0-9a-f-]{36}\\.png");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(decoded.getWidth()).isEqualTo(1200);
        assertThat(decoded.getHeight()).isEqualTo(850);
        assertThat(client.post("template/preview", set(body, "customization.template",
                Map.of("id", "demo-template"))).statusCode()).isEqualTo(422);
    }

    @Test
    void theViewPageIsHtmlNamingTheReceiverSafely() {
        startWithTestClock();
        String id = client.issue("42");
        pok.credentialsCreatedFor("42");
        Map<String, Object> body = set(IssueBodies.valid("43"), "receiver.firstName", "<script>x</script>");
        String hostile = SimulatorTestClient.json(client.post("credential", body)).get("id").stringValue();

        HttpResponse<byte[]> page = client.getBytes(pok.baseUrl() + "view/" + id);
        HttpResponse<byte[]> escaped = client.getBytes(pok.baseUrl() + "view/" + hostile);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(new String(page.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("Ana García López")
                .contains("Introduction to Computer Science");
        assertThat(new String(escaped.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void aWrongOrMissingKeyIs401WithAMessage() {
        startWithTestClock();
        HttpRequest.Builder noKey = HttpRequest.newBuilder(client.uri("organization/me"));
        HttpRequest.Builder wrongKey = HttpRequest.newBuilder(client.uri("organization/me"))
                .header("Authorization", "ApiKey wrong");
        HttpRequest.Builder wrongScheme = HttpRequest.newBuilder(client.uri("organization/me"))
                .header("Authorization", "Bearer " + pok.apiKey().reveal());
        HttpRequest wrongKeyIssue = HttpRequest.newBuilder(client.uri("credential"))
                .header("Authorization", "ApiKey wrong")
                .POST(HttpRequest.BodyPublishers.ofString(SimulatorTestClient.toJson(IssueBodies.valid("42")))).build();

        for (HttpRequest.Builder request : new HttpRequest.Builder[] {noKey, wrongKey, wrongScheme}) {
            HttpResponse<String> response = client.send(request.GET().build());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(SimulatorTestClient.json(response).get("message").stringValue()).isNotBlank()
                    .doesNotContain(pok.apiKey().reveal());
        }
        assertThat(client.send(wrongKeyIssue).statusCode()).isEqualTo(401);
        assertThat(pok.credentials()).isEmpty();
        assertThat(client.get("organization/me").statusCode()).isEqualTo(200);
    }

    static Stream<Arguments> invalidIssueBodies() {
        return Stream.of(
                Arguments.of("credential.emissionType", "nft", 400, "credential.emissionType must be 'pok' or 'blockchain'"),
                Arguments.of("credential.emissionType", null, 400, "credential.emissionType is required"),
                Arguments.of("credential.dateFormat", "yyyy-MM-dd", 400, "credential.dateFormat must be"),
                Arguments.of("credential.emissionDate", "2025-06-01T14:03:00", 400, "with a zone"),
                Arguments.of("credential.emissionDate", "yesterday", 400, "credential.emissionDate must be"),
                Arguments.of("credential.tags", "StudentId:42", 400, "credential.tags must be an array"),
                Arguments.of("credential.skipAcceptance", "yes", 400, "credential.skipAcceptance must be true or false"),
                Arguments.of("receiver.languageTag", null, 400, "receiver.languageTag is required"),
                Arguments.of("receiver.languageTag", "es", 400, "with a region"),
                Arguments.of("receiver.identification", null, 400, "receiver.identification is required"),
                Arguments.of("receiver.email", null, 400, "receiver.email is required"),
                Arguments.of("receiver.email", "not-an-address", 400, "receiver.email is not an email address"),
                Arguments.of("receiver.firstName", "  ", 400, "receiver.firstName is required"),
                Arguments.of("receiver", null, 400, "receiver is required"),
                Arguments.of("customization.template.id", null, 400, "customization.template.id is required"),
                Arguments.of("customization.template.id", "nope", 422, "Template not found: 'nope'"),
                Arguments.of("customization.page", "nope", 422, "Page not found: 'nope'"),
                Arguments.of("customization.template.customParameters", Map.of("grade", "87%"), 422,
                        "Missing custom parameter 'platform' (Platform) of template 'demo-template'"),
                Arguments.of("customization.template.customParameters", null, 422,
                        "Missing custom parameter 'grade' (Grade)"),
                Arguments.of("customization.template.customParameters", Map.of("grade", 87, "platform", "x"), 400,
                        "Custom parameter 'grade' must be a string"));
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @MethodSource("invalidIssueBodies")
    void anInvalidIssueRequestIsRefusedWithAMessage(String field, Object value, int status, String message) {
        startWithTestClock();

        HttpResponse<String> response = client.post("credential", set(IssueBodies.valid("42"), field, value));

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(SimulatorTestClient.json(response).get("message").stringValue()).contains(message);
        assertThat(pok.credentials()).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIs400() {
        startWithTestClock();

        HttpResponse<String> notJson = client.post("credential", "{\"credential\": ");
        HttpResponse<String> notObject = client.post("credential", "[1, 2]");

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(SimulatorTestClient.json(notJson).get("message").stringValue()).contains("not valid JSON");
        assertThat(notObject.statusCode()).isEqualTo(400);
    }

    @Test
    void customParametersMayBeKeyedByLabel() {
        startWithTestClock();
        Map<String, Object> body = set(IssueBodies.valid("42"), "customization.template.customParameters",
                Map.of("Grade", "90%", "Platform", "Example Learning"));

        assertThat(client.post("credential", body).statusCode()).isEqualTo(201);
        assertThat(pok.credentialsCreatedFor("42").get(0).customParameters())
                .containsEntry("grade", "90%").containsEntry("platform", "Example Learning");
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() {
        startWithTestClock();

        assertThat(client.get("nothing/here").statusCode()).isEqualTo(404);
        assertThat(client.get("credential").statusCode()).isEqualTo(405);
        assertThat(client.post("organization/me", "{}").statusCode()).isEqualTo(405);
    }

    private String stateOf(String id) {
        return SimulatorTestClient.json(client.get("credential/" + id)).get("state").stringValue();
    }
}
