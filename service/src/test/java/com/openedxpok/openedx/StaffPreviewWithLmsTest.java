package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.testsupport.CapturedRequest;
import com.openedxpok.testsupport.ReplayClient;
import com.openedxpok.testsupport.TestPok;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * With the LMS API, a view of a certificate we hold nothing for is either a learner we missed (queued, status page) or
 * course staff previewing from Studio (preview page, nothing queued), told apart by one cached LMS look-up: no passing
 * Open edX certificate, or one whose verify_uuid is not the context's certificate_id_number, is a preview.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pok.simulator-emit-delay=0ms", "pok.retry-base-delay=1s"})
class StaffPreviewWithLmsTest {

    static final CourseKey CS101 = CourseKey.parse("course-v1:ExampleU+CS101+2026_T2");
    static final CourseKey CS102 = CourseKey.parse("course-v1:ExampleU+CS102+2026_T2");
    static final String LEARNER_UUID = "3b9f2c7e8d4a4f1b9c6e2a7d5f8b1c04";
    static final FakeLms LMS = FakeLms.start();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void lms(DynamicPropertyRegistry registry) {
        registry.add("lms.url", LMS::url);
        registry.add("openedx.client-id", () -> FakeLms.CLIENT_ID);
        registry.add("openedx.client-secret", () -> FakeLms.CLIENT_SECRET);
        registry.add("openedx.api-timeout", () -> "6s");
        registry.add("openedx.api-max-attempts", () -> "1");
        LMS.tokens(3600, "token-1");
        LMS.noLanguagePreferences();
    }

    @AfterAll
    static void stopLms() {
        LMS.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ServiceConfig config;
    @Autowired
    CertificateRepository certificates;
    @Autowired
    CourseTemplateRepository templates;
    @Autowired
    PokSimulator simulator;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @BeforeEach
    void courses() {
        for (CourseKey course : List.of(CS101, CS102)) {
            TestPok.enableDemoTemplate(templates, course, EmissionType.POK, null, TestPok.GRADE);
        }
    }

    private String token() {
        return config.openedx().webhookToken().reveal();
    }

    private String replay(String fixture) {
        return html(new ReplayClient("127.0.0.1", port, token()).send(CapturedRequest.load(fixture)));
    }

    /** Fixture 15 as JSON, with some context fields changed (sent over the same socket path). */
    private String previewAs(long userId, String username, CourseKey course) {
        CapturedRequest fixture = CapturedRequest.load("15-render-staff-preview-honor-json.json");
        ObjectNode payload = (ObjectNode) JSON.readTree(fixture.bodyText());
        ((ObjectNode) payload.get("context")).put("accomplishment_user_id", userId).put("username", username)
                .put("course_id", course.value());
        return html(new ReplayClient("127.0.0.1", port, token())
                .send(fixture.withBody(JSON.writeValueAsBytes(payload))));
    }

    private static String html(ReplayClient.Response response) {
        assertThat(response.status()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.bodyUtf8());
        return answer.path("exception").path("RenderCustomResponse").path("content").asString();
    }

    private static String certificatePath(String username, CourseKey course) {
        return "/api/certificates/v0/certificates/" + username + "/courses/" + course + "/";
    }

    @Test
    void aStudioPreviewByStaffWithoutACertificateIsAPreviewFromTheFirstViewAndQueuesNothing() {
        LMS.stub(get(urlPathEqualTo(certificatePath("jperez_staff", CS101))).willReturn(aResponse().withStatus(404)));

        assertThat(replay("15-render-staff-preview-honor-json.json")).contains("id=\"preview-banner\"")
                .contains("/certificates/preview/");
        assertThat(replay("16-render-staff-preview-honor-form.json")).contains("id=\"preview-banner\"");

        assertThat(LMS.count(getRequestedFor(urlPathEqualTo(certificatePath("jperez_staff", CS101)))))
                .as("asked once, then cached").isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = :id")
                .param("id", RenderPathEnqueuer.instanceId(5, CS101)).query(Long.class).single())
                .as("no render-path check scheduled").isZero();
        assertThat(certificates.findByLearnerAndCourse(5, CS101)).isEmpty();
        // User 5 may hold a certificate of CS102 (another test): none of CS101 reached POK.
        assertThat(simulator.credentialsCreatedFor("5")).noneMatch(c -> c.tags().contains("CourseId:" + CS101));
    }

    @Test
    void aLearnerWeMissedIsQueuedAndSeesTheStatusPageThenTheirCertificate() {
        LMS.webCertificate("ana_garcia", CS101.value(), "downloadable", LEARNER_UUID);
        LMS.account(42, "ana_garcia", "Ana García López", "ana@example.org");

        String first = replay("13-render-learner-certificate-json.json");
        assertThat(first).contains("id=\"status-heading\"").contains("http-equiv=\"refresh\"")
                .doesNotContain("preview-banner");

        await().atMost(Duration.ofSeconds(60)).until(() -> certificates.findByLearnerAndCourse(42, CS101)
                .map(Certificate::status).filter(CertificateStatus.EMITTED::equals).isPresent());
        assertThat(replay("14-render-learner-certificate-form.json")).contains("id=\"certificate-title\"")
                .doesNotContain("preview-banner");
    }

    @Test
    void staffWhoAlsoPassedTheCourseSeeThePreviewAndTheirOwnCertificateIsQueued() {
        LMS.webCertificate("jperez_staff", CS102.value(), "downloadable", "0123456789abcdef0123456789abcdef");
        LMS.account(5, "jperez_staff", "Javier Pérez", "jperez@example.org");

        assertThat(previewAs(5, "jperez_staff", CS102)).contains("id=\"preview-banner\"");

        await().atMost(Duration.ofSeconds(60)).until(() -> certificates.findByLearnerAndCourse(5, CS102)
                .map(Certificate::status).filter(CertificateStatus.EMITTED::equals).isPresent());
        assertThat(previewAs(5, "jperez_staff", CS102)).as("now their own certificate")
                .contains("id=\"certificate-title\"").doesNotContain("preview-banner");
    }

    @Test
    void aSlowLmsCostsTheFirstViewAtMostTheWaitThenThePreviewFollows() {
        LMS.stub(get(urlPathEqualTo(certificatePath("slow_staff", CS101))).willReturn(aResponse().withStatus(404)
                .withFixedDelay((int) RenderPathEnqueuer.LMS_WAIT.multipliedBy(2).toMillis())));

        assertThat(previewAs(77, "slow_staff", CS101)).as("could not tell in time: a learner's view")
                .contains("id=\"status-heading\"");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> previewAs(77, "slow_staff", CS101).contains("id=\"preview-banner\""));
        assertThat(certificates.findByLearnerAndCourse(77, CS101)).isEmpty();
        assertThat(simulator.issueAttemptsFor("77")).isZero();
    }
}
