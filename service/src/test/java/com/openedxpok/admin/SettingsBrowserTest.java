package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.testsupport.Browser;

/**
 * The Settings page in a real headless Chromium: the URLs for Open edX with the token masked, "Copy" putting the real
 * URL on the clipboard (through the page's script file, under the console's CSP), and "Check from Open edX".
 */
@AdminTestApp
class SettingsBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Browser browser;
    WebDriver driver;

    @BeforeEach
    void setUp() {
        browser = Browser.start(1400, 1800);
        driver = browser.driver();
    }

    @AfterEach
    void tearDown() {
        browser.close();
    }

    @Test
    void copiesTheRealUrlAndChecksFromOpenedx() {
        String token = context.getBean(ServiceConfig.class).openedx().webhookToken().reveal();
        logIn();
        // The clipboard is the browser's: let this page read it back, as a person would by pasting.
        ((ChromeDriver) driver).executeCdpCommand("Browser.grantPermissions", Map.of("origin",
                "http://localhost:" + port, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        driver.get(url("/admin/settings"));

        String masked = driver.findElement(By.cssSelector("#webhook-creation code.url")).getText();
        assertThat(masked).isEqualTo(url("/openedx/webfilters/certificate-creation-requested?token=****"));
        assertThat(driver.getPageSource()).doesNotContain(token);
        assertThat(driver.findElement(By.id("section-database")).getText()).contains("DATABASE_URL", "jdbc:h2:mem:",
                "H2 (embedded)", "DATABASE_POOL_SIZE");
        browser.screenshot("settings-page");

        driver.findElement(By.id("copy-events")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#webhook-events .copy-status"), "Copied"));
        Object pasted = ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "navigator.clipboard.readText().then(done, function (e) { done('error: ' + e); });");
        assertThat(pasted).isEqualTo(url("/openedx/webhooks/events?token=" + token));
        // Copying never writes the token into the page.
        assertThat(driver.getPageSource()).doesNotContain(token);
        browser.screenshot("settings-copied");

        driver.findElement(By.id("check-openedx")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("check-result")));
        String result = driver.findElement(By.id("check-result")).getText();
        assertThat(driver.findElement(By.id("check-verdict")).getText())
                .isEqualTo("Open edX would reach the service and understand its answers.");
        assertThat(driver.findElement(By.id("check-target-note")).getText())
                .isEqualTo("the local port " + port + " (PUBLIC_URL is not set)");
        assertThat(result).contains("Events webhook (a ping event)", "Delivered",
                "Render webfilter (a learner without certificate)", "Open edX renders its own certificate page");
        assertThat(driver.getPageSource()).doesNotContain(token);
        browser.script("arguments[0].scrollIntoView()", driver.findElement(By.id("webhook-urls")));
        browser.screenshot("settings-check-from-openedx");
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
