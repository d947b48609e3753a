package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.testsupport.Browser;

/**
 * The console's search in a real headless Chromium (issue #15, item 4): what the list shows can be found by any word
 * of it, in any case, with or without accents. Screenshots: {@code target/screenshots/search-*.png}.
 */
@AdminTestApp
class CertificateSearchBrowserTest {

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
    void findsALearnerByFirstNameUpperCaseEmailCourseKeyPartAndUnaccentedName() {
        String ana = AdminTestData.unique("agarcia");
        String grace = AdminTestData.unique("ghopper");
        Certificate anas = data.certificate(ana, "ana@example.org", "Ana María García", AdminTestData.DEMO_COURSE,
                CertificateStatus.EMITTED);
        Certificate graces = data.certificate(grace, grace + "@navy.example", "Grace Brewster Hopper",
                "course-v1:" + AdminTestData.unique("Navy") + "+COBOL+1959", CertificateStatus.FAILED);
        String anastasia = AdminTestData.unique("aivanova");
        String mariana = AdminTestData.unique("msilva");
        String juan = AdminTestData.unique("jperez");
        data.certificate(anastasia, anastasia + "@example.org", "Anastasia Ivanova", "course-v1:"
                + AdminTestData.unique("Uni") + "+RU1+2026", CertificateStatus.HELD);
        data.certificate(mariana, mariana + "@example.org", "Mariana Silva", AdminTestData.DEMO_COURSE,
                CertificateStatus.EMITTED);
        Certificate juans = data.certificate(juan, juan + "@example.org", "Juan Pérez", AdminTestData.DEMO_COURSE,
                CertificateStatus.QUEUED);
        logIn();

        List<String> rows = search("Ana");
        assertThat(rows).anySatisfy(r -> assertThat(r).contains(ana).contains("Ana María García"));
        // The start of a word: "Anastasia" too, but not "Mariana".
        assertThat(rows).anySatisfy(r -> assertThat(r).contains(anastasia));
        assertThat(rows).noneSatisfy(r -> assertThat(r).contains(mariana));
        assertThat(rows).allSatisfy(r -> assertThat(r.toLowerCase(Locale.ROOT)).contains("ana"));
        browser.screenshot("search-ana");

        rows = search("ANA@EXAMPLE.ORG");
        assertThat(rows).anySatisfy(r -> assertThat(r).contains(ana).contains("ana@example.org"));
        assertThat(rows).allSatisfy(r -> assertThat(r).contains("ana@example.org"));
        assertThat(rows).noneSatisfy(r -> assertThat(r).contains(anastasia));
        browser.screenshot("search-ana-email-upper-case");

        rows = search("DemoX");
        assertThat(rows.get(0)).as("the newest first").startsWith(String.valueOf(juans.id())).contains(juan);
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith(String.valueOf(anas.id())).contains(ana));
        assertThat(rows).anySatisfy(r -> assertThat(r).contains(mariana));
        assertThat(rows).allSatisfy(r -> assertThat(r).contains("course-v1:DemoX+"));
        assertThat(rows).noneSatisfy(r -> assertThat(r).contains(grace));
        browser.screenshot("search-demox");

        assertThat(search("garcia")).anySatisfy(r -> assertThat(r).contains(ana));
        // Every word must start a word of the certificate; the username makes it this test's Grace Hopper alone
        // (the console's context is shared with other tests that have theirs).
        rows = search("grace hopper " + grace);
        assertThat(rows).singleElement().satisfies(r -> assertThat(r).startsWith(String.valueOf(graces.id()))
                .contains(grace).contains("Failed"));
        assertThat(search("grace hopper")).anySatisfy(r -> assertThat(r).contains(grace));
        assertThat(search("race")).noneSatisfy(r -> assertThat(r).contains(grace));
    }

    /** Types the search into the form as an operator does; the text of each row of the answer. */
    private List<String> search(String q) {
        WebElement box = driver.findElement(By.id("q"));
        box.clear();
        box.sendKeys(q);
        driver.findElement(By.id("search")).click();
        waitFor().until(d -> d.getCurrentUrl().contains("q=")
                && d.findElement(By.id("q")).getAttribute("value").equals(q)
                && (!d.findElements(By.cssSelector("#results tbody tr")).isEmpty()
                        || !d.findElements(By.id("no-results")).isEmpty()));
        return driver.findElements(By.cssSelector("#results tbody tr")).stream().map(WebElement::getText).toList();
    }

    private void logIn() {
        ConsoleBrowserSteps.logIn(driver, url(""));
        driver.get(url("/admin/certificates"));
    }

    private WebDriverWait waitFor() {
        return ConsoleBrowserSteps.waitFor(driver);
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
