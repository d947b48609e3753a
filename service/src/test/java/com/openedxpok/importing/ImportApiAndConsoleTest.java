package com.openedxpok.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.admin.AdminTestApp;
import com.openedxpok.admin.AdminTestData;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.testsupport.Browser;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The import through the REST API and through the console (headless Chromium), in demo mode. */
@AdminTestApp
class ImportApiAndConsoleTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    JsonMapper json;
    @Autowired
    CertificateRepository certificates;
    @TempDir
    Path files;

    static final CourseKey COURSE = CourseKey.parse(AdminTestData.DEMO_COURSE);

    private String export(long userId, String credential) {
        return OpenedxPokImportTest.CERTIFICATES_HEADER + "\n" + OpenedxPokImportTest.ImportOnADatabase.line(1,
                "2023-01-01 10:00:00", "2023-01-01 10:00:00", userId, COURSE, credential, "emitted",
                "https://pok.example/view/" + credential, "2023-01-01 10:00:00", "pok", null, "Demo", "DemoX",
                "[\"Mode:verified\"]", "demo-page", "api" + userId + "@example.org", "Api Learner", "api" + userId,
                "api" + userId + "@example.org")
                + "2\tnot\tenough\n";
    }

    private HttpResponse<String> post(String token, String certificates, boolean dryRun) throws Exception {
        String boundary = "----import" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"certificates\"; "
                + "filename=\"pok-certificates.tsv\"\r\nContent-Type: text/tab-separated-values\r\n\r\n" + certificates
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"dryRun\"\r\n\r\n" + dryRun
                + "\r\n--" + boundary + "--\r\n";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/imports/openedx-pok")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String token, String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    @Test
    void theApiDryRunsThenImportsAndReportsEachLine() throws Exception {
        AdminTestData data = new AdminTestData(context);
        String token = data.token(data.admin());
        long userId = 8_000_000 + Math.abs(System.nanoTime() % 1_000_000);
        String tsv = export(userId, "api-cred-" + userId);

        HttpResponse<String> dry = post(token, tsv, true);
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode dryRun = json.readTree(dry.body());
        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.get("accepted").asInt()).isEqualTo(1);
        assertThat(dryRun.get("lines").get(1).get("detail").asString()).isEqualTo("has 3 fields; the header has 19");
        assertThat(certificates.findByLearnerAndCourse(userId, COURSE)).as("a dry run stores nothing").isEmpty();

        HttpResponse<String> started = post(token, tsv, false);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long id = json.readTree(started.body()).get("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "DONE".equals(get(token, "/api/v1/imports/openedx-pok/" + id).get("job").get("status").asString()));
        JsonNode report = get(token, "/api/v1/imports/openedx-pok/" + id);
        assertThat(report.get("job").get("accepted").asInt()).isEqualTo(1);
        assertThat(report.get("percent").asInt()).isEqualTo(100);
        assertThat(report.get("lines").get(0).get("detail").asString()).contains("taken over as EMITTED");
        assertThat(get(token, "/api/v1/imports/openedx-pok/" + id + "?outcome=skipped").get("lines")).hasSize(1);
        assertThat(certificates.findByLearnerAndCourse(userId, COURSE).orElseThrow().status())
                .isEqualTo(CertificateStatus.EMITTED);

        HttpResponse<String> noFile = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + port + "/api/v1/imports/openedx-pok")).header("Authorization", "Bearer "
                        + token).header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=\"certificates\"; "
                        + "filename=\"a.tsv\"\r\n\r\nuser_id\tcourse_id\n1\tcourse-v1:A+B+C\n\r\n--x--\r\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noFile.body()).get("error").asString()).contains("pok_certificate_id");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/imports/openedx-pok/" + id)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("the API needs a token").isEqualTo(401);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("\"/api/v1/imports/openedx-pok\"").contains("\"/api/v1/imports/openedx-pok/{id}\"")
                .contains("Import from openedx-pok 1.x");
    }

    @Test
    void anOperatorUploadsReadsTheDryRunAndRunsTheImportInTheConsole() throws Exception {
        long userId = 9_000_000 + Math.abs(System.nanoTime() % 1_000_000);
        Path tsv = files.resolve("pok-certificates.tsv");
        Files.writeString(tsv, export(userId, "console-cred-" + userId), StandardCharsets.UTF_8);
        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            String base = "http://localhost:" + port;
            driver.get(base + "/admin/login");
            driver.findElement(By.id("username")).sendKeys(AdminTestData.ADMIN);
            driver.findElement(By.id("password")).sendKeys(AdminTestData.ADMIN_PASSWORD);
            driver.findElement(By.id("login")).click();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.className("top")));
            driver.findElement(By.linkText("Backfill")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("import-link"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("certificates")))
                    .sendKeys(tsv.toAbsolutePath().toString());
            driver.findElement(By.id("upload-button")).click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dry-lines")));
            assertThat(driver.findElement(By.id("dry-accepted")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.id("dry-skipped")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.id("dry-lines")).getText())
                    .contains("to be taken over as EMITTED without an issue call")
                    .contains("has 3 fields; the header has 19");
            browser.screenshot("import-dry-run");
            assertThat(certificates.findByLearnerAndCourse(userId, COURSE)).isEmpty();

            driver.findElement(By.id("run-import")).click();
            wait.until(ExpectedConditions.textToBe(By.id("import-status"), "DONE"));
            driver.navigate().refresh();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("skipped-lines")));
            assertThat(driver.findElement(By.id("import-accepted")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.id("skipped-lines")).getText()).contains("has 3 fields");
            assertThat(driver.findElement(By.id("accepted-lines")).getText()).contains("taken over as EMITTED");
            browser.screenshot("import-report");
        }
        assertThat(certificates.findByLearnerAndCourse(userId, COURSE).orElseThrow().pok().credentialId())
                .isEqualTo("console-cred-" + userId);
    }
}
