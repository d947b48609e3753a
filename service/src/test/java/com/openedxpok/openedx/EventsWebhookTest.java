package com.openedxpok.openedx;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.issuance.RevokeInPokRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.IssuanceQueue;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.demo.DemoCourseTemplateSeeder;
import com.openedxpok.simulator.PokSimulator;

import tools.jackson.databind.json.JsonMapper;

/**
 * The certificate events webhook, end to end in demo mode (the simulator as POK, the demo course enabled): each event
 * type, duplicates, out-of-order delivery, both encodings, and what is refused.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pok.simulator-emit-delay=0ms", "logging.level.com.openedxpok.openedx.EventsWebhookController=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class EventsWebhookTest {

    static final String COURSE = DemoCourseTemplateSeeder.DEMO_COURSE_KEY;
    static final String DISABLED_COURSE = "course-v1:Other+X1+2025";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    ServiceConfig config;
    @Autowired
    PokSimulator simulator;
    @Autowired
    CertificateRepository certificates;
    @Autowired
    CertificateEventRepository history;
    @Autowired
    CertificateLifecycle lifecycle;
    @Autowired
    IssuanceQueue queue;
    @Autowired
    RevokeInPokRepository revokeInPok;
    @Autowired
    OpenedxCourseFacts courseFacts;

    /** The payload openedx-webhooks sends: the data class's fields under its name, and the event metadata. */
    static Map<String, Object> event(String eventType, long userId, String course, String status) {
        Map<String, Object> pii = new LinkedHashMap<>();
        pii.put("username", "learner" + userId);
        pii.put("email", "learner" + userId + "@example.org");
        pii.put("name", "Learner Number" + userId);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", userId);
        user.put("is_active", true);
        user.put("pii", pii);
        Map<String, Object> courseData = new LinkedHashMap<>();
        courseData.put("course_key", course);
        courseData.put("display_name", "POK Demo Course");
        courseData.put("start", "2025-01-01 00:00:00+00:00");
        courseData.put("end", null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", user);
        data.put("course", courseData);
        data.put("mode", "verified");
        data.put("grade", "0.87");
        data.put("current_status", status);
        data.put("previous_status", "notpassing");
        data.put("download_url", "");
        data.put("name", "");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("id", "2f6c1c2e-0000-11ef-8000-0242ac140007");
        metadata.put("event_type", eventType);
        metadata.put("minorversion", 0);
        metadata.put("source", "openedx/lms/web");
        metadata.put("sourcehost", "lms-1");
        metadata.put("time", "2025-06-01 14:03:00.123456+00:00");
        metadata.put("sourcelib", new int[] {9, 18, 0});
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put(OpenedxCertificateEvent.DATA, data);
        payload.put("event_metadata", metadata);
        return payload;
    }

    static String created(long userId, String course) {
        return JSON.writeValueAsString(event(OpenedxCertificateEvent.Type.CREATED.eventType(), userId, course,
                "downloadable"));
    }

    static String changed(long userId, String course, String status) {
        return JSON.writeValueAsString(event(OpenedxCertificateEvent.Type.CHANGED.eventType(), userId, course, status));
    }

    static String revoked(long userId, String course) {
        return JSON.writeValueAsString(event(OpenedxCertificateEvent.Type.REVOKED.eventType(), userId, course,
                "unavailable"));
    }

    private HttpResponse<String> post(String body, String contentType) throws Exception {
        return post(body, contentType, config.openedx().webhookToken().reveal());
    }

    private HttpResponse<String> post(String body, String contentType, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/openedx/webhooks/events" + (token == null ? "" : "?token=" + token)))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String body) throws Exception {
        HttpResponse<String> response = post(body, "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        return response;
    }

    private Optional<Certificate> certificate(long userId, String course) {
        return certificates.findByLearnerAndCourse(userId, CourseKey.parse(course));
    }

    private Certificate awaitStatus(long userId, CertificateStatus status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> certificate(userId, COURSE).map(Certificate::status)
                .filter(status::equals).isPresent());
        return certificate(userId, COURSE).orElseThrow();
    }

    @Test
    void createdQueuesTheCertificateWhichIsIssuedOnce() throws Exception {
        postJson(created(9101, COURSE));

        Certificate certificate = awaitStatus(9101, CertificateStatus.EMITTED);
        assertThat(certificate.learner().email()).isEqualTo("learner9101@example.org");
        assertThat(certificate.learner().name()).isEqualTo("Learner Number9101");
        assertThat(certificate.learner().mode()).isEqualTo("verified");
        assertThat(certificate.learner().grade()).isEqualByComparingTo("0.87");
        assertThat(simulator.credentialsCreatedFor("9101")).hasSize(1);
        assertThat(history.history(certificate.id())).extracting(CertificateEvent::detail)
                .contains("event: certificate created");
        // The course's display name from the event is remembered for titles.
        assertThat(courseFacts.stored(CourseKey.parse(COURSE)).displayName()).isEqualTo("POK Demo Course");
    }

    @Test
    void duplicatesOfCreatedAndChangedIssueOneCredential() throws Exception {
        for (int i = 0; i < 4; i++) {
            postJson(created(9102, COURSE));
        }
        postJson(changed(9102, COURSE, "downloadable"));
        awaitStatus(9102, CertificateStatus.EMITTED);
        postJson(created(9102, COURSE));

        assertThat(simulator.credentialsCreatedFor("9102")).hasSize(1);
        assertThat(simulator.issueAttemptsFor("9102")).isEqualTo(1);
    }

    @Test
    void changedToAPassingStatusTriggersIssuanceAndOtherChangesDoNothing() throws Exception {
        postJson(changed(9103, COURSE, "notpassing"));
        postJson(changed(9103, COURSE, "unavailable"));
        assertThat(certificate(9103, COURSE)).isEmpty();

        postJson(changed(9103, COURSE, "downloadable"));

        awaitStatus(9103, CertificateStatus.EMITTED);
        assertThat(simulator.credentialsCreatedFor("9103")).hasSize(1);
    }

    @Test
    void revokedBeforeCreatedIsRememberedAndTheLateCreatedIssuesNothing() throws Exception {
        postJson(revoked(9104, COURSE));

        Certificate tombstone = certificate(9104, COURSE).orElseThrow();
        assertThat(tombstone.status()).isEqualTo(CertificateStatus.REVOKED);

        postJson(created(9104, COURSE));
        postJson(changed(9104, COURSE, "downloadable"));

        Certificate after = certificate(9104, COURSE).orElseThrow();
        assertThat(after.status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(after.version()).isEqualTo(tombstone.version());
        assertThat(queue.isScheduled(after.id())).isFalse();
        assertThat(history.history(after.id())).extracting(CertificateEvent::kind)
                .containsExactly("REVOKED", "PASSING_AFTER_REVOKE", "PASSING_AFTER_REVOKE");
        assertThat(simulator.issueAttemptsFor("9104")).isZero();
        assertThat(revokeInPok.pending(1000)).noneMatch(item -> item.certificate().id() == after.id());
    }

    @Test
    void revokedAfterIssuanceRevokesOursAndAsksTheOperatorToRevokeInPok() throws Exception {
        postJson(created(9105, COURSE));
        Certificate emitted = awaitStatus(9105, CertificateStatus.EMITTED);

        postJson(revoked(9105, COURSE));
        postJson(revoked(9105, COURSE));

        Certificate revoked = certificate(9105, COURSE).orElseThrow();
        assertThat(revoked.status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(revoked.pok().credentialId()).isEqualTo(emitted.pok().credentialId());
        assertThat(revokeInPok.pending(1000)).filteredOn(item -> item.certificate().id() == revoked.id())
                .singleElement().satisfies(item -> assertThat(item.reason())
                        .contains("Open edX revoked the certificate").contains(emitted.pok().credentialId()));

        assertThat(revokeInPok.markDone(revoked.id(), "alice")).isTrue();
        assertThat(revokeInPok.markDone(revoked.id(), "alice")).isFalse();
        assertThat(revokeInPok.pending(1000)).noneMatch(item -> item.certificate().id() == revoked.id());
        assertThat(history.history(revoked.id())).extracting(CertificateEvent::kind).endsWith("REVOKED_IN_POK");
    }

    @Test
    void aRevocationDuringSubmissionWaitsForTheCredentialIdThenRevokes() throws Exception {
        Learner learner = new Learner(9106, "learner9106", "Learner", "learner9106@example.org", "en", "verified",
                null);
        // A certificate a worker is submitting right now (no execution of its own, so no real worker touches it).
        Certificate submitting = TestCertificates.insert(certificates, CourseKey.parse(COURSE), learner,
                CertificateStatus.SUBMITTING, Instant.now()).certificate();

        postJson(revoked(9106, COURSE));
        assertThat(certificate(9106, COURSE).orElseThrow().status()).isEqualTo(CertificateStatus.SUBMITTING);

        // The submission ends: POK accepted it.
        lifecycle.submitted(submitting, new PokCredential("cred-9106", "processing", null, null, null,
                EmissionType.POK, null, "t", "e", java.util.List.of(), null), Instant.now().plusSeconds(3600));

        await().atMost(Duration.ofSeconds(30)).until(() -> certificate(9106, COURSE).orElseThrow().status()
                == CertificateStatus.REVOKED);
        assertThat(revokeInPok.pending(1000)).filteredOn(item -> item.certificate().id() == submitting.id())
                .singleElement().satisfies(item -> assertThat(item.reason()).contains("cred-9106"));
    }

    @Test
    void theFormEncodingIsReadToo() throws Exception {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", event(OpenedxCertificateEvent.Type.CREATED.eventType(), 9107, COURSE, "downloadable"), flat);
        assertThat(flat).containsKey(OpenedxCertificateEvent.DATA + "_user_pii_email");

        // openedx-webhooks sends the flattened payload as a JSON object under the form content type.
        HttpResponse<String> response = post(JSON.writeValueAsString(flat), "application/x-www-form-urlencoded");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Certificate certificate = awaitStatus(9107, CertificateStatus.EMITTED);
        assertThat(certificate.learner().email()).isEqualTo("learner9107@example.org");
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, String> into) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "_" + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, (Map<String, Object>) nested, into);
            } else {
                // Python's str(): None, True, …
                into.put(name, value == null ? "None" : value instanceof Boolean b ? (b ? "True" : "False")
                        : value instanceof int[] ints ? java.util.Arrays.toString(ints) : String.valueOf(value));
            }
        });
    }

    @Test
    void aCourseNotEnabledForPokIsIgnored() throws Exception {
        postJson(created(9108, DISABLED_COURSE));
        postJson(revoked(9109, DISABLED_COURSE));

        assertThat(certificate(9108, DISABLED_COURSE)).isEmpty();
        assertThat(certificate(9109, DISABLED_COURSE)).isEmpty();
    }

    @Test
    void unknownEventTypesAreAnswered200WithADebugLine(CapturedOutput output) throws Exception {
        Map<String, Object> login = event("org.openedx.learning.auth.session.login.completed.v1", 9110, COURSE,
                "downloadable");

        postJson(JSON.writeValueAsString(login));

        assertThat(certificate(9110, COURSE)).isEmpty();
        assertThat(output.getOut()).contains("Event type 'org.openedx.learning.auth.session.login.completed.v1' is "
                + "not used by this service").doesNotContain("learner9110@example.org");
    }

    @Test
    void malformedPayloadsAre400AndAWrongTokenIs401() throws Exception {
        Map<String, Object> noCourse = event(OpenedxCertificateEvent.Type.CREATED.eventType(), 9111, "not a key",
                "downloadable");
        Map<String, Object> noType = event(OpenedxCertificateEvent.Type.CREATED.eventType(), 9111, COURSE,
                "downloadable");
        noType.remove("event_metadata");
        Map<String, Object> badUser = event(OpenedxCertificateEvent.Type.REVOKED.eventType(), 9111, COURSE,
                "downloadable");
        ((Map<String, Object>) ((Map<String, Object>) badUser.get(OpenedxCertificateEvent.DATA)).get("user"))
                .put("id", "seventeen");

        for (String body : new String[] {"{not json", "[1,2]", "", JSON.writeValueAsString(noCourse),
                JSON.writeValueAsString(noType), JSON.writeValueAsString(badUser)}) {
            HttpResponse<String> response = post(body, "application/json");
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).startsWith("{\"error\":").doesNotContain("learner9111@example.org");
        }
        assertThat(post(created(9111, COURSE), "application/json", "wrong-token-wrong-token").statusCode())
                .isEqualTo(401);
        assertThat(post(created(9111, COURSE), "application/json", null).statusCode()).isEqualTo(401);
        assertThat(certificate(9111, COURSE)).isEmpty();
    }
}
