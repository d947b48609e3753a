package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.simulator.SimulatedCredential;
import com.openedxpok.testsupport.TestDatabase;

/**
 * The whole service on a random port with the POK simulator as POK and no platform name configured: what Open edX
 * tells about courses (render contexts, the LMS) is all the service knows.
 */
abstract class CourseFactsAppTestBase {

    static final String TOKEN = "facts-webhook-token-0123456789";
    static PokSimulator pok;

    @LocalServerPort
    int port;
    @Autowired
    IssuanceService issuance;
    @Autowired
    CertificateRepository certificates;
    @Autowired
    CertificateEventRepository history;
    @Autowired
    CourseTemplateRepository templates;
    @Autowired
    OpenedxCourseFacts courseFacts;
    @Autowired
    JdbcClient jdbc;

    static void properties(DynamicPropertyRegistry registry) {
        if (pok == null) {
            pok = PokSimulator.builder().emitDelay(Duration.ofMillis(100)).start();
        }
        TestDatabase.H2.register(registry);
        registry.add("pok.api-key", () -> pok.apiKey().reveal());
        registry.add("pok.api-url", () -> pok.baseUrl().toString());
        registry.add("openedx.webhook-token", () -> TOKEN);
        registry.add("pok.retry-base-delay", () -> "200ms");
        registry.add("pok.poll-max-delay", () -> "1s");
    }

    @AfterAll
    static void stopPok() {
        if (pok != null) {
            pok.close();
            pok = null;
        }
    }

    CourseKey course(String key, String templateId, String titleOverride, List<ParameterMapping> mappings) {
        CourseKey course = CourseKey.parse(key);
        templates.insert(new CourseTemplate(0, course, templateId, EmissionType.POK, null, titleOverride, null, true,
                true, mappings, null, null), Instant.now());
        return course;
    }

    void request(long userId, CourseKey course) {
        issuance.request(new CertificateRequest(new Learner(userId, "learner" + userId, "Ana García",
                "learner" + userId + "@example.org", "es", "verified", new BigDecimal("0.9")), course,
                "downloadable", "test"));
    }

    Certificate awaitStatus(long userId, CourseKey course, CertificateStatus status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> certificates.findByLearnerAndCourse(userId, course)
                .map(Certificate::status).filter(status::equals).isPresent());
        return certificates.findByLearnerAndCourse(userId, course).orElseThrow();
    }

    SimulatedCredential credentialOf(long userId) {
        List<SimulatedCredential> created = pok.credentialsCreatedFor(String.valueOf(userId));
        assertThat(created).hasSize(1);
        return created.get(0);
    }

    List<CertificateStatus> statuses(Certificate certificate) {
        return history.history(certificate.id()).stream().map(CertificateEvent::toStatus).toList();
    }

    /** Posts a render context the way openedx-webhooks does (JSON under its own content type). */
    String render(String body, String contentType) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/openedx/webfilters/certificate-render-started?token=" + TOKEN))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The platform's name is learned from any course: each test that needs it unknown starts without it. */
    void forgetThePlatformName() {
        jdbc.sql("UPDATE course_info SET platform_name = NULL").update();
    }
}
