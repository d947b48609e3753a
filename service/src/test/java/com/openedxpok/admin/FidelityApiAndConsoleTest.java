package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.reissue.NeedsReissueList;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.simulator.SimulatedCredential;
import com.openedxpok.testsupport.Browser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The #16 fidelity choices an operator makes, on the demo simulator: a course template's grade written as the
 * original plugin wrote it ({@code 87}), through the REST API and the console's form; the "needs re-issue" list
 * through the REST API and in headless Chromium (screenshot {@code target/screenshots/needs-reissue.png}).
 */
@AdminTestApp
class FidelityApiAndConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JsonMapper json;

    @Autowired
    PokSimulator simulator;

    @Autowired
    NeedsReissueList needsReissue;

    AdminTestData data;
    String token;
    Browser browser;

    @BeforeEach
    void setUp() {
        data = new AdminTestData(context);
        token = data.token(data.admin());
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aGradeMappedAsANumberReachesPokWithoutThePercentSign() throws Exception {
        String course = "course-v1:" + AdminTestData.unique("Num") + "+G1+2026";
        Certificate held = data.certificate(AdminTestData.unique("num"), course, CertificateStatus.HELD);
        String body = "{\"courseKey\": \"" + course + "\", \"templateId\": \"demo-template\", \"emissionType\": \"pok\","
                + " \"titleOverride\": \"Numbers\", \"parameters\": [{\"parameterId\": \"grade\", \"source\": \"grade\","
                + " \"gradeFormat\": \"number\"}, {\"parameterId\": \"platform\", \"source\": \"constant\","
                + " \"constantValue\": \"Acme\"}]}";

        JsonNode created = send("POST", "/api/v1/course-templates", body, 201);

        assertThat(created.get("template").get("parameters").get(0).get("gradeFormat").asString()).isEqualTo("number");
        assertThat(created.get("template").get("parameters").get(1).get("gradeFormat").asString()).isEqualTo("percent");
        await().atMost(Duration.ofSeconds(30)).until(() -> data.reload(held).status() == CertificateStatus.EMITTED);
        SimulatedCredential credential = simulator.credentialsCreatedFor(String.valueOf(held.learner().userId()))
                .get(0);
        assertThat(credential.customParameters()).containsEntry("grade", "91");
        assertThat(send("POST", "/api/v1/course-templates", body.replace("\"number\"", "\"fraction\"")
                .replace(course, course + "x"), 400).get("error").asString())
                .isEqualTo("gradeFormat is percent (87%) or number (87), not 'fraction'");
    }

    @Test
    void theNeedsReissueListThroughTheApi() throws Exception {
        Certificate c = emitted("api", "Ana Api", EmissionType.POK);
        needsReissue.reported(c, changedName(c, "Ana Api Nueva"), "event: certificate changed");

        JsonNode list = send("GET", "/api/v1/needs-reissue", null, 200);
        JsonNode mine = null;
        for (JsonNode item : list) {
            if (item.get("certificateId").asLong() == c.id()) {
                mine = item;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("changed").asString()).isEqualTo("name");
        assertThat(mine.get("newName").asString()).isEqualTo("Ana Api Nueva");
        assertThat(mine.get("newEmail").isNull()).isTrue();
        assertThat(mine.get("emissionType").asString()).isEqualTo("pok");

        send("POST", "/api/v1/needs-reissue/" + c.id() + "/reissue", null, 202);

        assertThat(data.reload(c).learner().name()).isEqualTo("Ana Api Nueva");
        assertThat(send("POST", "/api/v1/needs-reissue/" + c.id() + "/dismiss", null, 409).get("error").asString())
                .contains("not on the 'needs re-issue' list");
    }

    @Test
    void reissuingNeedsAnOperatorAndTheConsolesCsrfToken() throws Exception {
        Certificate c = emitted("sec", "Ana Sec", EmissionType.POK);
        needsReissue.reported(c, changedName(c, "Ana Sec Nueva"), "event: certificate changed");

        new ApiCalls(port, "not-a-token", json).send("POST", "/api/v1/needs-reissue/" + c.id() + "/reissue", null,
                401);
        ConsoleSession console = ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD);
        assertThat(console.postWithoutCsrf("/admin/needs-reissue/" + c.id() + "/reissue", java.util.Map.of())
                .statusCode()).isEqualTo(403);

        assertThat(data.reload(c).status()).isEqualTo(CertificateStatus.EMITTED);
        assertThat(needsReissue.pending()).extracting(i -> i.certificate().id()).contains(c.id());
    }

    @Test
    void anOperatorSeesTheNeedsReissueListAndReissuesWithOneClick() {
        Certificate renamed = emitted("brwname", "Grace Hopper", EmissionType.POK);
        Certificate moved = emitted("brwmail", "Alan Turing", EmissionType.BLOCKCHAIN);
        needsReissue.reported(renamed, changedName(renamed, "Grace Brewster Murray Hopper"),
                "creation webfilter (batch)");
        needsReissue.reported(moved, new Learner(moved.learner().userId(), moved.learner().username(),
                moved.learner().name(), "alan.turing@bletchley.example", null, null, null),
                "event: certificate changed");

        browser = Browser.start();
        WebDriver driver = browser.driver();
        String base = "http://localhost:" + port;
        ConsoleBrowserSteps.logIn(driver, base);
        driver.findElement(By.linkText("Needs re-issue")).click();
        ConsoleBrowserSteps.waitFor(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("reissue-list")));
        String row = driver.findElement(By.id("reissue-" + renamed.id())).getText();
        assertThat(row).contains("Grace Hopper").contains("Grace Brewster Murray Hopper").contains("name");
        assertThat(driver.findElement(By.id("reissue-" + moved.id())).getText())
                .contains("alan.turing@bletchley.example").contains("blockchain").contains("email");
        browser.screenshot("needs-reissue");

        driver.findElement(By.cssSelector("#reissue-" + renamed.id() + " button.reissue")).click();

        ConsoleBrowserSteps.waitFor(driver).until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("main"), "queued for a new credential"));
        assertThat(driver.findElements(By.id("reissue-" + renamed.id()))).isEmpty();
        assertThat(driver.findElements(By.id("reissue-" + moved.id()))).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> data.reload(renamed).status() == CertificateStatus.EMITTED
                && !"cred-brwname".equals(data.reload(renamed).pok().credentialId()));
        assertThat(data.reload(renamed).learner().name()).isEqualTo("Grace Brewster Murray Hopper");
    }

    private Certificate emitted(String prefix, String name, EmissionType type) {
        String username = AdminTestData.unique(prefix);
        Certificate c = data.certificate(username, username + "@example.org", name, AdminTestData.DEMO_COURSE,
                CertificateStatus.EMITTED);
        return data.withPok(c, "cred-" + prefix, "emitted", type);
    }

    private static Learner changedName(Certificate c, String name) {
        return new Learner(c.learner().userId(), c.learner().username(), name, c.learner().email(), null, null, null);
    }

    private JsonNode send(String method, String path, String body, int status) throws Exception {
        return new ApiCalls(port, token, json).send(method, path, body, status);
    }
}
