package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import com.openedxpok.operator.OperatorRole;
import com.openedxpok.testsupport.LogCapture;

/**
 * Issue #15 item 6: a console error is a console page with the navigation (404, 400, 403, 405, and 500 with a
 * reference id that is also in the log line), while {@code /api/v1/**} keeps answering JSON.
 */
@AdminTestApp
class ConsoleErrorPagesTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void consoleErrorsAreConsolePages() {
        ConsoleSession admin = ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD);

        HttpResponse<String> missing = admin.get("/admin/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(missing.body()).contains("<h1 id=\"error-title\">Page not found</h1>").contains("class=\"top\"")
                .contains("There is no console page at /admin/nope.");

        HttpResponse<String> notANumber = admin.get("/admin/certificates/abc");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(notANumber.body()).contains("Not a valid address").contains("a certificate id must be a number");

        HttpResponse<String> noSuch = admin.get("/admin/certificates/987654321");
        assertThat(noSuch.statusCode()).isEqualTo(404);
        assertThat(noSuch.body()).contains("No certificate 987654321").contains("class=\"top\"");

        HttpResponse<String> wrongMethod = admin.get("/admin/certificates/1/retry");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("This address does not take a GET request.");
    }

    @Test
    void anOperatorWithoutTheAdministratorRoleGetsAPageNotJson() {
        String name = AdminTestData.unique("op-");
        new AdminTestData(context).operator(name, "operator-password-1", OperatorRole.OPERATOR);
        ConsoleSession operator = ConsoleSession.loggedIn(port, name, "operator-password-1");

        HttpResponse<String> refused = operator.getPage("/admin/operators");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(refused.body()).contains("Not allowed").contains("Your operator role does not allow");
    }

    @Test
    void theApiKeepsAnsweringJson() throws Exception {
        String token = new AdminTestData(context).token(new AdminTestData(context).admin());
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/certificates/abc"))
                        .header("Authorization", "Bearer " + token).header("Accept", "text/html,*/*").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("{\"error\":\"Parameter 'id' has a wrong value\"}");
    }

    @Test
    void aFailureShowsAReferenceThatIsAlsoInTheLogLine() {
        HandlerExceptionResolver resolver = context.getBeansOfType(HandlerExceptionResolver.class).values().stream()
                .filter(r -> r.getClass().getSimpleName().equals("ConsoleErrors")).findFirst().orElseThrow();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin/certificates");
        LogCapture log = new LogCapture();
        log.start();
        ModelAndView page;
        try {
            page = resolver.resolveException(request, new MockHttpServletResponse(), null,
                    new IllegalStateException("database went away (test)"));
        } finally {
            log.stop();
        }
        assertThat(page.getViewName()).isEqualTo("admin/error");
        assertThat(page.getStatus().value()).isEqualTo(500);
        String shown = page.getModel().get("failure").toString();
        Matcher reference = Pattern.compile("reference=([0-9a-f]{10})").matcher(shown);
        assertThat(reference.find()).as(shown).isTrue();
        assertThat(log.events()).anySatisfy(e -> {
            assertThat(e.getLevel().toString()).isEqualTo("ERROR");
            assertThat(e.getFormattedMessage()).isEqualTo("Console error " + reference.group(1)
                    + " on GET /admin/certificates");
            assertThat(e.getThrowableProxy().getMessage()).isEqualTo("database went away (test)");
        });
        // The exception's message is for the log, not for the page.
        assertThat(shown).doesNotContain("database went away");

        // Outside the console the resolver stands aside (the API and Open edX endpoints answer in their own way).
        assertThat(resolver.resolveException(new MockHttpServletRequest("GET", "/api/v1/certificates"),
                new MockHttpServletResponse(), null, new IllegalStateException("x"))).isNull();
    }
}
