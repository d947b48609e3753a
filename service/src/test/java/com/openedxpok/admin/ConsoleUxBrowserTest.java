package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.OperatorActionService;
import com.openedxpok.testsupport.Browser;

/**
 * Issue #15, items 5 to 8, as an operator meets them in a real headless Chromium: fixing a certificate held for a
 * missing email, console error pages, the dashboard's totals, and the small things (labels, dashes, wrapping).
 * Screenshots go to {@code target/screenshots/console-*.png}.
 */
@AdminTestApp
class ConsoleUxBrowserTest {

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
        browser = Browser.start(1400, 1000);
        driver = browser.driver();
    }

    @AfterEach
    void tearDown() {
        browser.close();
    }

    @Test
    void aCertificateHeldForAMissingEmailIsFixedFromItsPage() {
        Certificate held = data.certificate(AdminTestData.unique("noemail-"), null, "Ada Lovelace",
                AdminTestData.DEMO_COURSE, CertificateStatus.HELD);
        logIn();
        driver.get(url("/admin/certificates/" + held.id()));
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Held");

        driver.findElement(By.id("action-retry")).click();
        WebElement refused = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                ".flash.error")));
        assertThat(refused.getText()).startsWith("Not retried: it would be held again at once.")
                .contains("No email address is known");
        assertThat(driver.findElements(By.cssSelector(".flash.ok"))).isEmpty();
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Held");
        browser.screenshot("console-held-retry-refused");

        WebElement email = driver.findElement(By.id("learner-email-input"));
        email.sendKeys("ada@example.org");
        driver.findElement(By.id("action-correct-learner")).click();
        waitFor().until(d -> d.findElement(By.cssSelector(".flash.ok")).getText()
                .equals("The learner's email corrected; the certificate is queued again and the worker takes it now."));

        new WebDriverWait(driver, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(500))
                .ignoring(StaleElementReferenceException.class).until(d -> {
            d.navigate().refresh();
            return d.findElement(By.id("status")).getText().equals("Emitted");
        });
        String history = driver.findElement(By.id("history")).getText();
        assertThat(history).contains("operator:admin").contains("learner's email corrected by operator")
                .doesNotContain("ada@example.org");
        assertThat(driver.findElements(By.id("correct-learner"))).as("nothing to correct once sent").isEmpty();
        assertThat(data.reload(held).learner().email()).isEqualTo("ada@example.org");
        browser.screenshot("console-held-fixed-emitted");
    }

    @Test
    void errorsAreConsolePagesAndTheTabHasAnIcon() {
        logIn();
        driver.get(url("/admin/nope"));
        assertThat(driver.findElement(By.id("error-title")).getText()).isEqualTo("Page not found");
        assertThat(driver.findElement(By.cssSelector(".top nav")).getText()).contains("Certificates");
        assertThat(driver.getPageSource()).doesNotContain("\"status\":404");
        browser.screenshot("console-error-404");

        driver.get(url("/admin/certificates/abc"));
        assertThat(driver.findElement(By.id("error-title")).getText()).isEqualTo("Not a valid address");
        assertThat(driver.findElement(By.id("error-status")).getText()).isEqualTo("Error 400");
        browser.screenshot("console-error-400");

        // The icon the layout names is served before login too (the login page shows it).
        String icon = driver.findElement(By.cssSelector("link[rel=icon]")).getAttribute("href");
        Object size = browser.script("var r = new XMLHttpRequest(); r.open('GET', arguments[0], false); r.send();"
                + " return r.status + ' ' + r.getResponseHeader('Content-Type');", icon);
        assertThat(icon).endsWith("/favicon.ico");
        assertThat(size).isEqualTo("200 image/x-icon");
    }

    @Test
    void theDashboardSaysWhereEachEmittedNumberComesFromAndOursAgree() {
        logIn();
        driver.get(url("/admin"));
        long tileBefore = number(By.cssSelector("#count-EMITTED .n"));
        long chartBefore = number(By.id("chart-emitted"));
        String before = driver.findElement(By.id("emitted-reconciled")).getText();

        OperatorActionService actions = context.getBean(OperatorActionService.class);
        Certificate kept = data.certificate(AdminTestData.unique("dash-"), AdminTestData.DEMO_COURSE,
                CertificateStatus.FAILED);
        Certificate revoked = data.certificate(AdminTestData.unique("dash-"), AdminTestData.DEMO_COURSE,
                CertificateStatus.FAILED);
        actions.retryNow(kept.id(), "admin");
        actions.retryNow(revoked.id(), "admin");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                data.reload(kept).status() == CertificateStatus.EMITTED
                        && data.reload(revoked).status() == CertificateStatus.EMITTED);
        actions.revokeLocally(revoked.id(), "test", "admin");

        driver.get(url("/admin"));
        assertThat(number(By.cssSelector("#count-EMITTED .n"))).isEqualTo(tileBefore + 1);
        assertThat(number(By.id("chart-emitted"))).isEqualTo(chartBefore + 2);
        String reconciled = driver.findElement(By.id("emitted-reconciled")).getText();
        // Two more certificates emitted in the chart's days, one of them revoked since, one more Emitted now: the
        // sentence accounts for the difference between the chart and the tile.
        assertThat(counts(reconciled)).isEqualTo(new long[] {counts(before)[0] + 2, counts(before)[1] + 1,
                tileBefore + 1});
        assertThat(driver.findElement(By.id("pok-emitted-note")).getText())
                .startsWith("POK's own count for the organization, all time");
        assertThat(driver.findElement(By.cssSelector("#count-RETRY_WAIT")).getText()).contains("Waiting to retry");
        browser.screenshot("console-dashboard");
    }

    @Test
    void statusesGradesBlanksCourseKeysNavigationAndBulkActionsReadWell() {
        String username = AdminTestData.unique("tidy-");
        Certificate waiting = data.certificate(username, null, "Grace Hopper",
                "course-v1:VeryLongOrganizationNameX+AdvancedCertificateCourse2026+2026_Spring_Term",
                CertificateStatus.RETRY_WAIT);
        logIn();

        // At 1400 px the navigation is one row: every link at the same height.
        java.util.List<WebElement> links = driver.findElements(By.cssSelector(".top nav a"));
        assertThat(links).hasSizeGreaterThan(8);
        assertThat(links.stream().map(a -> a.getLocation().getY()).distinct()).hasSize(1);
        // ... and so is the whole bar, the operator's name and "Log out" included.
        WebElement logout = driver.findElement(By.cssSelector(".top .who button"));
        assertThat(logout.getLocation().getY() + logout.getSize().getHeight())
                .isLessThanOrEqualTo(links.get(0).getLocation().getY() + 40);

        driver.get(url("/admin/certificates/" + waiting.id()));
        assertThat(driver.findElement(By.id("status")).getText()).isEqualTo("Waiting to retry");
        assertThat(driver.findElement(By.id("grade")).getText()).isEqualTo("91%");
        assertThat(driver.findElement(By.id("credential-id")).getText()).isEqualTo("—");
        WebElement key = driver.findElement(By.id("course-key"));
        assertThat(key.getText()).isEqualTo(
                "course-v1:VeryLongOrganizationNameX+AdvancedCertificateCourse2026+2026_Spring_Term");
        assertThat(key.findElements(By.tagName("wbr"))).hasSize(3);
        browser.screenshot("console-certificate-tidy");

        // A narrow window: the key breaks only after ':' and '+', never inside a part.
        browser.resize(560, 900);
        driver.navigate().refresh();
        String lines = (String) browser.script("var r = document.createRange(); var el = document.getElementById("
                + "'course-key'); var out = []; var last = null; el.childNodes.forEach(function (n) { if (n.nodeType"
                + " !== 3) return; r.selectNodeContents(n); var rects = r.getClientRects(); for (var i = 0; i <"
                + " rects.length; i++) { if (last !== null && rects[i].top !== last) out.push('|'); last ="
                + " rects[i].top; } out.push(n.textContent); }); return out.join('');");
        assertThat(lines).contains("|").doesNotContain("||");
        assertThat(lines.split("\\|")).allSatisfy(line -> assertThat(line).matches("(.*[:+])?[^:+]*"));
        assertThat(lines.replace("|", "")).isEqualTo(
                "course-v1:VeryLongOrganizationNameX+AdvancedCertificateCourse2026+2026_Spring_Term");
        browser.screenshot("console-certificate-narrow");
        browser.resize(1400, 1000);

        driver.get(url("/admin/certificates?q=" + username));
        assertThat(driver.findElement(By.cssSelector("#results tbody tr")).getText()).contains("Waiting to retry")
                .contains("—");
        assertThat(driver.findElements(By.id("bulk-RETRY_FAILED"))).as("nothing Failed in this filter").isEmpty();
        assertThat(driver.findElement(By.id("bulk-none-RETRY_FAILED")).getText())
                .isEqualTo("Retry all failed: nothing to do, no Failed certificate in this filter.");
        assertThat(new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("status"))).getOptions())
                .extracting(WebElement::getText).contains("Waiting to retry", "Held");
        browser.screenshot("console-certificates-no-bulk");
    }

    /** Certificates emitted in the chart's days, of them no longer emitted, Emitted now: read from the sentence. */
    private static long[] counts(String sentence) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+) certificate\\(s\\) emitted in these 30 days"
                + "(?: \\(\\d+ emissions[^)]*\\))?(?:; (\\d+) of them revoked or being issued again since)?\\. "
                + "(\\d+) certificate\\(s\\) are Emitted now").matcher(sentence);
        assertThat(m.find()).as(sentence).isTrue();
        return new long[] {Long.parseLong(m.group(1)), m.group(2) == null ? 0 : Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3))};
    }

    private long number(By by) {
        return Long.parseLong(driver.findElement(by).getText().strip());
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
