package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;

/**
 * The console's pages as HTML, without JavaScript: what they show, that markup in data stays text, and that every
 * action works as a plain form post.
 */
@AdminTestApp
class AdminConsolePagesTest {

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
    void markupInNamesTitlesAndSearchesIsShownAsText() {
        String username = AdminTestData.unique("mk");
        String course = "course-v1:" + AdminTestData.unique("Mk") + "+M1+2026";
        Certificate c = data.certificate(username, "x@example.org", "Eve " + SCRIPT, course, CertificateStatus.FAILED);
        context.getBean(CourseTemplateRepository.class).insert(new CourseTemplate(0, CourseKey.parse(course),
                "demo-template", EmissionType.POK, null, "<b>Bold</b> title " + SCRIPT, "<i>Issuer</i>", true, false,
                java.util.List.of(), null, null), java.time.Instant.now());

        String detail = console.get("/admin/certificates/" + c.id()).body();
        assertThat(detail).contains("Eve &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain(SCRIPT);

        String list = console.get("/admin/certificates?q=" + username).body();
        assertThat(list).contains("Eve &lt;script&gt;").doesNotContain(SCRIPT);

        String templates = console.get("/admin/course-templates").body();
        assertThat(templates).contains("&lt;b&gt;Bold&lt;/b&gt; title").doesNotContain("<b>Bold</b>")
                .doesNotContain(SCRIPT);

        String search = console.get("/admin/certificates?q=" + URLEncoder.encode("<img src=x onerror=alert(1)>",
                StandardCharsets.UTF_8)).body();
        assertThat(search).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");

        String dashboard = console.get("/admin").body();
        assertThat(dashboard).doesNotContain(SCRIPT);

        // A course key cannot hold markup (it is refused), and the refusal shows the typed text as text.
        HttpResponse<String> refused = console.postForm("/admin/course-templates/new", "/admin/course-templates",
                Map.of("courseKey", "course-v1:" + SCRIPT, "templateId", "plain-template", "action", "save"));
        assertThat(refused.body()).contains("course-v1:&lt;script&gt;").doesNotContain(SCRIPT);
        String courseFilter = console.get("/admin/certificates?course=" + URLEncoder.encode(SCRIPT,
                StandardCharsets.UTF_8)).body();
        assertThat(courseFilter).contains("&lt;script&gt;").doesNotContain(SCRIPT);
    }

    @Test
    void theDashboardShowsCountsTheChartPokAndTheDemoBadge() {
        data.certificate(AdminTestData.unique("dash"), AdminTestData.DEMO_COURSE, CertificateStatus.UNCERTAIN);

        String page = console.get("/admin").body();

        assertThat(page).contains("DEMO — simulated POK").contains("id=\"count-UNCERTAIN\"")
                .contains("Demo University (simulated)").contains("id=\"api-key-state\">works")
                .contains("<svg class=\"chart\"").contains("viewBox=\"0 0 760 220\"").contains("Needing attention");
        assertThat(page.split("<rect ", -1)).hasSize(61);
    }

    @Test
    void everyActionWorksAsAPlainFormWithoutJavaScript() {
        Certificate c = data.certificate(AdminTestData.unique("plain"), "course-v1:NoTpl+P1+2026",
                CertificateStatus.FAILED);
        String page = "/admin/certificates/" + c.id();

        HttpResponse<String> refused = console.postForm(page, page + "/issue-again", Map.of());
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(console.get(page).body()).contains("Confirm that a new credential should be issued");

        console.postForm(page, page + "/mark-issued", Map.of("credentialId", "known-credential-1"));
        // The worker polls POK right away (the simulator does not know this id and fails it), so the transition is
        // asserted from the history, which cannot race the worker.
        assertThat(context.getBean(com.openedxpok.certificate.CertificateEventRepository.class).history(c.id()))
                .anySatisfy(e -> {
                    assertThat(e.kind()).isEqualTo("MARKED_ISSUED");
                    assertThat(e.toStatus()).isEqualTo(CertificateStatus.PROCESSING);
                    assertThat(e.actor()).isEqualTo("operator:admin");
                });
        assertThat(data.reload(c).pok().credentialId()).isEqualTo("known-credential-1");

        console.postForm(page, page + "/revoke", Map.of("confirm", "true", "reason", "test"));
        assertThat(data.reload(c).status()).isEqualTo(CertificateStatus.REVOKED);
        String after = console.get(page).body();
        assertThat(after).contains("Revoked here").contains("operator:admin").contains("MARKED_ISSUED");
    }

    @Test
    void aBlockchainCertificateWarnsThatIssuingAgainSpendsACredit() {
        String course = "course-v1:" + AdminTestData.unique("Bc") + "+B1+2026";
        data.courseTemplate(course, "blockchain-template", EmissionType.BLOCKCHAIN);
        Certificate c = data.certificate(AdminTestData.unique("bc"), course, CertificateStatus.FAILED);

        assertThat(console.get("/admin/certificates/" + c.id()).body()).contains("id=\"blockchain-warning\"")
                .contains("spends one POK credit");
    }

    @Test
    void aSecondTemplateForACourseIsRefusedWithAClearMessage() {
        String course = "course-v1:" + AdminTestData.unique("Dup") + "+D1+2026";
        Map<String, String> form = Map.of("courseKey", course, "templateId", "plain-template", "emissionType", "pok",
                "action", "save");
        HttpResponse<String> first = console.postForm("/admin/course-templates/new", "/admin/course-templates", form);
        assertThat(first.statusCode()).isEqualTo(302);
        // The saved template's page names its course, in the heading and the browser tab.
        long id = context.getBean(com.openedxpok.coursetemplate.CourseTemplateRepository.class)
                .findByCourse(com.openedxpok.kernel.CourseKey.parse(course)).orElseThrow().id();
        String edit = console.get("/admin/course-templates/" + id).body();
        assertThat(edit).contains("id=\"template-course\"").contains(">" + course + "</span>")
                .contains("<title>Course template · " + course + " · openedx-pok</title>");

        HttpResponse<String> second = console.postForm("/admin/course-templates/new", "/admin/course-templates", form);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("Course " + course + " already has a POK template; edit that one instead");
    }

    @Test
    void settingsMaskSecretsAndTestTheConnection() {
        String page = console.get("/admin/settings").body();
        assertThat(page).contains("POK_API_KEY").contains("OPENEDX_WEBHOOK_TOKEN").contains("****")
                .doesNotContain(context.getBean(com.openedxpok.config.ServiceConfig.class).openedx().webhookToken()
                        .reveal());
        HttpResponse<String> tested = console.postForm("/admin/settings", "/admin/settings/test-connection", Map.of());
        assertThat(tested.body()).contains("The API key works").contains("Demo University (simulated)");
    }

    @Test
    void aNewApiTokenIsShownOnceAndWorksUntilRevoked() {
        HttpResponse<String> created = console.postForm("/admin/account", "/admin/account/tokens",
                Map.of("name", "ci"));
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("id=\"new-token-value\">(pok_[A-Za-z0-9_-]+)<")
                .matcher(created.body());
        assertThat(value.find()).isTrue();
        String token = value.group(1);
        String prefix = token.substring(0, 9);
        String account = console.get("/admin/account").body();
        assertThat(account).doesNotContain(token).contains(prefix + "…");

        HttpResponse<String> dashboard = api("/api/v1/dashboard", token);
        assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(200);
        assertThat(dashboard.body()).startsWith("{");
        assertThat(api("/api/v1/dashboard", token + "x").statusCode()).as("another token").isEqualTo(401);

        java.util.regex.Matcher revoke = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(prefix + "…")
                + ".*?action=\"(/admin/account/tokens/\\d+/revoke)\"", java.util.regex.Pattern.DOTALL)
                .matcher(account);
        assertThat(revoke.find()).as("the token's revoke button").isTrue();
        assertThat(console.postForm("/admin/account", revoke.group(1), Map.of()).statusCode()).isEqualTo(302);

        HttpResponse<String> refused = api("/api/v1/dashboard", token);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Unknown or revoked API token");
    }

    /** A GET as an API client does it: the bearer token only, no console session. */
    private HttpResponse<String> api(String path, String token) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
