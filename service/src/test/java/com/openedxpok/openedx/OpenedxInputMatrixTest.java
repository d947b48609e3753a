package com.openedxpok.openedx;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.kernel.CourseKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.IssuancePause;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.backfill.BackfillProgress;
import com.openedxpok.backfill.BackfillService;
import com.openedxpok.backfill.BackfillStatus;
import com.openedxpok.backfill.CsvImportReport;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.testsupport.TestPok;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every certificate status × every input that can reach a certificate from Open edX or an operator's import: the
 * creation webfilter, the created / changed / revoked events, the render webfilter, a backfill line and a CSV line.
 * Each answer is 2xx JSON (sent with the headers openedx-webhooks sends, {@code Accept: text/plain} included) and
 * leaves the certificate in the status this table defines; no input may make the service answer 5xx.
 *
 * <p>POK refuses the API key for the whole class and issuance is paused, so the worker moves nothing on its own: the
 * status after an input is the input's doing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenedxInputMatrixTest {

    static final String TOKEN = "matrix-webhook-token-0123456789";
    static final CourseKey COURSE = CourseKey.parse("course-v1:Matrix+M101+2026");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final FakeLms LMS = FakeLms.start();
    static final PokSimulator POK = PokSimulator.builder().start();
    private static final AtomicLong NEXT_USER = new AtomicLong(70_000);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestPok.connect(registry, () -> POK, TOKEN, "Matrix Platform");
        LMS.connect(registry);
        LMS.serveGeneratedLearners();
    }

    @AfterAll
    static void stop() {
        LMS.close();
        POK.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    CertificateRepository certificates;
    @Autowired
    CourseTemplateRepository templates;
    @Autowired
    IssuancePause pause;
    @Autowired
    BackfillService backfill;

    @BeforeEach
    void pokRefusesAndIssuanceIsPaused() {
        TestPok.holdStill(POK, pause, "matrix test: POK refuses the key");
        TestPok.enableDemoTemplate(templates, COURSE, EmissionType.POK, "Matrix course", List.of());
    }

    enum Input {
        CREATION, CREATED_EVENT, CHANGED_EVENT, REVOKED_EVENT, RENDER, CSV_LINE
    }

    /** The status each input leaves, for each status it finds; the learner data it brings always differs. */
    static final Map<Input, Map<CertificateStatus, CertificateStatus>> EXPECTED = new EnumMap<>(Input.class);

    static {
        Map<CertificateStatus, CertificateStatus> request = new EnumMap<>(CertificateStatus.class);
        for (CertificateStatus status : CertificateStatus.values()) {
            request.put(status, status);
        }
        // A new request re-queues a failed certificate, and one held for something the new data may bring.
        request.put(CertificateStatus.FAILED, CertificateStatus.QUEUED);
        request.put(CertificateStatus.HELD, CertificateStatus.QUEUED);
        EXPECTED.put(Input.CREATION, request);
        EXPECTED.put(Input.CREATED_EVENT, request);
        EXPECTED.put(Input.CHANGED_EVENT, request);
        EXPECTED.put(Input.CSV_LINE, request);

        Map<CertificateStatus, CertificateStatus> revoked = new EnumMap<>(CertificateStatus.class);
        for (CertificateStatus status : CertificateStatus.values()) {
            revoked.put(status, CertificateStatus.REVOKED);
        }
        // Revoked as soon as the submission is over (a durable task), never in the middle of it.
        revoked.put(CertificateStatus.SUBMITTING, CertificateStatus.SUBMITTING);
        EXPECTED.put(Input.REVOKED_EVENT, revoked);

        Map<CertificateStatus, CertificateStatus> unchanged = new EnumMap<>(CertificateStatus.class);
        for (CertificateStatus status : CertificateStatus.values()) {
            unchanged.put(status, status);
        }
        EXPECTED.put(Input.RENDER, unchanged);
    }

    static Stream<Arguments> matrix() {
        return Stream.of(Input.values()).flatMap(input -> Stream.of(CertificateStatus.values())
                .map(status -> Arguments.of(input, status)));
    }

    @ParameterizedTest(name = "{1} × {0}")
    @MethodSource("matrix")
    void everyInputOnEveryStatusAnswersJsonAndLeavesADefinedStatus(Input input, CertificateStatus status)
            throws Exception {
        long userId = NEXT_USER.incrementAndGet();
        Certificate before = certificateIn(status, userId);

        switch (input) {
            case CREATION -> assertJsonAnswer(post("/openedx/webfilters/certificate-creation-requested",
                    creation(userId)), "{}");
            case CREATED_EVENT -> assertJsonAnswer(post("/openedx/webhooks/events",
                    event(userId, "created", "downloadable")), "{}");
            case CHANGED_EVENT -> assertJsonAnswer(post("/openedx/webhooks/events",
                    event(userId, "changed", "downloadable")), "{}");
            case REVOKED_EVENT -> assertJsonAnswer(post("/openedx/webhooks/events",
                    event(userId, "revoked", "unavailable")), "{}");
            case RENDER -> assertRenderAnswer(status, post("/openedx/webfilters/certificate-render-started",
                    render(userId)));
            case CSV_LINE -> {
                CsvImportReport report = backfill.importCsv(new ByteArrayInputStream(
                        ("user_id,username,email,full_name,course_key\n" + userId + ",matrix" + userId + ",matrix"
                                + userId + "@example.org,Matrix Learner " + userId + "," + COURSE + "\n")
                                .getBytes(StandardCharsets.UTF_8)), "matrix-operator");
                assertThat(report.errors()).isEmpty();
                assertThat(report.rows()).isEqualTo(1);
            }
        }

        Certificate after = certificates.findById(before.id()).orElseThrow();
        assertThat(after.status()).as("%s on a %s certificate", input, status)
                .isEqualTo(EXPECTED.get(input).get(status));
    }

    /** The backfill skips every learner who already has a certificate of ours, whatever its status. */
    @Test
    void aBackfillLeavesEveryStatusAsItIs() {
        Map<CertificateStatus, Certificate> byStatus = new EnumMap<>(CertificateStatus.class);
        StringBuilder grades = new StringBuilder("[");
        for (CertificateStatus status : CertificateStatus.values()) {
            long userId = NEXT_USER.incrementAndGet();
            byStatus.put(status, certificateIn(status, userId));
            grades.append(grades.length() > 1 ? "," : "").append(FakeLms.grade((int) userId, COURSE.value(), true));
        }
        LMS.gradesPage(COURSE.value(), 0, 0, grades.append("]").toString());

        BackfillProgress started = backfill.start(COURSE, "matrix-operator");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !backfill.progress(started.jobId()).orElseThrow().status().active());
        BackfillProgress done = backfill.progress(started.jobId()).orElseThrow();

        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(done.alreadyHad()).isEqualTo(CertificateStatus.values().length);
        assertThat(byStatus.values().stream().collect(Collectors.toMap(
                c -> c.status(), c -> certificates.findById(c.id()).orElseThrow().status())))
                .allSatisfy((wasStatus, isStatus) -> assertThat(isStatus).isEqualTo(wasStatus));
    }

    /** A certificate put straight into a status, with no background execution behind it and no email yet. */
    private Certificate certificateIn(CertificateStatus status, long userId) {
        Learner learner = new Learner(userId, "learner" + userId, "Old Name", null, "es", "verified",
                new BigDecimal("0.5"));
        Certificate c = TestCertificates.insert(certificates, COURSE, learner, status, Instant.now()).certificate();
        if (status == CertificateStatus.PROCESSING || status == CertificateStatus.EMITTED) {
            c = TestCertificates.save(certificates, c.withPok(new PokCredential("cred-" + userId, status == CertificateStatus.EMITTED
                    ? "emitted" : "processing", "https://pok.example/view/" + userId, null, null, EmissionType.POK,
                    Instant.now(), "Matrix course", "Matrix U", List.of(), "demo-page")), Instant.now()).orElseThrow();
        }
        assertThat(c.status()).isEqualTo(status);
        return c;
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + "?token=" + TOKEN))
                .header("User-Agent", "python-requests/2.34.2")
                .header("Accept-Encoding", "gzip, deflate")
                .header("Accept", "text/plain")
                .header("Content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertJsonAnswer(HttpResponse<String> response, String expectedBody) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo(expectedBody);
    }

    private static void assertRenderAnswer(CertificateStatus status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode exception = JSON.readTree(response.body()).path("exception");
        String expected = switch (status) {
            case REVOKED -> "RenderAlternativeInvalidCertificate";
            default -> "RenderCustomResponse";
        };
        assertThat(exception.has(expected)).as(response.body()).isTrue();
        assertThat(exception.size()).isEqualTo(1);
    }

    private static String creation(long userId) {
        return """
                {"user": {"id": %d, "password": "pbkdf2_sha256$870000$SALT$hash=", "username": "matrix%d",
                "email": "matrix%d@example.org", "is_active": true}, "course_key": "%s", "mode": "verified",
                "status": null, "grade": {"user": {}, "course_data": {"user": {}}, "percent": 0.91, "passed": true,
                "letter_grade": "Pass"}, "generation_mode": null, "profile": {"user_id": %d,
                "name": "New Name %d", "language": "es"}, "event_metadata": {"event_type":
                "CertificateCreationRequested", "time": "2026-11-30 23:58:59.169637"}}"""
                .formatted(userId, userId, userId, COURSE, userId, userId);
    }

    private static String event(long userId, String type, String status) {
        return """
                {"openedx_events.learning.data.CertificateData": {"user": {"id": %d, "is_active": true, "pii":
                {"username": "matrix%d", "email": "matrix%d@example.org", "name": "New Name %d"}}, "course":
                {"course_key": "%s", "display_name": "", "start": null, "end": null}, "mode": "verified", "grade":
                "0.91", "download_url": "", "name": "New Name %d", "current_status": "%s", "previous_status": ""},
                "event_metadata": {"event_type": "org.openedx.learning.certificate.%s.v1", "id":
                "02905270-ed1a-11f1-8f98-02fc00000001", "minorversion": 0, "source": "openedx/lms/web", "sourcehost":
                "lms", "time": "2026-11-27 23:59:16.481736+00:00", "sourcelib": [11, 2, 0]}}"""
                .formatted(userId, userId, userId, userId, COURSE, userId, status, type);
    }

    private static String render(long userId) {
        return """
                {"context": {"user_language": "en", "platform_name": "Matrix Platform", "course_id": "%s",
                "username": "matrix%d", "course_mode": "verified", "accomplishment_user_id": %d,
                "accomplishment_copy_name": "New Name %d", "accomplishment_copy_course_name": "Matrix course",
                "certificate_id_number": "3b9f2c7e8d4a4f1b9c6e2a7d5f8b1c04"}, "custom_template": null,
                "event_metadata": {"event_type": "CertificateRenderStarted", "time": "2026-11-30 23:58:59.277458"}}"""
                .formatted(COURSE, userId, userId, userId);
    }
}
