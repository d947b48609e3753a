package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The backfill and "revoke in POK as well" REST endpoints, in demo mode (no LMS configured). */
@AdminTestApp
class BackfillApiTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JsonMapper json;

    AdminTestData data;
    String token;

    @BeforeEach
    void setUp() {
        data = new AdminTestData(context);
        token = data.token(data.admin());
    }

    @Test
    void withoutTheLmsApiADryRunOrStartIsRefusedWithWhatIsMissing() throws Exception {
        String course = URLEncoder.encode(AdminTestData.DEMO_COURSE, StandardCharsets.UTF_8);
        assertThat(send("GET", "/api/v1/backfill/dry-run?course=" + course, null, null, 409).get("error").asString())
                .contains("LMS_URL").contains("OPENEDX_CLIENT_ID").contains("CSV");
        assertThat(send("GET", "/api/v1/backfill/dry-run", null, null, 409).get("error").asString())
                .contains("LMS_URL");
        assertThat(send("POST", "/api/v1/backfill", "{\"course\": \"" + AdminTestData.DEMO_COURSE + "\"}",
                "application/json", 409).get("error").asString()).contains("LMS_URL");
        assertThat(send("POST", "/api/v1/backfill", "{\"allEnabled\": true}", "application/json", 409)
                .get("error").asString()).contains("LMS_URL");
        assertThat(send("POST", "/api/v1/backfill", "{}", "application/json", 400).get("error").asString())
                .contains("course");
        assertThat(send("GET", "/api/v1/backfill/dry-run?course=nonsense", null, null, 400).get("error").asString())
                .contains("nonsense");
        assertThat(send("GET", "/api/v1/backfill/999999999", null, null, 404).get("error").asString())
                .contains("No backfill job");
        assertThat(send("POST", "/api/v1/backfill/999999999/cancel", null, null, 404).get("error").asString())
                .contains("No backfill job");
        assertThat(send("POST", "/api/v1/backfill/999999999/resume", null, null, 404).get("error").asString())
                .contains("No backfill job");
    }

    @Test
    void aCsvImportQueuesTheGoodRowAndReportsTheBadOneByLine() throws Exception {
        String good = AdminTestData.unique("csvok");
        String bad = AdminTestData.unique("csvbad");
        String csv = "user_id,username,email,full_name,course_key,grade,language\n"
                + "7" + Math.abs(good.hashCode() % 1_000_000) + "," + good + "," + good + "@example.org,Ana Good,"
                + AdminTestData.DEMO_COURSE + ",0.9,es\n"
                + "not-a-number," + bad + "," + bad + "@example.org,Bo Bad," + AdminTestData.DEMO_COURSE + ",0.8,en\n";

        JsonNode report = send("POST", "/api/v1/backfill/csv", csv, "text/csv", 200);

        assertThat(report.get("rows").asInt()).isEqualTo(2);
        assertThat(report.get("queued").asInt()).isEqualTo(1);
        assertThat(report.get("errorCount").asInt()).isEqualTo(1);
        assertThat(report.get("errors")).hasSize(1);
        assertThat(report.get("errors").get(0).get("line").asInt()).isEqualTo(3);
        assertThat(report.get("errors").get(0).get("message").asString()).isNotBlank();
        JsonNode queued = send("GET", "/api/v1/certificates?q=" + good, null, null, 200);
        assertThat(queued.get("items")).hasSize(1);
        assertThat(queued.get("items").get(0).get("courseKey").asString()).isEqualTo(AdminTestData.DEMO_COURSE);
        assertThat(send("GET", "/api/v1/certificates?q=" + bad, null, null, 200).get("items")).isEmpty();
        assertThat(context.getBean(CertificateEventRepository.class)
                .history(queued.get("items").get(0).get("id").asLong()))
                .anySatisfy(e -> assertThat(e.detail()).isEqualTo("CSV import by admin"));
    }

    @Test
    void aCertificateOpenedxRevokesAfterEmissionIsListedUntilMarkedDone() throws Exception {
        assertThat(send("GET", "/api/v1/revoke-in-pok", null, null, 200)).isEmpty();
        Certificate emitted = data.withPok(data.certificate(AdminTestData.unique("rev"), AdminTestData.DEMO_COURSE,
                CertificateStatus.EMITTED), "cred-" + AdminTestData.unique("c"), "emitted", EmissionType.POK);

        webhook(revokedEvent(emitted));

        JsonNode list = send("GET", "/api/v1/revoke-in-pok", null, null, 200);
        assertThat(list).hasSize(1);
        JsonNode item = list.get(0);
        assertThat(item.get("certificateId").asLong()).isEqualTo(emitted.id());
        assertThat(item.get("username").asString()).isEqualTo(emitted.learner().username());
        assertThat(item.get("courseKey").asString()).isEqualTo(AdminTestData.DEMO_COURSE);
        assertThat(item.get("pokCredentialId").asString()).isEqualTo(emitted.pok().credentialId());
        assertThat(item.get("reason").asString()).isNotBlank();
        assertThat(data.reload(emitted).status()).isEqualTo(CertificateStatus.REVOKED);

        send("POST", "/api/v1/revoke-in-pok/" + emitted.id() + "/done", null, null, 204);

        assertThat(send("GET", "/api/v1/revoke-in-pok", null, null, 200)).isEmpty();
        assertThat(send("POST", "/api/v1/revoke-in-pok/" + emitted.id() + "/done", null, null, 404)
                .get("error").asString()).contains("not on the");
        List<String> kinds = new ArrayList<>();
        context.getBean(CertificateEventRepository.class).history(emitted.id()).forEach(e -> kinds.add(e.kind()));
        assertThat(kinds).endsWith("REVOKED_IN_POK");
    }

    @Test
    void theEndpointsNeedAnApiToken() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/revoke-in-pok")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    /** The payload openedx-webhooks sends for {@code org.openedx.learning.certificate.revoked.v1}. */
    static String revokedEvent(Certificate c) {
        return """
                {"openedx_events.learning.data.CertificateData": {"user": {"id": %d, "is_active": true, "pii": {"username": "%s",
                 "email": "%s", "name": "A Learner"}},
                 "course": {"course_key": "%s", "display_name": "POK Demo Course", "start": null, "end": null},
                 "mode": "verified", "grade": "0.91", "current_status": "unavailable",
                 "previous_status": "downloadable", "download_url": "", "name": ""},
                 "event_metadata": {"id": "2f6c1c2e-0000-11ef-8000-0242ac140099",
                 "event_type": "org.openedx.learning.certificate.revoked.v1", "minorversion": 0,
                 "source": "openedx/lms/web", "sourcehost": "lms-1", "time": "2025-06-01 14:03:00.123456+00:00",
                 "sourcelib": [9, 18, 0]}}
                """.formatted(c.learner().userId(), c.learner().username(), c.learner().email(), c.courseKey());
    }

    void webhook(String body) throws Exception {
        String secret = context.getBean(ServiceConfig.class).openedx().webhookToken().reveal();
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/openedx/webhooks/events?token="
                                + secret)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private JsonNode send(String method, String path, String body, String contentType, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + " → " + answer.body()).isEqualTo(status);
        return answer.body().isEmpty() ? null : json.readTree(answer.body());
    }
}
