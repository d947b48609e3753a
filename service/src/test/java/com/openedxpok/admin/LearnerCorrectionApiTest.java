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

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue #15 item 5 through the REST API: a certificate HELD for a missing email is fixed by correcting the learner;
 * "retry now" on it says why it would be held again instead of pretending; an action that changes nothing says so.
 */
@AdminTestApp
class LearnerCorrectionApiTest {

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
    void aCertificateHeldForAMissingEmailIsFixedByCorrectingTheLearner() throws Exception {
        Certificate held = data.certificate(AdminTestData.unique("noemail-"), null, "Ada Lovelace",
                AdminTestData.DEMO_COURSE, CertificateStatus.HELD);

        String refused = post("/api/v1/certificates/" + held.id() + "/retry", null, 409).get("error").asString();
        assertThat(refused).startsWith("Not retried: it would be held again at once.").contains("No email address");
        assertThat(data.reload(held).status()).isEqualTo(CertificateStatus.HELD);

        JsonNode outcome = post("/api/v1/certificates/" + held.id() + "/learner",
                "{\"name\": \"Ada King\", \"email\": \"ada.king@example.org\"}", 200);
        assertThat(outcome.get("certificate").get("status").asString()).isEqualTo("QUEUED");
        assertThat(outcome.get("certificate").get("email").asString()).isEqualTo("ada.king@example.org");
        assertThat(outcome.get("message").asString()).contains("name and email corrected").contains("queued again");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(data.reload(held).status()).isEqualTo(CertificateStatus.EMITTED));
        assertThat(data.reload(held).learner().name()).isEqualTo("Ada King");
        JsonNode detail = get("/api/v1/certificates/" + held.id(), 200);
        List<String> lines = new ArrayList<>();
        detail.get("history").forEach(e -> lines.add(e.get("actor").asString() + " " + e.get("kind").asString() + " "
                + e.get("detail").asString()));
        assertThat(lines).contains("operator:admin LEARNER_CORRECTED learner's name and email corrected by operator")
                .contains("operator:admin QUEUED learner corrected by operator");
        // The history is operator-only, but it need not repeat personal data: the new values are not in it.
        assertThat(String.join("\n", lines)).doesNotContain("ada.king@example.org").doesNotContain("Ada King");
    }

    @Test
    void aCorrectionThatChangesNothingOrComesTooLateIsRefusedWithTheReason() throws Exception {
        String username = AdminTestData.unique("same-");
        Certificate failed = data.certificate(username, username + "@example.org", "Grace Hopper",
                AdminTestData.DEMO_COURSE, CertificateStatus.FAILED);

        assertThat(post("/api/v1/certificates/" + failed.id() + "/learner",
                "{\"name\": \" Grace Hopper \", \"email\": \"" + username + "@example.org\"}", 409).get("error")
                .asString()).isEqualTo("Nothing changed: the name and email are already these");
        assertThat(post("/api/v1/certificates/" + failed.id() + "/learner",
                "{\"name\": \"Grace Hopper\", \"email\": \"not-an-address\"}", 409).get("error").asString())
                .isEqualTo("'not-an-address' is not an email address");

        JsonNode changed = post("/api/v1/certificates/" + failed.id() + "/learner",
                "{\"name\": \"Grace B. Hopper\", \"email\": \"" + username + "@example.org\"}", 200);
        // A FAILED one keeps its status: the operator decides when to retry it.
        assertThat(changed.get("certificate").get("status").asString()).isEqualTo("FAILED");
        assertThat(changed.get("message").asString()).isEqualTo("The learner's name corrected; the next attempt uses them.");

        Certificate emitted = data.certificate(AdminTestData.unique("sent-"), AdminTestData.DEMO_COURSE,
                CertificateStatus.EMITTED);
        assertThat(post("/api/v1/certificates/" + emitted.id() + "/learner",
                "{\"name\": \"Someone Else\", \"email\": \"else@example.org\"}", 409).get("error").asString())
                .isEqualTo("The learner cannot be changed any more: the certificate is Emitted, so it has been sent to POK already");
    }

    private JsonNode get(String path, int status) throws Exception {
        return send("GET", path, null, status);
    }

    private JsonNode post(String path, String body, int status) throws Exception {
        return send("POST", path, body, status);
    }

    private JsonNode send(String method, String path, String body, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + " → " + answer.body()).isEqualTo(status);
        return answer.body().isEmpty() ? null : json.readTree(answer.body());
    }
}
