package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.openedxpok.testsupport.Browser;

/** An operator without Open edX API access backfills from a CSV file, in headless Chromium. */
@AdminTestApp
class BackfillConsoleBrowserTest {

    @LocalServerPort
    int port;

    @TempDir
    Path files;

    Browser browser;
    WebDriver driver;

    @BeforeEach
    void setUp() {
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterEach
    void tearDown() {
        browser.close();
    }

    @Test
    void importsACsvFileAndReadsTheReport() throws Exception {
        String good = AdminTestData.unique("brw");
        Path csv = files.resolve("learners.csv");
        Files.writeString(csv, "user_id,username,email,full_name,course_key\n"
                + "6" + Math.abs(good.hashCode() % 1_000_000) + "," + good + "," + good + "@example.org,Ana Browser,"
                + AdminTestData.DEMO_COURSE + "\n"
                + "x,nobody,nobody@example.org,No Body," + AdminTestData.DEMO_COURSE + "\n", StandardCharsets.UTF_8);

        driver.get(url("/admin/login"));
        driver.findElement(By.id("username")).sendKeys(AdminTestData.ADMIN);
        driver.findElement(By.id("password")).sendKeys(AdminTestData.ADMIN_PASSWORD);
        driver.findElement(By.id("login")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.className("top")));
        driver.findElement(By.linkText("Backfill")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("api-unavailable")));

        driver.findElement(By.cssSelector("#csv input[type=file]")).sendKeys(csv.toAbsolutePath().toString());
        driver.findElement(By.cssSelector("#csv button[type=submit]")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("csv-report")));
        assertThat(driver.getCurrentUrl()).endsWith("/admin/backfill#csv-report").doesNotContain("_csrf");
        // In view without scrolling: the page opens at the report.
        assertThat((Boolean) browser.script("const r = document.getElementById('csv-report').getBoundingClientRect();"
                + "return r.top >= 0 && r.top < window.innerHeight;")).isTrue();

        assertThat(driver.findElement(By.id("csv-rows")).getText()).isEqualTo("2");
        assertThat(driver.findElement(By.id("csv-queued")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.id("csv-errors")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.cssSelector("#csv-report tbody td")).getText()).isEqualTo("3");
        browser.screenshot("backfill-csv");
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
