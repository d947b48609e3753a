package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.IssuancePause;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.testsupport.LogCapture;
import com.openedxpok.testsupport.TestPok;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random bodies (seeded, so a failure is reproduced by its seed and index) thrown at the three endpoints
 * openedx-webhooks calls, over a real socket with the plugin's headers: JSON of every type and nesting, forms with
 * odd percent-encodings, lengths from empty to far past the columns, huge and tiny exponents, non-ASCII digits,
 * NUL characters and lone surrogates, UTF-16, gzip, a byte-order mark, invalid UTF-8, multipart. About a third start
 * from a real payload and change a few fields, so that many are accepted and stored. For every body: no 5xx, a JSON
 * object as the answer, nothing stored for a refused one; at the end, no stack trace, no ERROR line and no learner
 * data in the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenedxEndpointsFuzzTest {

    static final String TOKEN = "fuzz-webhook-token-0123456789ab";
    static final String COURSE = "course-v1:Fuzz+F101+2026";
    static final int BODIES = 300;
    /** Every learner text the fuzzer makes carries this, so the log can be searched for it. */
    static final String MARK = "Fz9pii";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final PokSimulator POK = PokSimulator.builder().start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestPok.connect(registry, () -> POK, TOKEN, "Fuzz Platform");
    }

    @AfterAll
    static void stop() {
        POK.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    CourseTemplateRepository templates;
    @Autowired
    IssuancePause pause;

    final LogCapture log = new LogCapture();

    @BeforeEach
    void setUp() {
        TestPok.holdStill(POK, pause, "fuzz test: nothing moves on its own");
        CourseKey course = CourseKey.parse(COURSE);
        TestPok.enableDemoTemplate(templates, course, EmissionType.POK, "Fuzz course", List.of());
        log.start();
    }

    @AfterEach
    void tearDown() {
        log.stop();
    }


    @ParameterizedTest
    @ValueSource(strings = { "/openedx/webfilters/certificate-creation-requested",
            "/openedx/webfilters/certificate-render-started", "/openedx/webhooks/events" })
    void randomBodiesNeverMakeA5xxNorStoreWhatWasRefusedNorLeakIntoTheLog(String path) {
        long seed = path.hashCode();
        Random random = new Random(seed);
        int accepted = 0;
        for (int i = 0; i < BODIES; i++) {
            Body body = new Fuzzer(random, path).body();
            long before = storedCertificates();

            HttpResponse<String> response = post(path, body);

            String what = "seed " + seed + ", body " + i + " (" + body.kind + ")";
            assertThat(response.statusCode()).as(what + ": " + response.body()).isLessThan(500);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.isObject()).as(what + ": " + response.body()).isTrue();
            if (path.contains("render")) {
                assertThat(response.statusCode()).as(what).isEqualTo(200);
            }
            if (response.statusCode() != 200) {
                assertThat(storedCertificates()).as(what + ": stored although refused").isEqualTo(before);
            } else {
                accepted++;
            }
        }
        // The fuzzer reaches the code behind the parser, not only its refusals.
        assertThat(accepted).isGreaterThan(BODIES / 10);
        for (ILoggingEvent event : log.events()) {
            assertThat(event.getThrowableProxy()).as(event.getFormattedMessage()).isNull();
            assertThat(event.getLevel().isGreaterOrEqual(Level.ERROR)).as(event.getFormattedMessage()).isFalse();
            assertThat(event.getFormattedMessage()).doesNotContain(MARK);
        }
    }

    record Body(String kind, byte[] bytes, List<String> headers) {
    }

    private HttpResponse<String> post(String path, Body body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path
                        + "?token=" + TOKEN))
                .timeout(Duration.ofSeconds(30))
                .header("User-Agent", "python-requests/2.34.2")
                .header("Accept-Encoding", "gzip, deflate")
                .header("Accept", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        for (int i = 0; i < body.headers().size(); i += 2) {
            request.header(body.headers().get(i), body.headers().get(i + 1));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One random body for an endpoint. */
    static final class Fuzzer {

        private static final String[] KEYS = { "user", "id", "username", "email", "profile", "name", "language",
                "user_id", "course_key", "mode", "status", "grade", "percent", "passed", "generation_mode", "context",
                "accomplishment_user_id", "course_id", "user_language", "platform_name", "certificate_data",
                "signatories", OpenedxCertificateEvent.DATA, "pii", "course", "display_name", "current_status",
                "event_metadata", "event_type", "time", "password" };
        private static final String[] NUMBERS = { "1e30000000", "1E-2147483647", "1e999999999", "-1e-999999999",
                "9e2147483647", "1E+2147483648", "0.87", "87", "-0", "NaN", "Infinity", "1e-05", "٣٠٠٦", "１２",
                "17.0", "00017", "0x11", "99999999999999999999999", "-5", "1_000", " 42 ", "4.2e1" };
        private static final String[] EVENT_TYPES = { "org.openedx.learning.certificate.created.v1",
                "org.openedx.learning.certificate.changed.v1", "org.openedx.learning.certificate.revoked.v1",
                "org.openedx.learning.unused.v1" };

        private final Random random;
        private final String path;

        Fuzzer(Random random, String path) {
            this.random = random;
            this.path = path;
        }

        Body body() {
            String type = pick("application/json", "application/json", "application/x-www-form-urlencoded",
                    "multipart/form-data", "text/plain", "application/json; charset=utf-16");
            int shape = random.nextInt(10);
            String text;
            String kind;
            if (shape < 4) {
                kind = "mutated payload";
                text = JSON.writeValueAsString(mutated());
            } else if (shape < 7) {
                kind = "random JSON";
                text = JSON.writeValueAsString(randomObject(0));
            } else if (shape < 9) {
                kind = "form";
                text = form();
                type = "application/x-www-form-urlencoded";
            } else {
                kind = "garbage";
                text = randomText(random.nextInt(300));
            }
            if (random.nextInt(6) == 0) {
                // Raw escapes Jackson would not write: NUL, lone surrogates, a repeated key.
                text = text.replaceFirst("\\{", "{\"user\": {\"id\": 3}, \"x\": \"\\\\u0000\\\\ud800" + MARK + "\", ");
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            List<String> headers = new ArrayList<>(List.of("Content-type", type));
            switch (random.nextInt(12)) {
                case 0 -> {
                    kind += ", UTF-16";
                    bytes = text.getBytes(random.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
                }
                case 1 -> {
                    kind += ", gzip";
                    bytes = gzip(bytes);
                    if (random.nextBoolean()) {
                        headers.addAll(List.of("Content-Encoding", "gzip"));
                    }
                }
                case 2 -> {
                    kind += ", BOM";
                    byte[] withBom = new byte[bytes.length + 3];
                    withBom[0] = (byte) 0xEF;
                    withBom[1] = (byte) 0xBB;
                    withBom[2] = (byte) 0xBF;
                    System.arraycopy(bytes, 0, withBom, 3, bytes.length);
                    bytes = withBom;
                }
                case 3 -> {
                    kind += ", invalid UTF-8";
                    if (bytes.length > 2) {
                        bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
                    }
                }
                case 4 -> {
                    kind += ", truncated";
                    bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                }
                default -> {
                }
            }
            return new Body(kind, bytes, headers);
        }

        /** A real payload of the endpoint with a few fields replaced by random values. */
        private java.util.Map<String, Object> mutated() {
            long userId = 200_000 + random.nextInt(1_000_000);
            java.util.Map<String, Object> payload = new java.util.LinkedHashMap<>();
            if (path.contains("creation")) {
                payload.put("user", new java.util.LinkedHashMap<>(java.util.Map.of("id", userId, "username",
                        "learner" + MARK + userId, "email", MARK + userId + "@example.org")));
                payload.put("profile", new java.util.LinkedHashMap<>(java.util.Map.of("user_id", userId, "name",
                        "Ana " + MARK, "language", "es")));
                payload.put("course_key", COURSE);
                payload.put("mode", "verified");
                payload.put("status", "downloadable");
                payload.put("grade", new java.util.LinkedHashMap<>(java.util.Map.of("percent", 0.9, "passed", true)));
                mutate(payload, List.of(List.of("user", "id"), List.of("user", "username"), List.of("user", "email"),
                        List.of("profile", "name"), List.of("profile", "language"), List.of("mode"),
                        List.of("grade", "percent"), List.of("grade", "passed"), List.of("status"),
                        List.of("course_key")));
            } else if (path.contains("render")) {
                java.util.Map<String, Object> context = new java.util.LinkedHashMap<>();
                context.put("accomplishment_user_id", userId);
                context.put("course_id", COURSE);
                context.put("user_language", "es");
                context.put("accomplishment_copy_name", "Ana " + MARK);
                context.put("username", "learner" + MARK);
                context.put("platform_name", "Fuzz");
                payload.put("context", context);
                mutate(payload, List.of(List.of("context", "accomplishment_user_id"), List.of("context", "course_id"),
                        List.of("context", "user_language"), List.of("context", "accomplishment_copy_name"),
                        List.of("context", "platform_name"), List.of("context", "certificate_data")));
            } else {
                java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
                data.put("user", new java.util.LinkedHashMap<>(java.util.Map.of("id", userId, "pii",
                        new java.util.LinkedHashMap<>(java.util.Map.of("username", "learner" + MARK, "email",
                                MARK + userId + "@example.org", "name", "Ana " + MARK)))));
                data.put("course", new java.util.LinkedHashMap<>(java.util.Map.of("course_key", COURSE,
                        "display_name", "Fuzz " + MARK)));
                data.put("mode", "verified");
                data.put("grade", "0.9");
                data.put("current_status", "downloadable");
                payload.put(OpenedxCertificateEvent.DATA, data);
                payload.put("event_metadata", new java.util.LinkedHashMap<>(java.util.Map.of("event_type",
                        EVENT_TYPES[random.nextInt(EVENT_TYPES.length)], "time", "2026-11-27 23:59:16+00:00")));
                String d = OpenedxCertificateEvent.DATA;
                mutate(payload, List.of(List.of(d, "user", "id"), List.of(d, "user", "pii", "username"),
                        List.of(d, "user", "pii", "email"), List.of(d, "user", "pii", "name"), List.of(d, "mode"),
                        List.of(d, "grade"), List.of(d, "current_status"), List.of(d, "course", "display_name"),
                        List.of("event_metadata", "time")));
            }
            return payload;
        }

        @SuppressWarnings("unchecked")
        private void mutate(java.util.Map<String, Object> payload, List<List<String>> paths) {
            int changes = random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                List<String> where = paths.get(random.nextInt(paths.size()));
                java.util.Map<String, Object> node = payload;
                for (int i = 0; i < where.size() - 1; i++) {
                    Object next = node.get(where.get(i));
                    if (!(next instanceof java.util.Map)) {
                        next = new java.util.LinkedHashMap<String, Object>();
                        node.put(where.get(i), next);
                    }
                    node = (java.util.Map<String, Object>) next;
                }
                node.put(where.get(where.size() - 1), randomValue(3));
            }
        }

        private java.util.Map<String, Object> randomObject(int depth) {
            java.util.Map<String, Object> object = new java.util.LinkedHashMap<>();
            int size = random.nextInt(6);
            for (int i = 0; i < size; i++) {
                object.put(random.nextInt(5) == 0 ? randomText(random.nextInt(20)) : KEYS[random.nextInt(KEYS.length)],
                        randomValue(depth + 1));
            }
            return object;
        }

        private Object randomValue(int depth) {
            int choice = random.nextInt(depth > 6 ? 7 : 10);
            return switch (choice) {
                case 0 -> null;
                case 1 -> random.nextBoolean();
                case 2 -> random.nextInt(3) == 0 ? random.nextLong() : (long) random.nextInt(1_000_000);
                case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 4 -> NUMBERS[random.nextInt(NUMBERS.length)];
                case 5 -> MARK + randomText(random.nextInt(random.nextBoolean() ? 40 : 700));
                case 6 -> pick("es", "es-419-u-ca-gregory-nu-latn-x-private", "zh_hans", "pt-br", "xx-" + MARK,
                        "verified", "audit", "downloadable", COURSE, "course-v1:" + MARK, "None", "True", "");
                case 7 -> randomObject(depth);
                case 8 -> java.util.Arrays.asList(randomValue(depth + 1), randomValue(depth + 1));
                default -> nested(random.nextInt(60));
            };
        }

        /** Deep nesting, as far as 60 levels. */
        private Object nested(int levels) {
            Object value = MARK;
            for (int i = 0; i < levels; i++) {
                value = random.nextBoolean() ? java.util.Map.of("user", value) : List.of(value);
            }
            return value;
        }

        private String form() {
            StringBuilder form = new StringBuilder();
            int fields = random.nextInt(12);
            for (int i = 0; i < fields; i++) {
                if (i > 0) {
                    form.append('&');
                }
                String key = pick("user_id", "user_username", "user_email", "profile_name", "profile_language",
                        "course_key", "mode", "grade_percent", "context_accomplishment_user_id", "context_course_id",
                        OpenedxCertificateEvent.DATA + "_user_id", "event_metadata_event_type", MARK);
                String value = switch (random.nextInt(6)) {
                    case 0 -> String.valueOf(200_000 + random.nextInt(1_000_000));
                    case 1 -> COURSE;
                    case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
                    case 3 -> pick("%C3%28", "%zz", "%", "%E2%82", "%00", "%ED%A0%80", "None", "[{'name': 'x'}]");
                    case 4 -> EVENT_TYPES[random.nextInt(EVENT_TYPES.length)];
                    default -> MARK + randomText(random.nextInt(400));
                };
                form.append(encode(key)).append('=').append(value.startsWith("%") ? value : encode(value));
            }
            return form.toString();
        }

        private static String encode(String text) {
            return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
        }

        private String randomText(int length) {
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(10);
                if (kind < 5) {
                    text.append((char) ('a' + random.nextInt(26)));
                } else if (kind < 7) {
                    text.appendCodePoint(0x20 + random.nextInt(0x60));
                } else if (kind < 8) {
                    text.appendCodePoint(0xA0 + random.nextInt(0x2000));
                } else if (kind < 9) {
                    text.appendCodePoint(0x1F600 + random.nextInt(0x40));
                } else {
                    text.append((char) random.nextInt(0x20));
                }
            }
            return text.toString();
        }

        private String pick(String... choices) {
            return choices[random.nextInt(choices.length)];
        }

        private static byte[] gzip(byte[] bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                gzip.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    private long storedCertificates() {
        return jdbc.sql("SELECT COUNT(*) FROM pok_certificate").query(Long.class).single();
    }
}
