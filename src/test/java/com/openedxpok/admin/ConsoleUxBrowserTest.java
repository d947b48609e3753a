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

import com.openedxpok.issuance.Certificate;
import com.openedxpok.issuance.CertificateStatus;
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

    private void logIn() {
        driver.get(url("/admin/login"));
        driver.findElement(By.id("username")).sendKeys(AdminTestData.ADMIN);
        driver.findElement(By.id("password")).sendKeys(AdminTestData.ADMIN_PASSWORD);
        driver.findElement(By.id("login")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.className("top")));
    }

    private WebDriverWait waitFor() {
        return (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
