package com.openedxpok.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.importing.OpenedxPokImportService.LineReport;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.SimOperation;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.testsupport.TestDatabase;
import com.openedxpok.testsupport.TestPok;

/**
 * The import from openedx-pok 1.x on H2, PostgreSQL and MariaDB, from exports with every odd case the original's
 * schema allows, against a POK simulator that counts every issue call: the imported credentials cost none.
 */
class OpenedxPokImportTest {

    static final String TOKEN = "import-webhook-token-0123456789";
    static final CourseKey ENABLED = CourseKey.parse("course-v1:Legacy+ENABLED+2024");
    static final CourseKey NEW = CourseKey.parse("course-v1:Legacy+NEW+2024");
    static final CourseKey CONFLICT = CourseKey.parse("course-v1:Legacy+CONFLICT+2024");
    static final CourseKey OLD_STYLE = CourseKey.parse("Legacy/OLD101/2019");
    static final String CERTIFICATES_HEADER = "id\tcreated\tmodified\tuser_id\tcourse_id\tpok_certificate_id\tstate\t"
            + "view_url\temission_date\temission_type\tcustom_parameters\ttitle\temitter\ttags\tpage\treceiver_email\t"
            + "receiver_name\tusername\temail";

    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    abstract static class ImportOnADatabase {

        static PokSimulator pok;

        @Autowired
        OpenedxPokImportService imports;
        @Autowired
        CertificateRepository certificates;
        @Autowired
        CertificateEventRepository events;
        @Autowired
        CourseTemplateRepository templates;
        @Autowired
        IssuanceService issuance;
        @Autowired
        JdbcClient jdbc;

        static void common(DynamicPropertyRegistry registry) {
            if (pok == null) {
                pok = PokSimulator.builder().emitDelay(Duration.ofMillis(200)).start();
            }
            TestPok.connect(registry, () -> pok, TOKEN, "Import Platform");
            TestPok.shortDelays(registry);
        }

        @AfterAll
        static void stopPok() {
            if (pok != null) {
                pok.close();
                pok = null;
            }
        }

        /** A credential 1.x had POK issue, still processing in POK when the export was taken. */
        String credentialIssuedBy1x(long userId) throws Exception {
            String body = """
                    {"credential": {"tags": ["StudentId:%1$d"], "skipAcceptance": true, "emissionType": "pok",
                      "dateFormat": "dd/MM/yyyy", "emissionDate": "2023-06-01T14:03:00Z", "title": "Legacy",
                      "emitter": "Legacy University"},
                     "receiver": {"languageTag": "en-US", "identification": "%1$d", "email": "l%1$d@example.org",
                      "firstName": "Leg", "lastName": "Acy"},
                     "customization": {"page": "demo-page", "template": {"id": "demo-template",
                      "customParameters": {"grade": "90%%", "platform": "Import Platform"}}}}
                    """.formatted(userId);
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            pok.baseUrl().resolve("credential")).header("Authorization", "ApiKey "
                            + pok.apiKey().reveal()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
            return answer.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        }

        static InputStream tsv(String text) {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        static String line(Object... fields) {
            return java.util.Arrays.stream(fields).map(f -> f == null ? "NULL" : f.toString())
                    .collect(Collectors.joining("\t")) + "\n";
        }

        long count(String table) {
            return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
        }

        Certificate certificateOf(long userId, CourseKey course) {
            return certificates.findByLearnerAndCourse(userId, course).orElseThrow();
        }

        @Test
        void everyOddCaseOfTheExportIsImportedOnceWithoutAnyIssueCallForItsCredentials() throws Exception {
            long base = 700_000 + (System.nanoTime() % 1000) * 100;
            long emitted = base + 1;
            long polled = base + 2;
            long noCredential = base + 3;
            long oldStyle = base + 4;
            long holdsOneHere = base + 5;
            long nullState = base + 6;
            TestPok.enableDemoTemplate(templates, ENABLED, EmissionType.POK, "Enabled here", List.of());
            if (templates.findByCourse(CONFLICT).isEmpty()) {
                templates.insert(new CourseTemplate(0, CONFLICT, "demo-template", EmissionType.POK, "demo-page", "Here",
                        null, true, true, List.of(), null, null), Instant.now());
            }
            issuance.request(new com.openedxpok.issuance.CertificateRequest(new Learner(holdsOneHere, "here" + base,
                    "Here Already", "here" + base + "@example.org", "en", "verified", null), ENABLED, null, "test"));
            String processing = credentialIssuedBy1x(polled);
            String processing2 = credentialIssuedBy1x(nullState);
            String templatesTsv = "id\tcreated\tmodified\tcourse_id\ttemplate_id\temission_type\tpage_id\n"
                    + line(1, "2023-01-01 10:00:00.000000", "2023-01-01 10:00:00.000000", NEW, "demo-template", "pok",
                            "demo-page")
                    + line(2, "2023-01-01 10:00:00", "2023-01-01 10:00:00", ENABLED, "demo-template", "pok", "demo-page")
                    + line(3, "2023-01-01 10:00:00", "2023-01-01 10:00:00", CONFLICT, "other-template", "blockchain",
                            null);
            String emittedLine = line(11, "2023-02-01 10:00:00.123456", "2023-02-01 10:00:00.123456", emitted, ENABLED,
                    "cred-emitted-" + base, "emitted", "https://pok.example/view/" + base,
                    "2023-02-01 10:00:00.123456", "pok", "{\"grade\": \"87\",\\t\"note\": \"a\\\\b\"}",
                    "Data \\\\ Science\\tI\\nII", "Legacy University",
                    "[\"StudentId:" + emitted + "\", \"CourseId:" + ENABLED + "\", \"Mode:verified\"]", "page-7",
                    "ana" + base + "@example.org", "Ana\\tMaría García", "ana" + base, "ana.lms" + base + "@example.org");
            String certificatesTsv = CERTIFICATES_HEADER + "\n"
                    + emittedLine
                    + line(12, "2023-02-02 10:00:00", "2023-02-02 10:00:00", polled, ENABLED, processing, "processing",
                            null, null, "pok", null, "Legacy", "Legacy University", "[\"Mode:honor\"]", "demo-page",
                            null, "Bob Polled", "bob" + base, "bob" + base + "@example.org")
                    + line(13, "2023-02-03 10:00:00", "2023-02-03 10:00:00", noCredential, NEW, null, null, null, null,
                            "pok", null, null, null, "null", null, null, "Carla NoCredential", "carla" + base,
                            "carla" + base + "@example.org")
                    + line(14, "2019-05-05 10:00:00", "2019-05-05 10:00:00", oldStyle, OLD_STYLE, "cred-old-" + base,
                            "emitted", "https://pok.example/view/old" + base, "2019-05-05 10:00:00", "blockchain", null,
                            "Old course", "Old Org", null, null, null, "Dan Old", "dan" + base, "dan" + base + "@example.org")
                    + emittedLine
                    + line(15, "2023-02-04 10:00:00", "2023-02-04 10:00:00", holdsOneHere, ENABLED, "cred-other-" + base,
                            "emitted", "https://pok.example/view/other", null, "pok", null, null, null, null, null, null,
                            "Here Already", "here" + base, "here" + base + "@example.org")
                    + line(16, "2023-02-05 10:00:00", "2023-02-05 10:00:00", nullState, ENABLED, processing2, null, null,
                            null, null, null, null, null, null, null, null, "Eve NullState", "eve" + base,
                            "eve" + base + "@example.org")
                    + line(17, "x", "x", "abc", ENABLED, "cred-bad", "emitted", null, null, "pok", null, null, null,
                            null, null, null, null, "bad", "bad@example.org")
                    + line(18, "x", "x", base + 8, "not a course", "cred-bad-2", "emitted")
                    + "\r\n";
            pok.clearRequests();
            Map<String, Long> before = Map.of("pok_certificate", count("pok_certificate"), "course_template",
                    count("course_template"), "certificate_event", count("certificate_event"));

            OpenedxPokImportService.Report dryRun = imports.dryRun(tsv(certificatesTsv), tsv(templatesTsv));

            assertThat(dryRun.lines()).extracting(LineReport::file, LineReport::line, LineReport::outcome)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("templates", 2, "ACCEPTED"),
                            org.assertj.core.groups.Tuple.tuple("templates", 3, "SKIPPED"),
                            org.assertj.core.groups.Tuple.tuple("templates", 4, "SKIPPED"),
                            org.assertj.core.groups.Tuple.tuple("certificates", 2, "ACCEPTED"),
                            org.assertj.core.groups.Tuple.tuple("certificates", 3, "ACCEPTED"),
                            org.assertj.core.groups.Tuple.tuple("certificates", 4, "ACCEPTED"),
                            org.assertj.core.groups.Tuple.tuple("certificates", 5, "ACCEPTED"),
                            org.assertj.core.groups.Tuple.tuple("certificates", 6, "SKIPPED"),
                            org.assertj.core.groups.Tuple.tuple("certificates", 7, "SKIPPED"),
                            org.assertj.core.groups.Tuple.tuple("certificates", 8, "ACCEPTED"),
                            org.assertj.core.groups.Tuple.tuple("certificates", 9, "SKIPPED"),
                            org.assertj.core.groups.Tuple.tuple("certificates", 10, "SKIPPED"));
            assertThat(dryRun.lines().get(2).detail()).contains("conflicts").contains("other-template");
            assertThat(dryRun.lines().get(3).detail()).contains("taken over as EMITTED without an issue call");
            assertThat(dryRun.lines().get(5).detail()).contains("to be queued");
            assertThat(dryRun.lines().get(7).detail()).isEqualTo("duplicates line 2 (same user_id and course_id)");
            assertThat(dryRun.lines().get(8).detail()).startsWith("the learner already holds a certificate here");
            assertThat(dryRun.lines().get(10).detail()).isEqualTo("user_id is not a positive whole number");
            assertThat(dryRun.lines().get(11).detail()).isEqualTo("has 7 fields; the header has 19");
            assertThat(Map.of("pok_certificate", count("pok_certificate"), "course_template", count("course_template"),
                    "certificate_event", count("certificate_event"))).as("a dry run changes nothing").isEqualTo(before);

            ImportJob job = imports.upload(tsv(certificatesTsv), tsv(templatesTsv), "importer");
            assertThat(imports.dryRun(job.id()).lines()).isEqualTo(dryRun.lines());
            assertThat(count("pok_certificate")).as("an upload applies nothing").isEqualTo(before.get("pok_certificate"));
            imports.start(job.id(), "importer");
            await().atMost(Duration.ofSeconds(30)).until(() -> imports.job(job.id()).status() == ImportJob.Status.DONE);

            ImportJob done = imports.job(job.id());
            assertThat(done.accepted()).isEqualTo(6);
            assertThat(done.skipped()).isEqualTo(6);
            assertThat(done.cursor()).isEqualTo(12);
            assertThat(imports.report(job.id(), "SKIPPED", 100)).extracting(LineReport::detail)
                    .contains("duplicates line 2 (same user_id and course_id)");

            Certificate ana = certificateOf(emitted, ENABLED);
            assertThat(ana.status()).isEqualTo(CertificateStatus.EMITTED);
            assertThat(ana.pok().credentialId()).isEqualTo("cred-emitted-" + base);
            assertThat(ana.pok().viewUrl()).isEqualTo("https://pok.example/view/" + base);
            assertThat(ana.pok().title()).isEqualTo("Data \\ Science\tI\nII");
            assertThat(ana.pok().emitter()).isEqualTo("Legacy University");
            assertThat(ana.pok().tags()).containsExactly("StudentId:" + emitted, "CourseId:" + ENABLED, "Mode:verified");
            assertThat(ana.pok().pageId()).isEqualTo("page-7");
            assertThat(ana.pok().emissionType()).isEqualTo(EmissionType.POK);
            assertThat(ana.pok().emissionDate()).isEqualTo(Instant.parse("2023-02-01T10:00:00.123456Z"));
            assertThat(ana.learner().name()).isEqualTo("Ana\tMaría García");
            assertThat(ana.learner().email()).isEqualTo("ana" + base + "@example.org");
            assertThat(ana.learner().mode()).isEqualTo("verified");
            List<CertificateEvent> history = events.history(ana.id());
            assertThat(history).hasSize(1);
            assertThat(history.get(0).kind()).isEqualTo("IMPORTED");
            assertThat(history.get(0).detail()).contains("imported from openedx-pok").contains("line 2");

            Certificate dan = certificateOf(oldStyle, OLD_STYLE);
            assertThat(dan.status()).isEqualTo(CertificateStatus.EMITTED);
            assertThat(dan.pok().emissionType()).isEqualTo(EmissionType.BLOCKCHAIN);
            assertThat(templates.findByCourse(NEW)).get().extracting(CourseTemplate::templateId).isEqualTo("demo-template");
            assertThat(templates.findByCourse(CONFLICT)).get().extracting(CourseTemplate::templateId)
                    .as("the template here is kept").isEqualTo("demo-template");
            assertThat(certificateOf(holdsOneHere, ENABLED).pok().credentialId()).isNotEqualTo("cred-other-" + base);

            await().atMost(Duration.ofSeconds(30)).until(() -> certificateOf(polled, ENABLED).status()
                    == CertificateStatus.EMITTED && certificateOf(nullState, ENABLED).status() == CertificateStatus.EMITTED
                    && certificateOf(noCredential, NEW).status() != CertificateStatus.QUEUED);
            assertThat(certificateOf(polled, ENABLED).pok().credentialId()).isEqualTo(processing);
            assertThat(events.history(certificateOf(noCredential, NEW).id()).get(0).detail())
                    .contains("imported from openedx-pok");
            for (long userId : new long[] {emitted, polled, oldStyle, nullState, holdsOneHere}) {
                assertThat(pok.issueAttemptsFor(String.valueOf(userId))).as("issue calls for " + userId).isZero();
            }
            // The line without a credential is issued like any other request (here its new course has no title yet,
            // so it may wait in HELD for one): the only issue calls are its own.
            long ownCalls = pok.issueAttemptsFor(String.valueOf(noCredential));
            assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isEqualTo(ownCalls);

            long certificatesAfter = count("pok_certificate");
            long eventsAfter = count("certificate_event");
            long templatesAfter = count("course_template");
            ImportJob again = imports.upload(tsv(certificatesTsv), tsv(templatesTsv), "importer");
            imports.start(again.id(), "importer");
            await().atMost(Duration.ofSeconds(30)).until(() -> imports.job(again.id()).status() == ImportJob.Status.DONE);
            assertThat(imports.job(again.id()).accepted()).as("a second run accepts nothing").isZero();
            assertThat(imports.report(again.id(), "SKIPPED", 100)).extracting(LineReport::detail)
                    .anyMatch(d -> d.startsWith("already imported: certificate " + ana.id()));
            assertThat(count("pok_certificate")).isEqualTo(certificatesAfter);
            assertThat(count("certificate_event")).isEqualTo(eventsAfter);
            assertThat(count("course_template")).isEqualTo(templatesAfter);
            assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isEqualTo(ownCalls);
        }
    }

    @Nested
    class OnH2 extends ImportOnADatabase {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            common(registry);
            TestDatabase.H2.register(registry);
        }
    }

    @Nested
    class OnPostgresql extends ImportOnADatabase {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            common(registry);
            TestDatabase.POSTGRESQL.register(registry);
        }
    }

    @Nested
    class OnMariadb extends ImportOnADatabase {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            common(registry);
            TestDatabase.MARIADB.register(registry);
        }
    }
}
