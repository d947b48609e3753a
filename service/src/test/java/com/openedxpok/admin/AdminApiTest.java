package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.FaultPlan;
import com.openedxpok.simulator.PokSimulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API end to end, on the demo simulator: every operator action, recorded with the operator's name. */
@AdminTestApp
class AdminApiTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JsonMapper json;

    @Autowired
    PokSimulator simulator;

    AdminTestData data;
    String token;

    @BeforeEach
    void setUp() {
        data = new AdminTestData(context);
        token = data.token(data.admin());
    }

    @Test
    void retryingAFailedCertificateIssuesItAndTheHistorySaysWhoAsked() throws Exception {
        Certificate failed = data.certificate(AdminTestData.unique("retry"), AdminTestData.DEMO_COURSE,
                CertificateStatus.FAILED);

        JsonNode outcome = post("/api/v1/certificates/" + failed.id() + "/retry", null, 200);
        assertThat(outcome.get("certificate").get("status").asString()).isEqualTo("QUEUED");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(data.reload(failed).status()).isEqualTo(CertificateStatus.EMITTED));
        JsonNode detail = get("/api/v1/certificates/" + failed.id(), 200);
        List<String> actors = new ArrayList<>();
        detail.get("history").forEach(e -> actors.add(e.get("actor").asString() + " " + e.get("kind").asString()));
        assertThat(actors).contains("operator:admin QUEUED").anyMatch(a -> a.endsWith("EMITTED"));
    }

    @Test
    void actionsThatDoNotApplyAreRefusedWithTheReason() throws Exception {
        Certificate failed = data.certificate(AdminTestData.unique("no"), "course-v1:NoTemplate+N1+2026",
                CertificateStatus.FAILED);

        assertThat(post("/api/v1/certificates/" + failed.id() + "/issue-again", "{}", 400).get("error").asString())
                .contains("Confirm");
        assertThat(post("/api/v1/certificates/" + failed.id() + "/refresh", null, 409).get("error").asString())
                .isEqualTo("This certificate has no POK credential yet");
        assertThat(post("/api/v1/certificates/" + failed.id() + "/revoke", "{\"confirm\": true, \"reason\": \"fraud\"}",
                200).get("certificate").get("status").asString()).isEqualTo("REVOKED");
        assertThat(post("/api/v1/certificates/" + failed.id() + "/retry", null, 409).get("error").asString())
                .contains("issue again");
        assertThat(get("/api/v1/certificates/999999999", 404).get("error").asString()).contains("No certificate");
        assertThat(post("/api/v1/certificates/" + failed.id() + "/mark-issued", "not json", 400).get("error").asString())
                .contains("not the JSON");
        assertThat(get("/api/v1/certificates?status=NOPE", 400).get("error").asString()).contains("not a status");
        assertThat(context.getBean(CertificateEventRepository.class).history(failed.id()))
                .anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo("operator:admin");
                    assertThat(e.toStatus()).isEqualTo(CertificateStatus.REVOKED);
                    assertThat(e.detail()).isEqualTo("fraud");
                });
    }

    @Test
    void markingAnUncertainCertificateAsIssuedSettlesItWithThatCredential() throws Exception {
        Certificate uncertain = data.certificate(AdminTestData.unique("unc"), AdminTestData.DEMO_COURSE,
                CertificateStatus.UNCERTAIN);
        // The credential exists in POK (created there, the answer lost): the operator found its id.
        Certificate other = data.certificate(AdminTestData.unique("src"), AdminTestData.DEMO_COURSE,
                CertificateStatus.FAILED);
        post("/api/v1/certificates/" + other.id() + "/retry", null, 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> data.reload(other).status() == CertificateStatus.EMITTED);
        String credentialId = data.reload(other).pok().credentialId();

        JsonNode outcome = post("/api/v1/certificates/" + uncertain.id() + "/mark-issued",
                "{\"credentialId\": \"" + credentialId + "\"}", 200);

        assertThat(outcome.get("certificate").get("pokCredentialId").asString()).isEqualTo(credentialId);
        await().atMost(Duration.ofSeconds(30)).until(() -> data.reload(uncertain).status() == CertificateStatus.EMITTED);
    }

    @Test
    void oneCourseTemplatePerCourseAndSavingReleasesTheHeldCertificates() throws Exception {
        String course = "course-v1:" + AdminTestData.unique("Tpl") + "+T1+2026";
        Certificate held = data.certificate(AdminTestData.unique("held"), course, CertificateStatus.HELD);
        String body = "{\"courseKey\": \"" + course + "\", \"templateId\": \"demo-template\", \"emissionType\": \"pok\","
                + " \"titleOverride\": \"A course\", \"parameters\": [{\"parameterId\": \"grade\", \"source\": \"grade\"},"
                + " {\"parameterId\": \"platform\", \"source\": \"constant\", \"constantValue\": \"Acme\"}]}";

        JsonNode created = post("/api/v1/course-templates", body, 201);
        assertThat(created.get("released").asInt()).isEqualTo(1);
        assertThat(created.get("template").get("parameters")).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> data.reload(held).status() == CertificateStatus.EMITTED);

        JsonNode duplicate = post("/api/v1/course-templates", body, 409);
        assertThat(duplicate.get("error").asString()).contains("already has a POK template")
                .contains("one template per course");

        long id = created.get("template").get("id").asLong();
        JsonNode updated = send("PUT", "/api/v1/course-templates/" + id, body.replace("A course", "Renamed"), 200);
        assertThat(updated.get("template").get("titleOverride").asString()).isEqualTo("Renamed");
        assertThat(post("/api/v1/course-templates", body.replace("demo-template", "  "), 400).get("error").asString())
                .contains("template");
        assertThat(post("/api/v1/course-templates", body.replace("\"grade\"}", "\"grade\", \"parameterId\": \"nope\"}")
                .replace(course, course + "x"), 400).get("error").asString()).contains("no parameter 'nope'");

        JsonNode audit = get("/api/v1/audit?limit=50", 200);
        List<String> lines = new ArrayList<>();
        audit.forEach(e -> lines.add(e.get("actor").asString() + " " + e.get("action").asString() + " "
                + e.get("target").asString()));
        assertThat(lines).contains("operator:admin COURSE_TEMPLATE_CREATED " + course,
                "operator:admin COURSE_TEMPLATE_UPDATED " + course);
        send("DELETE", "/api/v1/course-templates/" + id, null, 204);
        get("/api/v1/course-templates/" + id, 404);
    }

    @Test
    void previewReturnsTheImageUrlOfPok() throws Exception {
        JsonNode preview = post("/api/v1/course-templates/preview", "{\"courseKey\": \"course-v1:A+B+C\", "
                + "\"templateId\": \"demo-template\", \"parameters\": [{\"parameterId\": \"grade\", \"source\": \"grade\"}]}",
                200);
        String url = preview.get("url").asString();
        assertThat(url).startsWith(simulator.baseUrl().toString()).endsWith(".png");
        HttpResponse<byte[]> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void aBulkRetryOfTheFilterRunsInTheBackgroundToOneHundredPercent() throws Exception {
        String prefix = AdminTestData.unique("bulk");
        List<Certificate> failed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            failed.add(data.certificate(prefix + "-" + i, AdminTestData.DEMO_COURSE, CertificateStatus.FAILED));
        }
        // Not HELD: a held certificate of the demo course is released by itself once nothing holds it any more.
        Certificate notFailed = data.certificate(prefix + "-revoked", AdminTestData.DEMO_COURSE,
                CertificateStatus.REVOKED);

        JsonNode job = post("/api/v1/bulk-jobs", "{\"kind\": \"RETRY_FAILED\", \"filter\": {\"q\": \"" + prefix + "\"}}",
                202);
        assertThat(job.get("total").asInt()).isEqualTo(12);
        long id = job.get("id").asLong();

        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/bulk-jobs/" + id, 200).get("percent").asInt() == 100);
        JsonNode done = get("/api/v1/bulk-jobs/" + id, 200);
        assertThat(done.get("done").asInt()).isEqualTo(12);
        assertThat(done.get("status").asString()).isEqualTo("DONE");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(failed)
                .allSatisfy(c -> assertThat(data.reload(c).status()).isEqualTo(CertificateStatus.EMITTED)));
        assertThat(data.reload(notFailed).status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(context.getBean(CertificateEventRepository.class).history(failed.get(0).id()))
                .anySatisfy(e -> assertThat(e.actor()).isEqualTo("operator:admin"));
    }

    @Test
    void settingsNeverShowASecretAndTestConnectionAsksPokNow() throws Exception {
        String webhookToken = context.getBean(ServiceConfig.class).openedx().webhookToken().reveal();
        HttpResponse<String> settings = raw("GET", "/api/v1/settings", null);
        assertThat(settings.body()).contains("OPENEDX_WEBHOOK_TOKEN").contains("****")
                .doesNotContain(webhookToken).doesNotContain(AdminTestData.ADMIN_PASSWORD)
                .doesNotContain(simulator.apiKey().reveal());

        assertThat(post("/api/v1/settings/test-connection", null, 200).get("state").asString()).isEqualTo("OK");
        simulator.setFaults(FaultPlan.none().withOutageUntil(java.time.Instant.now().plusSeconds(60)));
        try {
            JsonNode down = post("/api/v1/settings/test-connection", null, 200);
            assertThat(down.get("state").asString()).isEqualTo("UNREACHABLE");
            assertThat(down.get("problem").asString()).isNotBlank().doesNotContain(simulator.apiKey().reveal());
        } finally {
            simulator.clearFaults();
            post("/api/v1/settings/test-connection", null, 200);
        }
    }

    @Test
    void theDashboardWarnsWhenCreditsRunLowForBlockchainCourses() throws Exception {
        String course = "course-v1:" + AdminTestData.unique("Chain") + "+C1+2026";
        data.courseTemplate(course, "blockchain-template", EmissionType.BLOCKCHAIN);
        long before = simulator.availableCredits();
        simulator.setAvailableCredits(3);
        try {
            post("/api/v1/settings/test-connection", null, 200);
            JsonNode dashboard = get("/api/v1/dashboard", 200);
            assertThat(dashboard.get("creditsWarning").asString()).contains("Only 3 POK credits left")
                    .contains(course);
            assertThat(dashboard.get("demo").asBoolean()).isTrue();
        } finally {
            simulator.setAvailableCredits(before);
            post("/api/v1/settings/test-connection", null, 200);
        }
    }

    private JsonNode get(String path, int status) throws Exception {
        return send("GET", path, null, status);
    }

    private JsonNode post(String path, String body, int status) throws Exception {
        return send("POST", path, body, status);
    }

    private JsonNode send(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> answer = raw(method, path, body);
        assertThat(answer.statusCode()).as(method + " " + path + " → " + answer.body()).isEqualTo(status);
        return answer.body().isEmpty() ? null : json.readTree(answer.body());
    }

    private HttpResponse<String> raw(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
