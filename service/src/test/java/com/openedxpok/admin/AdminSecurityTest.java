package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.openedxpok.operator.ApiTokenService;
import com.openedxpok.operator.OperatorPrincipal;
import com.openedxpok.operator.OperatorRole;
import com.openedxpok.operator.OperatorService;

/** Who gets in where: sessions, CSRF, lockout, API tokens. */
@AdminTestApp
class AdminSecurityTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    AdminTestData data;

    @BeforeEach
    void setUp() {
        data = new AdminTestData(context);
    }

    @Test
    void withoutASessionEveryConsolePageRedirectsToTheLoginPage() {
        ConsoleSession anonymous = new ConsoleSession(port);
        for (String page : new String[] {"/admin", "/admin/certificates", "/admin/course-templates", "/admin/settings",
                "/admin/api-docs", "/admin/account"}) {
            HttpResponse<String> answer = anonymous.get(page);
            assertThat(answer.statusCode()).as(page).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).as(page).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/admin/login"));
        }
        assertThat(anonymous.get("/admin/login").statusCode()).isEqualTo(200);
    }

    @Test
    void theApiAnswers401AsJsonWithoutAValidToken() throws Exception {
        HttpResponse<String> none = api("/api/v1/certificates", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(none.body()).contains("\"error\"").contains("API token");

        assertThat(api("/api/v1/certificates", "pok_notARealTokenAtAll").statusCode()).isEqualTo(401);
        assertThat(apiWithHeader("/api/v1/certificates", "Basic YWRtaW46YWRtaW4=").statusCode()).isEqualTo(401);

        String token = data.token(data.admin());
        assertThat(api("/api/v1/certificates", token).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenAndTheTokenOfADisabledOperatorStopWorking() throws Exception {
        OperatorPrincipal operator = data.operator(AdminTestData.unique("tok"), "a-long-password-1", OperatorRole.OPERATOR);
        String revoked = data.token(operator);
        String kept = data.token(operator);
        ApiTokenService tokens = context.getBean(ApiTokenService.class);
        long revokedId = tokens.visibleTo(operator).stream().filter(t -> revoked.startsWith(t.prefix()))
                .findFirst().orElseThrow().id();
        tokens.revoke(operator, revokedId);

        assertThat(api("/api/v1/dashboard", revoked).statusCode()).isEqualTo(401);
        assertThat(api("/api/v1/dashboard", kept).statusCode()).isEqualTo(200);

        context.getBean(OperatorService.class).setEnabled(AdminTestData.ADMIN, operator.username(), false);
        assertThat(api("/api/v1/dashboard", kept).statusCode()).isEqualTo(401);
    }

    @Test
    void tokensAreStoredAsSha256OnlyAndOperatorsCannotManageOperators() throws Exception {
        OperatorPrincipal operator = data.operator(AdminTestData.unique("op"), "a-long-password-2", OperatorRole.OPERATOR);
        String token = data.token(operator);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_token WHERE token_hash = :value").param("value", token)
                .query(Long.class).single()).isZero();
        String hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(jdbc.sql("SELECT prefix FROM api_token WHERE token_hash = :hash").param("hash", hex)
                .query(String.class).single()).isEqualTo(token.substring(0, 9));

        assertThat(api("/api/v1/certificates", token).statusCode()).isEqualTo(200);
        assertThat(api("/api/v1/operators", token).statusCode()).isEqualTo(403);
        assertThat(api("/api/v1/operators", data.token(data.admin())).statusCode()).isEqualTo(200);
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        String name = AdminTestData.unique("hash");
        data.operator(name, "correct horse battery", OperatorRole.OPERATOR);
        String hash = jdbc.sql("SELECT password_hash FROM operator_account WHERE username = :u").param("u", name)
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("correct horse");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedWith403() {
        var certificate = data.certificate(AdminTestData.unique("csrf"), AdminTestData.DEMO_COURSE,
                com.openedxpok.certificate.CertificateStatus.FAILED);
        ConsoleSession admin = ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD);

        HttpResponse<String> answer = admin.postWithoutCsrf("/admin/certificates/" + certificate.id() + "/retry",
                Map.of());

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(data.reload(certificate).status()).isEqualTo(com.openedxpok.certificate.CertificateStatus.FAILED);
        // The same form with its token works.
        HttpResponse<String> withToken = admin.postForm("/admin/certificates/" + certificate.id(),
                "/admin/certificates/" + certificate.id() + "/retry", Map.of());
        assertThat(withToken.statusCode()).isEqualTo(302);
        assertThat(data.reload(certificate).status()).isNotEqualTo(com.openedxpok.certificate.CertificateStatus.FAILED);
    }

    @Test
    void fiveWrongPasswordsLockTheUsernameEvenForTheRightPassword() {
        String name = AdminTestData.unique("lock");
        data.operator(name, "the-right-password", OperatorRole.OPERATOR);
        ConsoleSession browser = new ConsoleSession(port);
        for (int i = 0; i < 4; i++) {
            assertThat(location(browser.login(name, "wrong-" + i))).endsWith("/admin/login?error");
        }
        assertThat(location(browser.login(name, "wrong-4"))).endsWith("/admin/login?error");

        assertThat(location(browser.login(name, "the-right-password"))).endsWith("/admin/login?locked");
        assertThat(browser.get("/admin/login?locked").body()).contains("locked");
        assertThat(jdbc.sql("SELECT locked_until FROM operator_account WHERE username = :u").param("u", name)
                .query(java.time.LocalDateTime.class).single()).isNotNull();
        // Other operators are not affected.
        assertThat(location(new ConsoleSession(port).login(AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD)))
                .endsWith("/admin");
    }

    @Test
    void anUnknownUsernameIsLockedAlikeSoTheLoginPageDoesNotTellWhichNamesExist() {
        String nobody = AdminTestData.unique("nobody");
        ConsoleSession browser = new ConsoleSession(port);
        for (int i = 0; i < 5; i++) {
            assertThat(location(browser.login(nobody, "guess-" + i))).endsWith("/admin/login?error");
        }
        assertThat(location(browser.login(nobody, "guess-6"))).endsWith("/admin/login?locked");
    }

    @Test
    void aDisabledOperatorCannotLogInAndLosesTheOpenSession() {
        String name = AdminTestData.unique("gone");
        data.operator(name, "a-long-password-3", OperatorRole.OPERATOR);
        ConsoleSession session = ConsoleSession.loggedIn(port, name, "a-long-password-3");
        assertThat(session.get("/admin/certificates").statusCode()).isEqualTo(200);

        context.getBean(OperatorService.class).setEnabled(AdminTestData.ADMIN, name, false);

        assertThat(location(session.get("/admin/certificates"))).endsWith("/admin/login?disabled");
        assertThat(location(new ConsoleSession(port).login(name, "a-long-password-3"))).endsWith("/admin/login?disabled");
        assertThat(location(new ConsoleSession(port).login(name, "not-the-password"))).endsWith("/admin/login?error");
    }

    @Test
    void onlyAdministratorsReachTheOperatorsPage() {
        String name = AdminTestData.unique("plain");
        data.operator(name, "a-long-password-4", OperatorRole.OPERATOR);
        assertThat(ConsoleSession.loggedIn(port, name, "a-long-password-4").get("/admin/operators").statusCode())
                .isEqualTo(403);
        assertThat(ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD)
                .get("/admin/operators").statusCode()).isEqualTo(200);
    }

    @Test
    void theOpenApiDescriptionIsPublicAndSwaggerUiIsBehindTheLogin() throws Exception {
        HttpResponse<String> openapi = api("/api/v1/openapi.json", null);
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("\"/api/v1/certificates\"").contains("bearer")
                .doesNotContain("/admin/certificates");

        ConsoleSession admin = ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD);
        HttpResponse<String> ui = admin.get("/admin/api-docs");
        assertThat(ui.statusCode()).isEqualTo(302);
        assertThat(admin.get(URI.create(location(ui)).getRawPath()).statusCode()).isEqualTo(200);
    }

    @Test
    void theConsoleSessionTimesOutAfterThirtyMinutesByDefault() {
        var servletContext = ((ServletWebServerApplicationContext) context).getServletContext();
        assertThat(servletContext.getSessionTimeout()).isEqualTo(30);
    }

    private static String location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").orElse("(no redirect: " + answer.statusCode() + ")");
    }

    private HttpResponse<String> api(String path, String token) throws Exception {
        return apiWithHeader(path, token == null ? null : "Bearer " + token);
    }

    private HttpResponse<String> apiWithHeader(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
