package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real application on a random port with the in-memory H2 of the test properties, its POK endpoint pointed at
 * {@link FakePok}. Every test class extending this (with no other configuration) shares one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FakePok.EndpointConfiguration.class)
abstract class RenderingAppTestBase {

    /** Unique learners across the test classes sharing the context (and its database). */
    private static final AtomicLong NEXT_USER_ID = new AtomicLong(1000);
    static final Instant EMITTED_AT = Instant.parse("2025-06-01T14:03:00Z");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    CertificateRepository certificates;

    @Autowired
    CourseTemplateRepository templates;

    @Autowired
    ServiceConfig config;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void resetFakePok() {
        FakePok.reset();
    }

    static long newUserId() {
        return NEXT_USER_ID.incrementAndGet();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    String webfilterUrl() {
        return url(RenderWebfilterController.PATH + "?token=" + config.openedx().webhookToken().reveal());
    }

    // ---- certificates in every state -------------------------------------------------------------------------

    /** A stored certificate with our status and POK's credential fields as given. */
    Certificate certificate(long userId, String courseKey, String learnerName, CertificateStatus status,
            PokCredential pok) {
        Learner learner = new Learner(userId, "user" + userId, learnerName, "user" + userId + "@example.org", "es-AR",
                "verified", new BigDecimal("0.87"));
        Certificate created = TestCertificates.insert(certificates, CourseKey.parse(courseKey), learner, CertificateStatus.QUEUED,
                Instant.now()).certificate();
        return TestCertificates.save(certificates, created.withStatus(status, 1, null, status.needsAttention()
                ? "POK said: template tpl-9 has no parameter Grade (internal detail)" : null).withPok(pok),
                Instant.now()).orElseThrow();
    }

    static PokCredential emitted(String title, String emitter, String imageUrl) {
        return new PokCredential("cred-" + Long.toHexString(System.nanoTime()), "emitted",
                "https://view.pok.tech/credential/abc123", imageUrl, Instant.now(), EmissionType.POK, EMITTED_AT, title,
                emitter, List.of("StudentId:1"), null);
    }

    static PokCredential inPokState(String state) {
        return new PokCredential(state == null ? null : "cred-" + Long.toHexString(System.nanoTime()), state, null,
                null, null, EmissionType.POK, null, null, null, List.of(), null);
    }

    void disableCourse(String courseKey) {
        CourseTemplate draft = CourseTemplate.draft(CourseKey.parse(courseKey), "tpl-1");
        templates.insert(new CourseTemplate(0, draft.courseKey(), draft.templateId(), draft.emissionType(), null, null,
                null, true, false, List.of(), null, null), Instant.now());
    }

    // ---- the webfilter ---------------------------------------------------------------------------------------

    /** A render payload shaped like Open edX's, personal data included (none of it may come back). */
    ObjectNode payload(long userId, String courseKey) {
        ObjectNode root = json.createObjectNode();
        ObjectNode context = root.putObject("context");
        context.put("course_id", courseKey);
        context.put("accomplishment_user_id", userId);
        context.put("accomplishment_copy_name", "Ana García López");
        context.put("username", "ana");
        context.put("user_language", "en");
        context.put("platform_name", "Example Learning");
        context.put("logo_src", "/static/images/logo.png");
        context.put("course_mode", "verified");
        context.put("certificate_id_number", "2f1c0000");
        context.put("accomplishment_copy_course_name", "Intro to CS");
        context.put("accomplishment_copy_course_org", "Org");
        context.put("organization_long_name", "Example University");
        context.putObject("certificate_data").put("course_title", "Introduction to Computer Science");
        root.putNull("custom_template");
        root.putObject("event_metadata").put("event_type", "CertificateRenderStarted")
                .put("time", "2025-06-01 14:03:00.123456");
        return root;
    }

    HttpResponse<String> post(String body, String contentType) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(webfilterUrl())).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts to the webfilter and returns its JSON, checking what holds for every answer: HTTP 200, JSON, and not a
     * single request to POK.
     */
    JsonNode render(String body, String contentType) {
        HttpResponse<String> response = post(body, contentType);
        assertThat(response.statusCode()).as("the webfilter always answers 200").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(FakePok.requestCount()).as("requests to POK during a webfilter call").isZero();
        return json.readTree(response.body());
    }

    JsonNode render(JsonNode payload) {
        return render(json.writeValueAsString(payload), "application/json");
    }

    /** The HTML of a RenderCustomResponse, after checking it carries only keys Open edX accepts. */
    static String customContent(JsonNode answer) {
        JsonNode custom = answer.path("exception").path("RenderCustomResponse");
        assertThat(answer.propertyNames()).containsExactly("exception");
        assertThat(answer.path("exception").propertyNames()).containsExactly("RenderCustomResponse");
        assertThat(custom.propertyNames()).containsExactlyInAnyOrder("content", "content_type", "status");
        assertThat(custom.path("status").asInt()).isEqualTo(200);
        assertThat(custom.path("content_type").asString()).isEqualTo("text/html; charset=utf-8");
        return custom.path("content").asString();
    }
}
