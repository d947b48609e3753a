package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.testsupport.Browser;

/**
 * The console in a real headless Chromium, as an operator uses it: log in, create a course template with a preview,
 * find a learner's certificate and retry it, run a bulk retry and watch its progress reach 100%. Screenshots go to
 * {@code target/screenshots/}.
 */
@AdminTestApp
class AdminConsoleBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    AdminTestData data;
    Browser browser;
    WebDriver driver;

    @BeforeEach
    void setUp() {
        data = new AdminTestData(context);
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterEach
    void tearDown() {
        browser.close();
    }

    @Test
    void logsInAndSeesTheDashboard() {
        driver.get(url("/admin"));
        assertThat(driver.getCurrentUrl()).endsWith("/admin/login");
        browser.screenshot("admin-login");

        logIn();

        assertThat(driver.findElement(By.className("demo-badge")).getText()).isEqualTo("DEMO — simulated POK");
        assertThat(driver.findElement(By.id("api-key-state")).getText()).isEqualTo("works");
        assertThat(driver.findElements(By.cssSelector("svg.chart rect"))).hasSize(60);
        browser.screenshot("admin-dashboard");
    }

    @Test
    void createsACourseTemplateWithAPreview() {
        String course = "course-v1:" + AdminTestData.unique("Web") + "+W1+2026";
        logIn();
        driver.get(url("/admin/course-templates"));
        driver.findElement(By.id("new-template")).click();

        driver.findElement(By.id("courseKey")).sendKeys(course);
        new Select(driver.findElement(By.id("templateId"))).selectByValue("demo-template");
        // htmx loads the template's custom parameters into the form.
        WebElement platform = waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("select[name='parameters[1].source']")));
        assertThat(driver.findElement(By.cssSelector("input[name='parameters[1].parameterId']")).getAttribute("value"))
                .isEqualTo("platform");
        new Select(platform).selectByValue("constant");
        driver.findElement(By.id("parameters1.constantValue")).sendKeys("Browser Academy");
        driver.findElement(By.id("titleOverride")).sendKeys("Web <b>course</b>");

        driver.findElement(By.id("preview-button")).click();
        WebElement image = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("preview-image")));
        waitFor().until(d -> (Boolean) browser.script("return arguments[0].complete && arguments[0].naturalWidth > 0;",
                image));
        assertThat(image.getAttribute("src")).contains("/previews/").endsWith(".png");
        browser.screenshot("admin-course-template-preview");

        driver.findElement(By.id("save")).click();
        waitFor().until(ExpectedConditions.urlMatches(".*/admin/course-templates$"));
        assertThat(driver.findElement(By.className("flash")).getText()).contains("Created the course template of "
                + course);
        assertThat(driver.findElement(By.id("templates")).getText()).contains(course).contains("Web <b>course</b>");
        browser.screenshot("admin-course-templates");

        CourseTemplate saved = context.getBean(CourseTemplateRepository.class).findByCourse(CourseKey.parse(course))
                .orElseThrow();
        assertThat(saved.templateId()).isEqualTo("demo-template");
        assertThat(saved.parameters()).anySatisfy(p -> {
            assertThat(p.parameterId()).isEqualTo("platform");
            assertThat(p.source()).isEqualTo(ParameterSource.CONSTANT);
            assertThat(p.constantValue()).isEqualTo("Browser Academy");
        });
    }

    @Test
    void findsALearnersCertificateAndRetriesIt() {
        String username = AdminTestData.unique("learner-");
        Certificate failed = data.certificate(username, username + "@example.org", "Ada Learner",
                AdminTestData.DEMO_COURSE, CertificateStatus.FAILED);
        data.certificate(AdminTestData.unique("other-"), AdminTestData.DEMO_COURSE, CertificateStatus.FAILED);
        logIn();

        driver.get(url("/admin/certificates"));
        driver.findElement(By.id("q")).sendKeys(username.substring(0, username.length() - 2));
        driver.findElement(By.id("search")).click();
        // The rows of the page before the search are there too until the browser has loaded the new one.
        waitFor().until(ExpectedConditions.urlContains("q="));
        List<WebElement> rows = waitFor().until(ExpectedConditions.presenceOfAllElementsLocatedBy(
                By.cssSelector("#results tbody tr")));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains(username).contains("Failed");
        browser.screenshot("admin-certificates-search");

        rows.get(0).findElement(By.linkText(String.valueOf(failed.id()))).click();
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Failed");
        browser.screenshot("admin-certificate-failed");

        driver.findElement(By.id("action-retry")).click();
        waitFor().until(d -> !d.findElement(By.id("status")).getText().equals("Failed"));
        assertThat(driver.findElement(By.className("flash")).getText()).contains("Retry requested");

        new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(500))
                .ignoring(StaleElementReferenceException.class).until(d -> {
            d.navigate().refresh();
            return d.findElement(By.id("status")).getText().equals("Emitted");
        });
        assertThat(driver.findElement(By.id("history")).getText()).contains("operator:admin").contains("EMITTED");
        browser.screenshot("admin-certificate-emitted");
    }

    @Test
    void runsABulkRetryAndWatchesTheProgressReachOneHundredPercent() throws Exception {
        String prefix = AdminTestData.unique("bulkweb-");
        List<Certificate> failed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            failed.add(data.certificate(prefix + i, AdminTestData.DEMO_COURSE, CertificateStatus.FAILED));
        }
        logIn();
        driver.get(url("/admin/certificates?status=FAILED&q=" + prefix));
        assertThat(driver.findElements(By.cssSelector("#results tbody tr"))).hasSize(20);
        browser.screenshot("admin-certificates-failed-filter");

        // Hold the first certificate's row, so that the job is still running when its page is shown and the
        // progress bar can only reach 100% by polling.
        try (Connection lock = context.getBean(DataSource.class).getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement(
                    "SELECT id FROM pok_certificate WHERE id = ? FOR UPDATE")) {
                select.setLong(1, failed.get(0).id());
                select.executeQuery().close();
            }
            driver.findElement(By.id("bulk-RETRY_FAILED")).click();
            waitFor().until(ExpectedConditions.urlMatches(".*/admin/jobs/\\d+$"));
            assertThat(driver.findElement(By.id("percent")).getText()).isNotEqualTo("100%");
            assertThat(driver.findElement(By.id("progress")).getAttribute("hx-get")).endsWith("/progress");
            browser.script("document.getElementById('progress').setAttribute('data-first-render', 'yes');");
            browser.screenshot("admin-bulk-job-running");
            lock.rollback();
        }

        // htmx replaces the element every second: an element found just before a swap goes stale.
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class).until(
                d -> d.findElement(By.id("percent")).getText().equals("100%"));
        WebElement progress = driver.findElement(By.id("progress"));
        assertThat(progress.getAttribute("data-first-render")).as("replaced by htmx polling").isNull();
        assertThat(progress.getAttribute("hx-get")).isNull();
        assertThat(driver.findElement(By.tagName("progress")).getAttribute("value")).isEqualTo("100");
        assertThat(driver.findElement(By.id("done")).getText()).isEqualTo("20");
        assertThat(driver.findElement(By.id("job-finished")).isDisplayed()).isTrue();
        browser.screenshot("admin-bulk-job-done");
        assertThat(failed).allSatisfy(c -> assertThat(data.reload(c).status()).isNotEqualTo(CertificateStatus.FAILED));
    }

    private void logIn() {
        ConsoleBrowserSteps.logIn(driver, url(""));
    }

    private WebDriverWait waitFor() {
        return ConsoleBrowserSteps.waitFor(driver);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
