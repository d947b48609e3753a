package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.testsupport.TestPok;

/**
 * The whole service on a random port, talking to a POK simulator started for the test class, with retry delays
 * shortened so that a test sees many attempts. Subclasses choose the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class IssuanceAppTestBase {

    static final String TOKEN = "test-webhook-token-0123456789";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicLong NEXT_USER = new AtomicLong(10_000);

    static PokSimulator pok;

    @LocalServerPort
    int port;

    @Autowired
    CertificateRepository certificates;

    @Autowired
    CertificateEventRepository events;

    @Autowired
    CourseTemplateRepository templates;

    @Autowired
    IssuancePause pause;

    /** Called by each subclass's {@code @DynamicPropertySource}, after it chose the database. */
    static void pokProperties(DynamicPropertyRegistry registry) {
        if (pok == null) {
            pok = PokSimulator.builder().emitDelay(Duration.ofMillis(200)).approvalDelay(Duration.ofMillis(500))
                    .start();
        }
        TestPok.connect(registry, () -> pok, TOKEN, "Test Platform");
        TestPok.shortDelays(registry);
        registry.add("pok.max-concurrency", () -> "16");
        registry.add("pok.max-requests-per-second", () -> "2000");
        // 16 worker threads and the test's own clients: a pool as large as in production.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "20");
    }

    @AfterAll
    static void stopPok() {
        if (pok != null) {
            pok.close();
            pok = null;
        }
    }

    @BeforeEach
    void freshPok() {
        pok.reset();
        pause.resume();
    }

    static long newUserId() {
        return NEXT_USER.incrementAndGet();
    }

    /** A course issuing with the simulator's {@code demo-template} (parameters grade and platform). */
    CourseKey course(String name, EmissionType emissionType) {
        CourseKey key = CourseKey.parse("course-v1:Test+" + name + "+2026");
        TestPok.enableDemoTemplate(templates, key, emissionType, "Course " + name, TestPok.GRADE);
        return key;
    }

    String creationPayload(long userId, CourseKey course) {
        return """
                {"user": {"id": %d, "username": "learner%d", "email": "learner%d@example.org",
                          "password": "pbkdf2_sha256$600000$s$h"},
                 "profile": {"user_id": %d, "name": "Ana García López", "language": "es"},
                 "course_key": "%s", "mode": "verified", "status": "downloadable",
                 "grade": {"percent": 0.87, "passed": true}, "generation_mode": "batch",
                 "event_metadata": {"event_type": "CertificateCreationRequested", "time": "2025-06-01 14:03:00"}}
                """.formatted(userId, userId, userId, userId, course.value());
    }

    HttpResponse<String> postCreation(String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/openedx/webfilters/certificate-creation-requested?token=" + TOKEN))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void request(long userId, CourseKey course) {
        HttpResponse<String> response = postCreation(creationPayload(userId, course));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    Certificate certificateOf(long userId, CourseKey course) {
        return certificates.findByLearnerAndCourse(userId, course).orElseThrow();
    }

    List<String> historyKinds(Certificate certificate) {
        return events.history(certificate.id()).stream().map(CertificateEvent::kind).toList();
    }
}
