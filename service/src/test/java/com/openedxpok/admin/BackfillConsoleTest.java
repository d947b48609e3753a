package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.issuance.RevokeInPokRepository;
import com.openedxpok.backfill.BackfillService;
import com.openedxpok.backfill.BackfillStatus;
import com.openedxpok.backfill.BackfillTestJobs;
import com.openedxpok.kernel.EmissionType;

/** The Backfill and "Revoke in POK as well" console pages, as plain forms (no JavaScript), in demo mode. */
@AdminTestApp
class BackfillConsoleTest {

    private static final String SCRIPT = "<script>alert('x')</script>";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    AdminTestData data;
    ConsoleSession console;

    @BeforeEach
    void setUp() {
        data = new AdminTestData(context);
        console = ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD);
    }

    @Test
    void withoutTheLmsApiThePageExplainsWhatIsMissingAndOffersTheCsvImport() {
        HttpResponse<String> page = console.get("/admin/backfill");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"api-unavailable\"").contains("LMS_URL").contains("OPENEDX_CLIENT_ID")
                .contains("OPENEDX_CLIENT_SECRET").contains("user_id,username,email,full_name,course_key[,grade,language]")
                .contains("enctype=\"multipart/form-data\"").contains("20 MB")
                .contains("href=\"/admin/backfill\"").doesNotContain("Dry run of every enabled course");

        HttpResponse<String> dryRun = console.postForm("/admin/backfill", "/admin/backfill/dry-run",
                Map.of("course", AdminTestData.DEMO_COURSE));
        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(dryRun.body()).contains("class=\"flash error\"").contains("LMS_URL").doesNotContain("id=\"dry-run\"");

        HttpResponse<String> start = console.postForm("/admin/backfill", "/admin/backfill/start",
                Map.of("allEnabled", "true"));
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(console.get("/admin/backfill").body()).contains("LMS_URL");
    }

    @Test
    void markupTypedAsACourseKeyIsShownAsText() {
        HttpResponse<String> refused = console.postForm("/admin/backfill", "/admin/backfill/dry-run",
                Map.of("course", "course-v1:" + SCRIPT));

        assertThat(refused.body()).contains("course-v1:&lt;script&gt;").doesNotContain(SCRIPT);
    }

    @Test
    void aCsvUploadShowsTheReportWithLineNumbersAndQueuesTheGoodRows() {
        String good = AdminTestData.unique("upok");
        String csv = "user_id,username,email,full_name,course_key\n"
                + "8" + Math.abs(good.hashCode() % 1_000_000) + "," + good + "," + good + "@example.org,Ana,"
                + AdminTestData.DEMO_COURSE + "\n"
                + "99,someone,someone@example.org,Bo,course-v1:" + SCRIPT + "\n";

        HttpResponse<String> posted = console.postFile("/admin/backfill", "/admin/backfill/csv", "file", "l.csv",
                csv.getBytes(StandardCharsets.UTF_8), true);

        // Post/redirect/get: the token the form's URL carries does not stay in the address bar.
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location)
                .endsWith("/admin/backfill#csv-report").doesNotContain("_csrf"));
        HttpResponse<String> page = console.get("/admin/backfill");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"csv-report\"").contains("<dd id=\"csv-rows\">2</dd>")
                .contains("<dd id=\"csv-queued\">1</dd>").contains("<dd id=\"csv-errors\">1</dd>")
                .contains("<td class=\"num\">3</td>").doesNotContain(SCRIPT);
        assertThat(console.get("/admin/certificates?q=" + good).body()).contains("id=\"results\"")
                .doesNotContain("id=\"no-results\"");
    }

    @Test
    void consolePostsWithoutTheCsrfTokenAreRefused() {
        String name = AdminTestData.unique("nocsrf");
        String csv = "1,"+ name + "," + name + "@example.org,N," + AdminTestData.DEMO_COURSE + "\n";
        assertThat(console.postFile("/admin/backfill", "/admin/backfill/csv", "file", "l.csv",
                csv.getBytes(StandardCharsets.UTF_8), false).statusCode()).isEqualTo(403);
        assertThat(console.postWithoutCsrf("/admin/backfill/dry-run", Map.of()).statusCode()).isEqualTo(403);
        assertThat(console.postWithoutCsrf("/admin/backfill/start", Map.of("allEnabled", "true")).statusCode())
                .isEqualTo(403);
        assertThat(console.postWithoutCsrf("/admin/backfill/jobs/1/cancel", Map.of()).statusCode()).isEqualTo(403);
        assertThat(console.postWithoutCsrf("/admin/backfill/jobs/1/resume", Map.of()).statusCode()).isEqualTo(403);
        assertThat(console.postWithoutCsrf("/admin/revoke-in-pok/1/done", Map.of()).statusCode()).isEqualTo(403);
        assertThat(console.get("/admin/certificates?q=" + name).body()).contains("id=\"no-results\"");
    }

    @Test
    void anUploadOverTheLimitSaysSo() {
        byte[] tooLarge = new byte[21 * 1024 * 1024];
        Arrays.fill(tooLarge, (byte) 'a');

        HttpResponse<String> answer = console.postFile("/admin/backfill", "/admin/backfill/csv", "file", "big.csv",
                tooLarge, true);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("larger than 20 MB").contains("href=\"/admin/backfill\"");
    }

    @Test
    void aRunningJobIsPolledAndCanBeCancelledButNotResumedWithoutTheLms() {
        String course = "course-v1:" + AdminTestData.unique("Bf") + "+B1+2026";
        long id = BackfillTestJobs.counting(context, course, "admin");

        String page = console.get("/admin/backfill").body();
        assertThat(page).contains("id=\"job-" + id + "\"").contains("hx-get=\"/admin/backfill/jobs/" + id + "/progress\"")
                .contains("hx-trigger=\"every 1s\"").contains("aria-label=\"progress: counting\"");
        HttpResponse<String> fragment = console.get("/admin/backfill/jobs/" + id + "/progress");
        assertThat(fragment.statusCode()).isEqualTo(200);
        assertThat(fragment.body()).startsWith("<div").contains(course).doesNotContain("<html");
        assertThat(console.get("/admin/backfill/jobs/999999999/progress").statusCode()).isEqualTo(404);

        assertThat(console.postForm("/admin/backfill", "/admin/backfill/jobs/" + id + "/cancel", Map.of())
                .statusCode()).isEqualTo(302);
        BackfillService service = context.getBean(BackfillService.class);
        assertThat(service.progress(id).orElseThrow().status()).isEqualTo(BackfillStatus.CANCELLED);
        String fragmentAfter = console.get("/admin/backfill/jobs/" + id + "/progress").body();
        assertThat(fragmentAfter).doesNotContain("hx-get").contains("Resume");

        console.postForm("/admin/backfill", "/admin/backfill/jobs/" + id + "/resume", Map.of());
        assertThat(console.get("/admin/backfill").body()).contains("LMS_URL");
        assertThat(service.progress(id).orElseThrow().status()).isEqualTo(BackfillStatus.CANCELLED);
    }

    @Test
    void theRevokeInPokListLinksTheCredentialShowsOnTheDashboardAndDoneRemovesIt() throws Exception {
        String credential = "cred-" + AdminTestData.unique("v");
        Certificate emitted = data.certificate(AdminTestData.unique("rv"), AdminTestData.DEMO_COURSE, CertificateStatus.EMITTED);
        Certificate c = TestCertificates.save(context.getBean(CertificateRepository.class), emitted.withPok(new PokCredential(credential, "emitted",
                "https://pok.example/credential/" + credential + "?a=1&b=2", null, null, EmissionType.POK, null,
                "Title", "Emitter", java.util.List.of(), null)), Instant.now()).orElseThrow();
        new BackfillApiTest() {
            {
                port = BackfillConsoleTest.this.port;
                context = BackfillConsoleTest.this.context;
            }
        }.webhook(BackfillApiTest.revokedEvent(c));

        HttpResponse<String> list = console.get("/admin/revoke-in-pok");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(c.learner().username()).contains(AdminTestData.DEMO_COURSE)
                .contains("href=\"https://pok.example/credential/" + credential + "?a=1&amp;b=2\"")
                .contains(">" + credential + "</a>");
        assertThat(console.get("/admin").body()).contains("id=\"revoke-in-pok-count\"")
                .contains("href=\"/admin/revoke-in-pok\"");

        HttpResponse<String> done = console.postForm("/admin/revoke-in-pok", "/admin/revoke-in-pok/" + c.id() + "/done",
                Map.of());
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(context.getBean(RevokeInPokRepository.class).pending(1000))
                .noneMatch(item -> item.certificate().id() == c.id());
        assertThat(console.get("/admin/revoke-in-pok").body()).contains("marked as revoked in POK");
        assertThat(console.get("/admin").body()).doesNotContain("id=\"revoke-in-pok-count\"");
    }

    @Test
    void thePagesNeedALogin() throws Exception {
        for (String path : new String[] {"/admin/backfill", "/admin/revoke-in-pok"}) {
            HttpResponse<String> answer = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElse("")).endsWith("/admin/login");
        }
    }
}
