package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.config.Secret;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.rendering.PreviewReferences.Reference;
import com.openedxpok.simulator.FaultPlan;
import com.openedxpok.simulator.SimOperation;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.testsupport.CapturedRequest;
import com.openedxpok.testsupport.ReplayClient;
import com.openedxpok.testsupport.TestPok;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Course staff preview the certificate from Studio (fixtures 15/16, replayed byte for byte): the render webfilter
 * answers a page labelled as a preview, with an image URL of ours, without asking POK; the image comes from the POK
 * simulator's template preview when the browser loads it. No LMS API here, so nothing tells a preview from a learner
 * we missed, and nothing is queued.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StaffPreviewAppTest {

    static final String TOKEN = "test-webhook-token-0123456789";
    static final CourseKey COURSE = CourseKey.parse("course-v1:ExampleU+CS101+2026_T2");
    static final Pattern IMAGE_URL = Pattern.compile("src=\"(http://localhost:(\\d+)/certificates/preview/"
            + "([A-Za-z0-9_.-]+)/image)\"");
    static final List<SimOperation> CAUSED_BY_A_VIEW = List.of(SimOperation.PREVIEW_TEMPLATE,
            SimOperation.PREVIEW_IMAGE, SimOperation.ISSUE_CREDENTIAL, SimOperation.GET_TEMPLATE,
            SimOperation.GET_ORGANIZATION);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static PokSimulator pok;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        if (pok == null) {
            pok = PokSimulator.builder().emitDelay(Duration.ofMillis(100)).start();
        }
        registry.add("pok.api-key", () -> pok.apiKey().reveal());
        registry.add("pok.api-url", () -> pok.baseUrl().toString());
        registry.add("pok.timeout", () -> "3");
        registry.add("openedx.webhook-token", () -> TOKEN);
    }

    @AfterAll
    static void stopPok() {
        if (pok != null) {
            pok.close();
            pok = null;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    CourseTemplateRepository templates;
    @Autowired
    CertificateRepository certificates;
    @Autowired
    Clock clock;

    @BeforeEach
    void courses() {
        pok.clearFaults();
        for (String course : List.of(COURSE.value(), "course-v1:ExampleU+CS102+2026_T2")) {
            CourseKey key = CourseKey.parse(course);
            TestPok.enableDemoTemplate(templates, key, EmissionType.POK, null, TestPok.GRADE);
        }
    }

    @AfterEach
    void noFaults() {
        pok.clearFaults();
    }

    private long[] counts() {
        return CAUSED_BY_A_VIEW.stream().mapToLong(pok::count).toArray();
    }

    /** The HTML of the RenderCustomResponse, after checking it is the only key of the answer. */
    private static String customContent(ReplayClient.Response response) {
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode answer = JSON.readTree(response.bodyUtf8());
        assertThat(answer.propertyNames()).containsExactly("exception");
        JsonNode custom = answer.path("exception").path("RenderCustomResponse");
        assertThat(answer.path("exception").propertyNames()).containsExactly("RenderCustomResponse");
        assertThat(custom.propertyNames()).containsExactlyInAnyOrder("content", "content_type", "status");
        assertThat(custom.path("status").asInt()).isEqualTo(200);
        return custom.path("content").asString();
    }

    private HttpResponse<byte[]> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept-Language", "es").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String imageUrlIn(String html) {
        Matcher matcher = IMAGE_URL.matcher(html);
        assertThat(matcher.find()).as("an image URL of ours in %s", html).isTrue();
        assertThat(matcher.group(2)).isEqualTo(String.valueOf(port));
        return matcher.group(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"15-render-staff-preview-honor-json.json", "16-render-staff-preview-honor-form.json"})
    void aStudioPreviewShowsTheLabelledTemplatePreviewAndTheImageComesFromPok(String name) {
        CapturedRequest fixture = CapturedRequest.load(name);
        assertThat(fixture.headers()).contains(new CapturedRequest.Header("Accept", "text/plain"));
        long[] before = counts();

        String html = customContent(replay(fixture));

        assertThat(counts()).as("POK requests during the webfilter call").containsExactly(before);
        assertThat(html).contains("id=\"preview-banner\"").contains("<strong>Preview</strong>")
                .contains("This is how the course's POK certificate will look.")
                .contains("Introducción a la Programación con Python")
                .doesNotContain("Javier Pérez").doesNotContain("jperez_staff").doesNotContain(TOKEN);
        String imageUrl = imageUrlIn(html);

        HttpResponse<byte[]> image = get(imageUrl);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("sandbox"));
        assertThat(readableImage(image.body())).as("a PNG the browser can show").isTrue();
        long previewsAsked = pok.count(SimOperation.PREVIEW_TEMPLATE);
        assertThat(previewsAsked).isPositive();

        HttpResponse<byte[]> again = get(imageUrl);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(image.body());
        assertThat(pok.count(SimOperation.PREVIEW_TEMPLATE)).as("served from the cache").isEqualTo(previewsAsked);

        assertThat(certificates.findByLearnerAndCourse(5, COURSE)).as("nothing recorded for the staff user").isEmpty();
        assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isZero();
    }

    /** The page as a staff member's browser shows it, served from an "LMS" origin as Open edX serves a custom response. */
    @Test
    void inABrowserThePreviewShowsItsLabelAndTheTemplateImage() {
        String html = customContent(replay(CapturedRequest.load("15-render-staff-preview-honor-json.json")));
        com.github.tomakehurst.wiremock.WireMockServer lms = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort()
                        .bindAddress("127.0.0.1"));
        lms.start();
        try (com.openedxpok.testsupport.Browser browser = com.openedxpok.testsupport.Browser.start()) {
            lms.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/certificates/course/preview")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                            .withHeader("Content-Type", WebfilterAnswer.HTML).withBody(html)));
            browser.driver().get("http://127.0.0.1:" + lms.port() + "/certificates/course/preview");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(
                    browser.script("return Array.from(document.images).some(i => i.complete && i.naturalWidth > 0"
                            + " && i.src.includes('/certificates/preview/'));")));
            org.openqa.selenium.WebElement banner = browser.driver().findElement(
                    org.openqa.selenium.By.id("preview-banner"));
            assertThat(banner.isDisplayed()).isTrue();
            assertThat(banner.getText()).containsIgnoringCase("Preview").contains("This is how the course");
            browser.screenshot("staff-preview-en");
        } finally {
            lms.stop();
        }
    }

    @Test
    void aTamperedForeignOrExpiredReferenceIs404AndAsksPokNothing() {
        String html = customContent(replay(CapturedRequest.load("15-render-staff-preview-honor-json.json")));
        String imageUrl = imageUrlIn(html);
        String reference = imageUrl.replaceAll(".*/preview/([^/]+)/image", "$1");
        long before = pok.count(SimOperation.PREVIEW_TEMPLATE);

        String[] parts = reference.split("\\.");
        String otherMode = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("verified".getBytes(StandardCharsets.UTF_8));
        String tampered = String.join(".", parts[0], parts[1], otherMode, parts[3], parts[4]);
        Clock anHourAgo = Clock.offset(clock, Duration.ofHours(-1));
        String expired = new PreviewReferences(Secret.of(TOKEN), anHourAgo).sign(new Reference(COURSE,
                "demo-template", "honor"));
        String foreign = new PreviewReferences(Secret.of("someone-elses-token-0123456789"), clock)
                .sign(new Reference(COURSE, "demo-template", "honor"));
        String valid = new PreviewReferences(Secret.of(TOKEN), clock).sign(new Reference(COURSE, "demo-template",
                "honor"));

        for (String bad : List.of(tampered, expired, foreign, "nonsense", parts[0])) {
            HttpResponse<byte[]> response = get("http://localhost:" + port + "/certificates/preview/" + bad
                    + "/image");
            assertThat(response.statusCode()).as(bad).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
        }
        assertThat(pok.count(SimOperation.PREVIEW_TEMPLATE)).isEqualTo(before);
        assertThat(get("http://localhost:" + port + "/certificates/preview/" + valid + "/image").statusCode())
                .as("the same reference, signed with the service's key").isEqualTo(200);
    }

    @Test
    void withPokHangingThePageIsStillAnsweredAndTheImageIsAPlaceholder() {
        // Every POK answer now takes 8 s, longer than the service's POK timeout (3 s).
        pok.setFaults(FaultPlan.none().withLatency(Duration.ofSeconds(8), Duration.ZERO));
        long[] before = counts();

        String html = customContent(replay(CapturedRequest.load("16-render-staff-preview-honor-form.json")));
        assertThat(html).contains("id=\"preview-banner\"");
        // A course whose preview nobody loaded yet, so that the image is not in the cache.
        ObjectNode payload = (ObjectNode) JSON.readTree(CapturedRequest.load("15-render-staff-preview-honor-json.json")
                .bodyText());
        ((ObjectNode) payload.get("context")).put("course_id", "course-v1:ExampleU+CS102+2026_T2");
        String other = customContent(postJson(JSON.writeValueAsString(payload)));
        assertThat(counts()).as("POK requests during the webfilter calls").containsExactly(before);
        assertThat(other).contains("id=\"preview-banner\"");

        HttpResponse<byte[]> image = get(imageUrlIn(other));
        assertThat(image.statusCode()).isEqualTo(502);
        assertThat(image.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("image/svg+xml"));
        assertThat(image.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(new String(image.body(), StandardCharsets.UTF_8))
                .contains("La imagen de la vista previa no está disponible en este momento.");
    }

    @Test
    void aLearnerHoldingAnEmittedCertificateStillGetsTheCertificatePage() {
        Learner ana = new Learner(42, "ana_garcia", "Ana García López", "ana@example.org", "es", "verified",
                new BigDecimal("0.87"));
        Certificate created = TestCertificates.insert(certificates, COURSE, ana, CertificateStatus.QUEUED, Instant.now())
                .certificate();
        TestCertificates.save(certificates, created.withStatus(CertificateStatus.EMITTED, 1, null, null).withPok(new PokCredential(
                "cred-42", "emitted", "https://view.pok.tech/credential/42", null, Instant.now(), EmissionType.POK,
                Instant.parse("2026-11-27T10:00:00Z"), "Introducción a la Programación con Python",
                "Universidad de Ejemplo", List.of("StudentId:42"), null)), Instant.now()).orElseThrow();
        long[] before = counts();

        String html = customContent(replay(CapturedRequest.load("13-render-learner-certificate-json.json")));

        assertThat(counts()).containsExactly(before);
        assertThat(html).contains("id=\"certificate-title\"").contains("Ana García López")
                .doesNotContain("preview-banner").doesNotContain("/certificates/preview/");
    }

    /** As the plugin sends it: a connection of its own, the captured bytes, only the token rewritten. */
    private ReplayClient.Response replay(CapturedRequest request) {
        return new ReplayClient("127.0.0.1", port, TOKEN).send(request);
    }

    private ReplayClient.Response postJson(String body) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/openedx/webfilters/certificate-render-started?token=" + TOKEN))
                    .header("Content-Type", "application/json").header("Accept", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ReplayClient.Response("HTTP/1.1 " + response.statusCode(), response.statusCode(),
                    List.of(new CapturedRequest.Header("Content-Type",
                            response.headers().firstValue("Content-Type").orElse(""))), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean readableImage(byte[] bytes) {
        try {
            return bytes.length > 8 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G'
                    && ImageIO.read(new ByteArrayInputStream(bytes)) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
