package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.IssuancePause;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.testsupport.LogCapture;
import com.openedxpok.testsupport.TestDatabase;
import com.openedxpok.testsupport.TestPok;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * What an attack run on loopback broke on the endpoints openedx-webhooks calls (issue #14, items 3, 4 and 9), each
 * sent over a real socket with the plugin's headers. Learner fields longer than the columns are bounded before SQL
 * on every database (MariaDB in non-strict mode included, where the database itself would cut them silently); huge
 * exponents are refused or clamped before any arithmetic; bodies the plugin never sends (invalid UTF-8, duplicate
 * keys, non-ASCII digits, gzip, UTF-16, multipart) get a precise 400 (the render webfilter: {@code {}}); no answer is
 * 5xx, and the log holds no stack trace and no learner data.
 */
class OpenedxEndpointsSecurityTest {

    static final String TOKEN = "security-webhook-token-0123456789";
    static final String CREATION = "/openedx/webfilters/certificate-creation-requested";
    static final String RENDER = "/openedx/webfilters/certificate-render-started";
    static final String EVENTS = "/openedx/webhooks/events";
    static final CourseKey COURSE = CourseKey.parse("course-v1:Security+S101+2026");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicLong NEXT_USER = new AtomicLong(140_000);

    /** The fields of issue #14, item 3: each one longer than its column, and what is kept of it. */
    enum Overlong {
        USERNAME("u".repeat(151)), EMAIL("e".repeat(243) + "@example.org"), NAME("Ñ".repeat(501)),
        LANGUAGE("es-419-u-ca-gregory-nu-latn-x-private"), MODE("m".repeat(51));

        final String value;

        Overlong(String value) {
            this.value = value;
        }
    }

    /**
     * The whole service with POK refusing its key and issuance paused, so that what is stored is what the request
     * stored. The log of the whole application is captured for each test.
     */
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    abstract static class AppOnADatabase {

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

        final LogCapture log = new LogCapture();

        static void common(DynamicPropertyRegistry registry) {
            if (pok == null) {
                pok = PokSimulator.builder().start();
            }
            TestPok.connect(registry, () -> pok, TOKEN, "Security Platform");
        }

        @AfterAll
        static void stopPok() {
            if (pok != null) {
                pok.close();
                pok = null;
            }
        }

        @BeforeEach
        void pausedWithACourseAndCapturedLog() {
            TestPok.holdStill(pok, pause, "security test: nothing moves on its own");
            TestPok.enableDemoTemplate(templates, COURSE, EmissionType.POK, "Security course", List.of());
            log.start();
        }

        @AfterEach
        void releaseLog() {
            log.stop();
        }


        HttpResponse<String> post(String path, byte[] body, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path
                            + "?token=" + TOKEN))
                    .timeout(Duration.ofSeconds(30))
                    .header("User-Agent", "python-requests/2.34.2")
                    .header("Accept-Encoding", "gzip, deflate")
                    .header("Accept", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            boolean typed = false;
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
                typed |= headers[i].equalsIgnoreCase("Content-type");
            }
            if (!typed) {
                request.header("Content-type", "application/json");
            }
            try {
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> post(String path, String body, String... headers) {
            return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        /** The log holds no stack trace, no ERROR line, and none of these values (nor a long piece of one). */
        void assertCleanLog(String... learnerValues) {
            for (ILoggingEvent event : log.events()) {
                assertThat(event.getThrowableProxy()).as("stack trace in the log: %s", event.getFormattedMessage())
                        .isNull();
                assertThat(event.getLevel().toString()).as(event.getFormattedMessage()).isNotEqualTo("ERROR");
                for (String value : learnerValues) {
                    String piece = value.length() > 16 ? value.substring(0, 16) : value;
                    assertThat(event.getFormattedMessage()).doesNotContain(piece);
                }
            }
        }

        static long newUser() {
            return NEXT_USER.incrementAndGet();
        }

        static String creation(long userId, String username, String email, String name, String language,
                String mode, String percent) {
            return """
                    {"user": {"id": %d, "password": "pbkdf2_sha256$870000$SALT$hash=", "username": %s,
                    "email": %s, "is_active": true}, "course_key": "%s", "mode": %s, "status": null,
                    "grade": {"percent": %s, "passed": true}, "generation_mode": "batch",
                    "profile": {"user_id": %d, "name": %s, "language": %s}}"""
                    .formatted(userId, quoted(username), quoted(email), COURSE, quoted(mode), percent, userId,
                            quoted(name), quoted(language));
        }

        static String creation(long userId) {
            return creation(userId, "learner" + userId, "learner" + userId + "@example.org", "Ana García",
                    "es", "verified", "0.91");
        }

        static String event(long userId, String username, String email, String name, String mode, String grade) {
            return """
                    {"openedx_events.learning.data.CertificateData": {"user": {"id": %d, "is_active": true, "pii":
                    {"username": %s, "email": %s, "name": %s}}, "course": {"course_key": "%s"}, "mode": %s,
                    "grade": %s, "current_status": "downloadable", "previous_status": ""},
                    "event_metadata": {"event_type": "org.openedx.learning.certificate.created.v1",
                    "time": "2026-11-27 23:59:16.481736+00:00"}}"""
                    .formatted(userId, quoted(username), quoted(email), quoted(name), COURSE, quoted(mode),
                            quoted(grade));
        }

        static String quoted(String value) {
            return value == null ? "null" : "\"" + value + "\"";
        }

        /** The request's answer is 200 {@code {}}, and the certificate is stored. */
        Certificate stored(HttpResponse<String> response, long userId) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{}");
            return certificates.findByLearnerAndCourse(userId, COURSE).orElseThrow();
        }

        static void assertRefused(HttpResponse<String> response, String reason) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body()).startsWith("{\"error\":").contains(reason);
        }
    }

    /** Item 3 on every database: the field is bounded before SQL, the certificate is kept. */
    abstract static class OverlongLearnerFields extends AppOnADatabase {

        @ParameterizedTest
        @EnumSource(Overlong.class)
        void onTheCreationWebfilterTheCertificateIsKeptWithTheFieldBounded(Overlong field) {
            long userId = newUser();
            String body = creation(userId,
                    field == Overlong.USERNAME ? field.value : "learner" + userId,
                    field == Overlong.EMAIL ? field.value : "learner" + userId + "@example.org",
                    field == Overlong.NAME ? field.value : "Ana García",
                    field == Overlong.LANGUAGE ? field.value : "es",
                    field == Overlong.MODE ? field.value : "verified", "0.91");

            Certificate certificate = stored(post(CREATION, body), userId);

            assertBounded(field, certificate, userId);
            // The history says what was not kept, without the value.
            String requested = events.history(certificate.id()).stream().map(CertificateEvent::detail)
                    .filter(d -> d != null && d.startsWith("creation webfilter")).findFirst().orElseThrow();
            if (field != Overlong.LANGUAGE && field != Overlong.NAME) {
                assertThat(requested).contains(field.name().toLowerCase(java.util.Locale.ROOT));
            }
            assertThat(requested).doesNotContain(field.value.substring(0, 16));
            assertCleanLog(field.value);
        }

        @ParameterizedTest
        @EnumSource(value = Overlong.class, names = "LANGUAGE", mode = EnumSource.Mode.EXCLUDE)
        void onTheEventsEndpointTheCertificateIsKeptWithTheFieldBounded(Overlong field) {
            long userId = newUser();
            String body = event(userId,
                    field == Overlong.USERNAME ? field.value : "learner" + userId,
                    field == Overlong.EMAIL ? field.value : "learner" + userId + "@example.org",
                    field == Overlong.NAME ? field.value : "Ana García",
                    field == Overlong.MODE ? field.value : "verified", "0.91");

            assertBounded(field, stored(post(EVENTS, body), userId), userId);
            assertCleanLog(field.value);
        }

        private static void assertBounded(Overlong field, Certificate certificate, long userId) {
            var learner = certificate.learner();
            switch (field) {
                // Not an Open edX username (150 at most): not kept, the user id is the learner's identity.
                case USERNAME -> assertThat(learner.username()).isNull();
                // Not an address (254 at most): not kept, so the certificate waits for a right one.
                case EMAIL -> assertThat(learner.email()).isNull();
                // Kept as far as the column goes: POK gets at most 150 characters per name part anyway.
                case NAME -> assertThat(learner.name()).isEqualTo("Ñ".repeat(500));
                // Canonicalized to what POK needs: language and region.
                case LANGUAGE -> assertThat(learner.languageTag()).isEqualTo("es-419");
                case MODE -> assertThat(learner.mode()).isNull();
            }
            if (field != Overlong.USERNAME) {
                assertThat(learner.username()).isEqualTo("learner" + userId);
            }
            if (field != Overlong.EMAIL) {
                assertThat(learner.email()).isEqualTo("learner" + userId + "@example.org");
            }
        }
    }

    @Nested
    class OnH2 extends OverlongLearnerFields {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            common(registry);
        }
    }

    @Nested
    class OnPostgresql extends OverlongLearnerFields {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            common(registry);
            TestDatabase.POSTGRESQL.register(registry);
        }
    }

    /**
     * MariaDB with a {@code sql_mode} that is not strict: the service sets none (it takes the server's), and there a
     * value longer than its column is cut silently with a warning, not refused.
     */
    @Nested
    class OnMariadbNotStrict extends OverlongLearnerFields {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            common(registry);
            TestDatabase.Created db = TestDatabase.MARIADB.register(registry);
            registry.add("spring.datasource.url", () -> db.url() + "?sessionVariables=sql_mode=NO_ENGINE_SUBSTITUTION");
        }

        @Autowired
        org.springframework.jdbc.core.simple.JdbcClient jdbc;

        @Test
        void theSessionIsReallyNotStrict() {
            assertThat(jdbc.sql("SELECT @@SESSION.sql_mode").query(String.class).single())
                    .doesNotContain("STRICT");
        }
    }

    /** Items 4 and 9, on H2. */
    @Nested
    class Bodies extends AppOnADatabase {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            common(registry);
        }

        @ParameterizedTest
        @ValueSource(strings = { "\"1e30000000\"", "1e30000000", "\"-1e30000000\"", "\"1E+2147483647\"" })
        void aHugeGradeIsRefusedBeforeAnyArithmetic(String percent) {
            long userId = newUser();
            HttpResponse<String> response = post(CREATION, creation(userId, "learner" + userId,
                    "learner" + userId + "@example.org", "Ana", "es", "verified", percent));

            assertRefused(response, "grade.percent");
            assertThat(certificates.findByLearnerAndCourse(userId, COURSE)).isEmpty();
            assertCleanLog();
        }

        @ParameterizedTest
        @ValueSource(strings = { "\"1E-2147483647\"", "\"1e-30000000\"", "1E-300" })
        void aVanishinglySmallGradeIsZeroAndTheCertificateKept(String percent) {
            long userId = newUser();
            Certificate certificate = stored(post(CREATION, creation(userId, "learner" + userId,
                    "learner" + userId + "@example.org", "Ana", "es", "verified", percent)), userId);

            assertThat(certificate.learner().grade()).isEqualByComparingTo(BigDecimal.ZERO);
            assertCleanLog();
        }

        @ParameterizedTest
        @ValueSource(strings = { "1e999999999", "1e-999999999", "1E-2147483647", "9e2147483647" })
        void anEventWithAnAbsurdGradeIsKeptWithTheGradeUnknownOrZero(String grade) {
            long userId = newUser();
            Certificate certificate = stored(post(EVENTS, event(userId, "learner" + userId,
                    "learner" + userId + "@example.org", "Ana", "verified", grade)), userId);

            BigDecimal stored = certificate.learner().grade();
            if (grade.contains("-")) {
                assertThat(stored).isEqualByComparingTo(BigDecimal.ZERO);
            } else {
                assertThat(stored).isNull();
            }
            assertCleanLog();
        }

        /** The parser's bound, which is what keeps {@code BigInteger.pow} away: no clock needed to see it. */
        @Test
        void theParserRefusesOrClampsExponentsBeyondItsBound() {
            WebhookPayload huge = WebhookPayload.parse("{\"grade\": {\"percent\": \"1e30000000\"}}"
                    .getBytes(StandardCharsets.UTF_8));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> huge.decimal("grade", "percent"))
                    .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("out of range");
            WebhookPayload tiny = WebhookPayload.parse("{\"grade\": {\"percent\": \"1E-2147483647\"}}"
                    .getBytes(StandardCharsets.UTF_8));
            BigDecimal clamped = tiny.decimal("grade", "percent").orElseThrow();
            assertThat(clamped.signum()).isZero();
            assertThat(clamped.scale()).isLessThanOrEqualTo(5);
            assertThat(OpenedxCertificateEvent.grade("1e999999999")).isNull();
            assertThat(OpenedxCertificateEvent.grade("1e-999999999").scale()).isLessThanOrEqualTo(5);
        }

        @ParameterizedTest
        @ValueSource(strings = { CREATION, EVENTS, RENDER })
        void multipartWithoutABoundaryIsNeverA5xx(String path) {
            long userId = newUser();
            HttpResponse<String> response = post(path, "--x\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\n"
                    + userId + "\r\n--x--\r\n", "Content-type", "multipart/form-data");

            if (path.equals(RENDER)) {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("{}");
            } else {
                assertRefused(response, "multipart/form-data is not accepted");
            }
            assertThat(certificates.findByLearnerAndCourse(userId, COURSE)).isEmpty();
            assertCleanLog();
        }

        @Test
        void invalidUtf8IsRefusedRatherThanStoredAsReplacementCharacters() {
            long userId = newUser();
            byte[] body = creation(userId).replace("Ana García", "Ana Garc@@a").getBytes(StandardCharsets.UTF_8);
            int at = new String(body, StandardCharsets.ISO_8859_1).indexOf("@@");
            body[at] = (byte) 0xC3;
            body[at + 1] = (byte) 0x28;

            assertRefused(post(CREATION, body), "not valid UTF-8");
            assertThat(certificates.findByLearnerAndCourse(userId, COURSE)).isEmpty();
            assertCleanLog();
        }

        @Test
        void duplicateKeysAreRefusedInJsonAndInForms() {
            long userId = newUser();
            String json = creation(userId).replace("\"user\": {\"id\": " + userId + ",",
                    "\"user\": {\"id\": " + userId + ", \"id\": " + (userId + 1) + ",");
            assertRefused(post(CREATION, json), "duplicate key");

            String form = "user_id=" + userId + "&user_id=" + (userId + 1) + "&course_key=" + COURSE
                    + "&user_email=a%40example.org&mode=verified";
            assertRefused(post(CREATION, form, "Content-type", "application/x-www-form-urlencoded"),
                    "duplicate key");
            assertThat(certificates.findByLearnerAndCourse(userId, COURSE)).isEmpty();
            assertThat(certificates.findByLearnerAndCourse(userId + 1, COURSE)).isEmpty();
            assertCleanLog();
        }

        @Test
        void aUserIdInNonAsciiDigitsIsRefused() {
            long userId = newUser();
            String arabic = String.valueOf(userId).chars().mapToObj(c -> String.valueOf((char) ('٠' + c - '0')))
                    .reduce("", String::concat);
            String body = creation(userId).replace("\"id\": " + userId, "\"id\": \"" + arabic + "\"")
                    .replace("\"user_id\": " + userId, "\"user_id\": \"" + arabic + "\"");
            assertThat(body).contains(arabic);

            assertRefused(post(CREATION, body), "'user.id' must be a whole number");
            assertThat(certificates.findByLearnerAndCourse(userId, COURSE)).isEmpty();
            assertCleanLog();
        }

        @Test
        void gzipIsRefusedWithAPreciseMessage() throws IOException {
            long userId = newUser();
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(creation(userId).getBytes(StandardCharsets.UTF_8));
            }
            assertRefused(post(CREATION, zipped.toByteArray(), "Content-Encoding", "gzip"), "gzip");
            // Without the header, the bytes say it.
            assertRefused(post(CREATION, zipped.toByteArray()), "gzip");
            assertThat(certificates.findByLearnerAndCourse(userId, COURSE)).isEmpty();
        }

        @Test
        void utf16IsRefusedWithAPreciseMessage() {
            long userId = newUser();
            assertRefused(post(CREATION, creation(userId).getBytes(StandardCharsets.UTF_16)), "UTF-16");
            assertRefused(post(CREATION, creation(userId).getBytes(StandardCharsets.UTF_16LE)), "UTF-16");
            assertThat(certificates.findByLearnerAndCourse(userId, COURSE)).isEmpty();
        }

        @Test
        void aUtf8ByteOrderMarkIsSkipped() {
            long userId = newUser();
            byte[] json = creation(userId).getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[json.length + 3];
            body[0] = (byte) 0xEF;
            body[1] = (byte) 0xBB;
            body[2] = (byte) 0xBF;
            System.arraycopy(json, 0, body, 3, json.length);

            assertThat(stored(post(CREATION, body), userId).learner().name()).isEqualTo("Ana García");
        }

        @Test
        void aNulCharacterNeverReachesTheDatabase() {
            long userId = newUser();
            String body = creation(userId).replace("Ana García", "Ana\\u0000 Garc\\ud800ía");

            assertThat(stored(post(CREATION, body), userId).learner().name()).isEqualTo("Ana García");
            assertCleanLog();
        }

        @Test
        void theAnswersOfRefusalsAreJsonObjects() {
            Map<String, HttpResponse<String>> answers = Map.of(CREATION, post(CREATION, "[1]"), EVENTS,
                    post(EVENTS, "[1]"), RENDER, post(RENDER, "[1]"));
            answers.forEach((path, response) -> assertThat(response.body()).as(path).startsWith("{"));
        }
    }
}
