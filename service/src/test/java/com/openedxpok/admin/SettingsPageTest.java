package com.openedxpok.admin;

import com.openedxpok.audit.AuditRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.operator.OperatorRole;
import com.openedxpok.simulator.PokSimulator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Settings page and API as the configuration in effect: every group of settings, the three URLs for Open edX
 * with the token masked, the copy endpoint that hands out the real URL to administrators only, and "check from Open
 * edX" against a PUBLIC_URL nothing listens on (so the check falls back to the local port and says so). Every
 * secret is set to a recognisable value and must appear nowhere in what the page or the API answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pok.api-key=", "pok.simulator-emit-delay=200ms",
        "openedx.webhook-token=" + SettingsPageTest.WEBHOOK_TOKEN,
        "spring.datasource.password=" + SettingsPageTest.DB_PASSWORD,
        "lms.url=http://127.0.0.1:9/", "openedx.client-id=settings-test-client",
        "openedx.client-secret=" + SettingsPageTest.CLIENT_SECRET,
        // Port 9 (discard) is closed here: PUBLIC_URL is unreachable from the service itself.
        "public-url=http://127.0.0.1:9/",
        "pok.render-mode=redirect", "pok.image-max-age=PT3H", "pok.theme-primary-color=#aa3300"})
class SettingsPageTest {

    static final String WEBHOOK_TOKEN = "webhook-token-never-shown-0123";
    static final String DB_PASSWORD = "db-password-never-shown";
    static final String CLIENT_SECRET = "client-secret-never-shown";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JsonMapper json;

    AdminTestData data;
    ConsoleSession console;

    @BeforeEach
    void setUp() {
        data = new AdminTestData(context);
        data.admin();
        console = ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD);
    }

    private List<String> secrets() {
        return List.of(WEBHOOK_TOKEN, DB_PASSWORD, CLIENT_SECRET, AdminTestData.ADMIN_PASSWORD,
                context.getBean(PokSimulator.class).apiKey().reveal());
    }

    @Test
    void thePageShowsTheConfigurationInEffectAndNoSecret() {
        String page = console.get("/admin/settings").body();

        assertThat(page)
                .contains("DATABASE_URL", "jdbc:h2:mem:test-", "H2 (embedded)", "DATABASE_POOL_SIZE", "DATABASE_PASSWORD")
                .contains("LMS_URL", "http://127.0.0.1:9/", "settings-test-client", "OPENEDX_CLIENT_SECRET")
                .contains("POK_RENDER_MODE</th>", ">redirect<", ">3h<", "#aa3300")
                .contains(">PORT<", ">TRUSTED_PROXIES<", ">MANAGEMENT_PORT<",
                        "(not set: the actuator is on the service&#39;s port)")
                .contains("OPENEDX_ALLOWED_NETWORKS", "OPENEDX_TRUSTED_PROXIES")
                .contains("http://127.0.0.1:9/openedx/webfilters/certificate-creation-requested?token=****")
                .contains("http://127.0.0.1:9/openedx/webfilters/certificate-render-started?token=****")
                .contains("http://127.0.0.1:9/openedx/webhooks/events?token=****")
                .contains("id=\"copy-creation\"", "id=\"check-openedx\"");
        assertThat(page).contains("DATABASE_POOL_SIZE</th>\n                <td class=\"mono\">8<");
        secrets().forEach(secret -> assertThat(page).doesNotContain(secret));
    }

    @Test
    void theApiShowsTheSameAndNoSecret() throws Exception {
        String token = data.token(data.admin());
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/settings")).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode settings = json.readTree(answer.body());
        assertThat(settings.path("webhookUrls").findValuesAsString("masked")).containsExactly(
                "http://127.0.0.1:9/openedx/webfilters/certificate-creation-requested?token=****",
                "http://127.0.0.1:9/openedx/webfilters/certificate-render-started?token=****",
                "http://127.0.0.1:9/openedx/webhooks/events?token=****");
        assertThat(settings.path("sections").findValuesAsString("title")).contains("Service", "Database",
                "Certificate page", "Open edX API (LMS)");
        assertThat(answer.body()).contains("\"DATABASE_PASSWORD\",\"value\":\"****\"")
                .contains("\"OPENEDX_CLIENT_SECRET\",\"value\":\"****\"");
        secrets().forEach(secret -> assertThat(answer.body()).doesNotContain(secret));
        // The token the test just made for itself is the only bearer value that may appear: it does not.
        assertThat(answer.body()).doesNotContain(token);
    }

    @Test
    void copyHandsTheRealUrlToAdministratorsOnly() {
        HttpResponse<String> copied = console.postForm("/admin/settings", "/admin/settings/webhook-urls/render",
                Map.of());
        assertThat(copied.statusCode()).isEqualTo(200);
        assertThat(copied.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(copied.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(copied.body()).isEqualTo(
                "http://127.0.0.1:9/openedx/webfilters/certificate-render-started?token=" + WEBHOOK_TOKEN);
        assertThat(context.getBean(AuditRepository.class).recent(0, 20)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("WEBHOOK_URL_COPIED");
            assertThat(entry.target()).isEqualTo("Render webfilter");
        });

        String operator = AdminTestData.unique("viewer");
        data.operator(operator, "operator-password-1", OperatorRole.OPERATOR);
        ConsoleSession viewer = ConsoleSession.loggedIn(port, operator, "operator-password-1");
        String page = viewer.get("/admin/settings").body();
        assertThat(page).contains("?token=****").doesNotContain("id=\"copy-creation\"")
                .contains("only administrators can copy");
        HttpResponse<String> refused = viewer.postForm("/admin/settings", "/admin/settings/webhook-urls/render",
                Map.of());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain(WEBHOOK_TOKEN);
    }

    @Test
    void checkFromOpenedxFallsBackToTheLocalPortAndSaysWhatOpenedxWouldSee() throws Exception {
        HttpResponse<String> checked = console.postForm("/admin/settings", "/admin/settings/check-openedx", Map.of());

        assertThat(checked.statusCode()).isEqualTo(200);
        String page = checked.body();
        assertThat(page).contains("Open edX would reach the service and understand its answers.")
                .contains("PUBLIC_URL http://127.0.0.1:9/ was not reachable from the service itself")
                .contains("Sent to <code>http://127.0.0.1:" + port + "/</code>")
                .contains("POST http://127.0.0.1:" + port + "/openedx/webhooks/events?token=****")
                .contains("Delivered: the token and the address work.")
                .contains("POST http://127.0.0.1:" + port + "/openedx/webfilters/certificate-render-started?token=****")
                .contains("Open edX renders its own certificate page");
        assertThat(page.split("HTTP 200", -1)).hasSize(3);
        secrets().forEach(secret -> assertThat(page).doesNotContain(secret));

        String token = data.token(data.admin());
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/settings/check-openedx"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode check = json.readTree(api.body());
        assertThat(check.path("ok").asBoolean()).isTrue();
        assertThat(check.path("target").asString()).isEqualTo("http://127.0.0.1:" + port + "/");
        assertThat(check.path("calls").findValuesAsString("parsedJson")).containsExactly("{ }", "{ }");
        assertThat(check.path("calls").findValues("status")).extracting(JsonNode::asInt).containsExactly(200, 200);
        secrets().forEach(secret -> assertThat(api.body()).doesNotContain(secret));
    }

    @Test
    void aPasswordInTheJdbcUrlIsMasked() {
        assertThat(SettingsService.withoutPassword("jdbc:h2:file:./data/x;USER=sa;PASSWORD=s3cret;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:./data/x;USER=sa;PASSWORD=****;MODE=PostgreSQL");
        assertThat(SettingsService.withoutPassword("jdbc:postgresql://db:5432/pok?user=pok&password=s3cret&ssl=true"
                + "&sslpassword=k3y")).isEqualTo("jdbc:postgresql://db:5432/pok?user=pok&password=****&ssl=true"
                + "&sslpassword=****");
        assertThat(SettingsService.withoutPassword("jdbc:mysql://pok:s3cret@db:3306/pok"))
                .isEqualTo("jdbc:mysql://pok:****@db:3306/pok");
        assertThat(SettingsService.withoutPassword("jdbc:mariadb://db:3306/pok")).isEqualTo("jdbc:mariadb://db:3306/pok");
    }
}
