package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.CourseFacts;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.demo.DemoCourseTemplateSeeder;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.simulator.SimulatedCredential;

/**
 * Issuance with the LMS API connected (a fake LMS on WireMock, the simulator as POK): missing emails and languages
 * filled in by the worker, course titles and signatories from Open edX, the render path's queuing.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"pok.simulator-emit-delay=0ms", "pok.retry-base-delay=1s"})
class LmsConnectedIssuanceTest {

    static final CourseKey DEMO = CourseKey.parse(DemoCourseTemplateSeeder.DEMO_COURSE_KEY);
    static final CourseKey SIGNED = CourseKey.parse("course-v1:Org+SIGNED+2026");
    static final FakeLms LMS = FakeLms.start();

    @DynamicPropertySource
    static void lms(DynamicPropertyRegistry registry) {
        registry.add("lms.url", LMS::url);
        registry.add("cms.url", () -> LMS.url() + "cms/");
        registry.add("openedx.client-id", () -> FakeLms.CLIENT_ID);
        registry.add("openedx.client-secret", () -> FakeLms.CLIENT_SECRET);
        registry.add("openedx.api-timeout", () -> "2s");
        registry.add("openedx.api-max-attempts", () -> "2");
        LMS.tokens(3600, "token-1");
        LMS.course(DEMO.value(), "POK Demo Course (from the LMS)", "DemoX");
        LMS.generatedAccounts();
        LMS.generatedCertificates();
        LMS.noLanguagePreferences();
        LMS.languagePreference("learner601", "es-419");
        LMS.studioCertificates(DEMO.value(), "{\"certificates\": []}");
    }

    @AfterAll
    static void stopLms() {
        LMS.close();
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;
    @Autowired
    com.openedxpok.config.ServiceConfig config;
    @Autowired
    IssuanceService issuance;
    @Autowired
    CertificateRepository certificates;
    @Autowired
    CertificateEventRepository history;
    @Autowired
    PokSimulator simulator;
    @Autowired
    RenderPathEnqueuer renderPath;
    @Autowired
    OpenedxCourseFacts courseFacts;
    @Autowired
    CourseTemplateRepository courseTemplates;

    private Certificate awaitStatus(long userId, CourseKey course, CertificateStatus status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> certificates.findByLearnerAndCourse(userId, course)
                .map(Certificate::status).filter(status::equals).isPresent());
        return certificates.findByLearnerAndCourse(userId, course).orElseThrow();
    }

    @Test
    void theWorkerFillsTheMissingEmailNameAndLanguageAndUsesTheLmsCourseName() {
        issuance.request(new CertificateRequest(new Learner(601, "learner601", null, null, null, "verified",
                new BigDecimal("0.9")), DEMO, "downloadable", "test"));

        Certificate certificate = awaitStatus(601, DEMO, CertificateStatus.EMITTED);

        assertThat(certificate.learner().email()).isEqualTo("learner601@example.org");
        assertThat(certificate.learner().name()).isEqualTo("Learner 601");
        assertThat(certificate.learner().languageTag()).isEqualTo("es-419");
        SimulatedCredential credential = simulator.credentialsCreatedFor("601").get(0);
        assertThat(credential.email()).isEqualTo("learner601@example.org");
        assertThat(credential.languageTag()).isEqualTo("es-419");
        assertThat(credential.title()).isEqualTo("POK Demo Course (from the LMS)");
        assertThat(history.history(certificate.id())).extracting(CertificateEvent::kind).doesNotContain("WARNING");
        // Remembered: a later LMS outage does not take the title away.
        assertThat(courseFacts.stored(DEMO).displayName()).isEqualTo("POK Demo Course (from the LMS)");
    }

    @Test
    void aMissingEmailWaitsForTheLmsInsteadOfHoldingTheCertificate() {
        StubMapping down = LMS.stub(get(urlPathEqualTo("/api/user/v1/accounts/learner602"))
                .willReturn(aResponse().withStatus(503)));
        issuance.request(new CertificateRequest(new Learner(602, "learner602", "Learner", null, "en", "verified",
                new BigDecimal("0.9")), DEMO, "downloadable", "test"));

        await().atMost(Duration.ofSeconds(30)).until(() -> LMS.count(getRequestedFor(
                urlPathEqualTo("/api/user/v1/accounts/learner602"))) >= 4);
        Certificate waiting = certificates.findByLearnerAndCourse(602, DEMO).orElseThrow();
        assertThat(waiting.status()).isEqualTo(CertificateStatus.QUEUED);
        assertThat(waiting.attempts()).isZero();
        assertThat(simulator.issueAttemptsFor("602")).isZero();

        LMS.server().removeStub(down);

        Certificate emitted = awaitStatus(602, DEMO, CertificateStatus.EMITTED);
        assertThat(emitted.learner().email()).isEqualTo("learner602@example.org");
        assertThat(history.history(emitted.id())).extracting(CertificateEvent::toStatus)
                .doesNotContain(CertificateStatus.HELD);
    }

    @Test
    void signatoriesAndTitleRememberedFromARenderContextFillTheTemplate() {
        simulator.addTemplate("signed-template", "Signed", Map.of("signer", "Signer", "grade", "Grade"));
        courseTemplates.insert(new CourseTemplate(0, SIGNED, "signed-template", EmissionType.POK, null, null, null,
                true, true, List.of(new ParameterMapping("signer", "Signer", ParameterMapping.KeyBy.ID,
                        ParameterSource.SIGNATORY_1_NAME, null), new ParameterMapping("grade", "Grade",
                                ParameterMapping.KeyBy.ID, ParameterSource.GRADE, null)), null, null), Instant.now());
        LMS.stub(get(urlPathEqualTo("/api/courses/v1/courses/" + SIGNED + "/")).willReturn(aResponse()
                .withStatus(404)));
        LMS.studioCertificates(SIGNED.value(), "{\"certificates\": []}");
        courseFacts.remember(SIGNED, new RenderContextFacts("Signed Course Certificate", "Signed Course",
                "Example University", "Example Learning", List.of(new CourseFacts.Signatory("Dr. Rivera",
                        "Professor", "Example University")), "Someone Viewing", "en", "verified"));

        issuance.request(new CertificateRequest(new Learner(605, "learner605", "Ana", "ana@example.org", "en",
                "verified", new BigDecimal("0.95")), SIGNED, "downloadable", "test"));

        awaitStatus(605, SIGNED, CertificateStatus.EMITTED);
        SimulatedCredential credential = simulator.credentialsCreatedFor("605").get(0);
        assertThat(credential.customParameters()).containsEntry("signer", "Dr. Rivera");
        assertThat(credential.title()).isEqualTo("Signed Course Certificate");
        assertThat(credential.emitter()).isEqualTo("Example University");
    }

    @Test
    void theRenderPathQueuesALearnerTheLmsConfirmsAndNobodyElse() {
        // learner603 holds a downloadable certificate (every generated learner does).
        assertThat(renderPath.enqueueIfCertified(603, DEMO, "learner603", new RenderContextFacts(null, null, null,
                null, List.of(), "Learner 603", "en", "verified"))).isTrue();

        Certificate certificate = awaitStatus(603, DEMO, CertificateStatus.EMITTED);
        assertThat(certificate.learner().email()).isEqualTo("learner603@example.org");
        assertThat(certificate.learner().mode()).isEqualTo("verified");
        assertThat(history.history(certificate.id())).extracting(CertificateEvent::detail)
                .contains("render path (Open edX certificate confirmed by the LMS)");
        assertThat(renderPath.enqueueIfCertified(603, DEMO, "learner603", null)).as("it exists now").isFalse();

        // A staff preview: Open edX renders a certificate nobody earned.
        LMS.stub(get(urlPathEqualTo("/api/certificates/v0/certificates/learner604/courses/" + DEMO + "/"))
                .willReturn(aResponse().withStatus(404)));
        assertThat(renderPath.enqueueIfCertified(604, DEMO, "learner604", null)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !renderPath.enqueueIfCertified(604, DEMO, "learner604",
                null));
        assertThat(certificates.findByLearnerAndCourse(604, DEMO)).isEmpty();
        assertThat(simulator.issueAttemptsFor("604")).isZero();

        // A course not enabled for POK is never queued.
        assertThat(renderPath.enqueueIfCertified(606, CourseKey.parse("course-v1:Org+Off+2026"), "learner606",
                null)).isFalse();
    }

    @Test
    void aViewOfACertificateOpenEdxIssuedBeforePokWasEnabledShowsTheStatusPageAndQueuesIt() throws Exception {
        String view = """
                {"context": {"course_id": "%s", "accomplishment_user_id": 607, "username": "learner607",
                 "user_language": "en", "accomplishment_copy_name": "Learner 607", "course_mode": "verified"}}"""
                .formatted(DEMO);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + port + "/openedx/webfilters/certificate-render-started?token="
                                + config.openedx().webhookToken().reveal()))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(view)).build();

        String first = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(first).contains("RenderCustomResponse").contains("refresh");

        awaitStatus(607, DEMO, CertificateStatus.EMITTED);
        String later = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(later).contains("RenderCustomResponse").doesNotContain("http-equiv=\\\"refresh\\\"");
    }
}
