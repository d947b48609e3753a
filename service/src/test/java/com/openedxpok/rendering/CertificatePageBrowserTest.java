package com.openedxpok.rendering;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.testsupport.Browser;

import tools.jackson.databind.node.ObjectNode;

/**
 * The pages in a real headless Chromium. A small fake LMS serves exactly the HTML the webfilter returned, from its
 * own origin, as Open edX does with a RenderCustomResponse. Screenshots land in {@code target/screenshots/}.
 */
class CertificatePageBrowserTest extends RenderingAppTestBase {

    private static final String COURSE = "course-v1:Org+CS101+2025";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static Browser browser;
    private static WireMockServer lms;

    @BeforeAll
    static void startBrowserAndLms() {
        lms = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        lms.start();
        // The render context's logo_src is a path on the LMS, as in Open edX.
        lms.stubFor(get(urlPathEqualTo("/static/images/logo.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(FakePok.logo())));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (lms != null) {
            lms.stop();
        }
    }

    /** Asks the webfilter for the page, as the LMS would, and lets the fake LMS serve it; returns the LMS URL. */
    private String throughTheLms(ObjectNode payload) {
        String html = customContent(render(payload));
        String path = "/certificates/" + UUID.randomUUID();
        lms.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", WebfilterAnswer.HTML).withBody(html)));
        return "http://127.0.0.1:" + lms.port() + path;
    }

    private WebDriver open(String url) {
        WebDriver driver = browser.driver();
        driver.get(url);
        return driver;
    }

    private void awaitImageLoaded() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> Boolean.TRUE.equals(browser.script(
                "const i = document.getElementById('certificate-image');"
                        + "return i !== null && i.complete && i.naturalWidth > 0;")));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return parameters;
    }

    @Test
    void theEmittedPageShowsTheImageAndShareLinksWithTheRightUrlAndDate() {
        long user = newUserId();
        Certificate stored = certificate(user, COURSE, "Ana García López", CertificateStatus.EMITTED,
                emitted("Introduction to Computer Science", "Example University",
                        FakePok.stubImage("/images/" + user + ".png")));
        String shareTarget = url("/certificates/" + stored.publicId());

        WebDriver driver = open(throughTheLms(payload(user, COURSE)));
        awaitImageLoaded();

        assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        assertThat(driver.findElement(By.id("certificate-title")).getText())
                .isEqualTo("Introduction to Computer Science");
        assertThat(driver.findElement(By.id("learner-name")).getText()).isEqualTo("Ana García López");
        assertThat(driver.findElement(By.id("issue-date")).getText()).isEqualTo("June 1, 2025");
        WebElement image = driver.findElement(By.id("certificate-image"));
        assertThat(image.getDomAttribute("src")).isEqualTo(shareTarget + "/image");
        assertThat(image.getDomAttribute("alt")).contains("Introduction to Computer Science").contains("Ana García López");
        assertThat(driver.findElement(By.id("view-on-pok")).getDomAttribute("href"))
                .isEqualTo("https://view.pok.tech/credential/abc123");
        assertThat(driver.findElement(By.id("download")).getText()).isEqualTo("Download");
        assertThat(driver.findElement(By.id("download")).getDomAttribute("href")).isEqualTo(shareTarget + "/image?download=1");

        Map<String, String> linkedIn = query(driver.findElement(By.id("share-linkedin")).getDomAttribute("href"));
        assertThat(linkedIn).containsEntry("startTask", "CERTIFICATION_NAME")
                .containsEntry("name", "Introduction to Computer Science")
                .containsEntry("organizationName", "Example University")
                .containsEntry("issueYear", "2025").containsEntry("issueMonth", "6")
                .containsEntry("certUrl", shareTarget).containsEntry("certId", stored.publicId());
        assertThat(query(driver.findElement(By.id("share-facebook")).getDomAttribute("href"))).containsEntry("u", shareTarget);
        assertThat(query(driver.findElement(By.id("share-x")).getDomAttribute("href"))).containsEntry("url", shareTarget);

        // Keyboard: the first Tab reaches the first button, and the focus is visible.
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("view-on-pok");
        assertThat(browser.script("return getComputedStyle(document.activeElement).outlineStyle")).isNotEqualTo("none");
        browser.screenshot("certificate-page-en");

        browser.resize(390, 1400);
        try {
            awaitImageLoaded();
            assertThat((Boolean) browser.script(
                    "return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scrolling")
                    .isTrue();
            browser.screenshot("certificate-page-phone");
        } finally {
            browser.resize(1280, 1600);
        }
    }

    @Test
    void anImagePokCannotSendIsACleanNotAvailableCardNotABrokenImage() {
        long user = newUserId();
        FakePok.server().stubFor(get(urlPathEqualTo("/images/" + user + ".png")).willReturn(aResponse().withStatus(404)));
        certificate(user, COURSE, "Ana García López", CertificateStatus.EMITTED,
                emitted("Introduction to Computer Science", "Example University",
                        FakePok.baseUrl() + "images/" + user + ".png"));

        open(throughTheLms(payload(user, COURSE)));

        // A broken image has naturalWidth 0; the card is an image the size of a certificate.
        awaitImageLoaded();
        assertThat(browser.script("return document.getElementById('certificate-image').naturalWidth")).isEqualTo(1200L);
        browser.screenshot("learner-image-unavailable");
    }

    /** Where a title's lines break: each entry is the character before and the one after a break. */
    private static final String LINE_BREAKS = """
            const el = document.getElementById(arguments[0]); const out = []; let prevTop = null;
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let before = '';
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (let i = 0; i < node.textContent.length; i++) {
                const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                const rects = r.getClientRects(); const c = node.textContent[i];
                if (rects.length && c.trim() !== '') {
                  const top = Math.round(rects[0].top);
                  if (prevTop !== null && top > prevTop + 2) { out.push(before + c); }
                  prevTop = top;
                }
                before = c;
              }
            }
            return out;""";

    /** A break at a space, or after a separator of a course key; never inside a run of letters and digits. */
    private static void assertBreaksAtSensiblePoints(Object breaks) {
        @SuppressWarnings("unchecked")
        java.util.List<String> pairs = (java.util.List<String>) breaks;
        assertThat(pairs).as("the text wraps at this width").isNotEmpty().allSatisfy(pair -> assertThat(" +:_-./")
                .as("break between '%s'", pair)
                .contains(pair.substring(0, 1)));
    }

    @Test
    void theLearnersPageLeadsBackToTheDashboardAndLongTitlesWrapAtSensiblePointsAt400Px() {
        long user = newUserId();
        String longTitle = "Introduction to Computational Thinking and Data Science with Python: "
                + "Programming Fundamentals, Algorithms and Visualisation";
        certificate(user, COURSE, "Ana García López", CertificateStatus.EMITTED,
                emitted(longTitle, "Example University", FakePok.stubImage("/images/" + user + ".png")));
        String lmsRoot = "http://127.0.0.1:" + lms.port();
        lms.stubFor(get(urlPathEqualTo("/dashboard")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<!DOCTYPE html><title>Dashboard</title>"
                        + "<h1 id=\"lms-dashboard\">My courses</h1>")));
        ObjectNode payload = payload(user, COURSE);
        ((ObjectNode) payload.get("context")).put("logo_url", lmsRoot);

        // A certificate whose only title is its course key (no POK title, no title in the context).
        long keyOnly = newUserId();
        String longKey = "course-v1:ExampleUniversityX+CS101_Advanced_Programming_in_Python+2026_T2";
        certificate(keyOnly, longKey, "Ana", CertificateStatus.PROCESSING, inPokState("processing"));
        ObjectNode keyPayload = payload(keyOnly, longKey);
        ObjectNode keyContext = (ObjectNode) keyPayload.get("context");
        keyContext.put("logo_url", lmsRoot);
        keyContext.remove("certificate_data");
        keyContext.remove("accomplishment_copy_course_name");
        String statusUrl = throughTheLms(keyPayload);
        String pageUrl = throughTheLms(payload);

        browser.resize(400, 1400);
        try {
            WebDriver driver = open(pageUrl);
            awaitImageLoaded();
            browser.screenshot("learner-narrow-400");
            assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling").isTrue();
            assertBreaksAtSensiblePoints(browser.script(LINE_BREAKS, "certificate-title"));

            open(statusUrl);
            browser.screenshot("learner-narrow-400-status");
            assertThat((Boolean) browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no sideways scrolling").isTrue();
            assertThat(driver.findElement(By.id("course-title")).getText()).isEqualTo(longKey);
            assertBreaksAtSensiblePoints(browser.script(LINE_BREAKS, "course-title"));
            assertThat(driver.findElement(By.id("back-to-dashboard")).getDomAttribute("href"))
                    .isEqualTo(lmsRoot + "/dashboard");

            open(pageUrl);
            WebElement back = driver.findElement(By.id("back-to-dashboard"));
            assertThat(back.getText()).endsWith("Back to your dashboard");
            back.click();
            await().atMost(PATIENCE).until(() -> driver.getCurrentUrl().equals(lmsRoot + "/dashboard"));
            assertThat(driver.findElement(By.id("lms-dashboard")).getText()).isEqualTo("My courses");
        } finally {
            browser.resize(1280, 1600);
        }
    }

    @Test
    void theSpanishPageIsInSpanish() {
        long user = newUserId();
        certificate(user, COURSE, "Ana García López", CertificateStatus.EMITTED,
                emitted("Introducción a la Informática", "Universidad de Ejemplo",
                        FakePok.stubImage("/images/" + user + ".png")));
        ObjectNode payload = payload(user, COURSE);
        ((ObjectNode) payload.get("context")).put("user_language", "es");

        WebDriver driver = open(throughTheLms(payload));
        awaitImageLoaded();

        assertThat(driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("es");
        // textContent, not getText(): the labels are upper-cased by CSS only.
        String text = (String) browser.script("return document.body.textContent.replace(/\\s+/g, ' ')");
        assertThat(text).contains("Otorgado a").contains("Emitido por").contains("Fecha de emisión")
                .contains("1 de junio de 2025").contains("Ver en POK").contains("Descargar").contains("Compartir")
                .contains("Añadir a LinkedIn").doesNotContain("Issued").doesNotContain("Download");
        assertThat(driver.findElement(By.id("certificate-image")).getDomAttribute("alt")).startsWith("Certificado");
        browser.screenshot("certificate-page-es");
    }

    @Test
    void theProcessingPageRefreshesItself() {
        long user = newUserId();
        certificate(user, COURSE, "Ana", CertificateStatus.PROCESSING, inPokState("processing"));
        String lmsUrl = throughTheLms(payload(user, COURSE));

        WebDriver driver = open(lmsUrl);
        assertThat(driver.findElement(By.id("status-heading")).getText()).isEqualTo("Your certificate is being issued");
        // Just queued: the page polls every 3 s (the demo emits in 3 s), backing off later (StatusRefreshTest).
        assertThat(driver.findElement(By.id("refresh-note")).getText()).contains("3 seconds");
        browser.screenshot("status-in-progress");

        // A marker in the loaded document disappears only if the browser reloads the page by itself.
        browser.script("window.__loadedBeforeRefresh = true;");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> browser.script("return window.__loadedBeforeRefresh === true") == Boolean.FALSE);
        lms.verify(com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly(2),
                getRequestedFor(urlPathEqualTo(URI.create(lmsUrl).getPath())));
        assertThat(driver.findElement(By.id("status-heading")).getText()).isEqualTo("Your certificate is being issued");
    }

    @Test
    void waitingForAcceptanceAndBeingPreparedPages() {
        long waiting = newUserId();
        certificate(waiting, COURSE, "Ana", CertificateStatus.PROCESSING, inPokState("waitingForApproval"));
        WebDriver driver = open(throughTheLms(payload(waiting, COURSE)));
        assertThat(driver.findElement(By.id("status-heading")).getText())
                .isEqualTo("Check your email to accept your certificate");
        browser.screenshot("status-awaiting-acceptance");

        long failed = newUserId();
        certificate(failed, COURSE, "Ana", CertificateStatus.FAILED, PokCredential.NONE);
        open(throughTheLms(payload(failed, COURSE)));
        assertThat(driver.findElement(By.id("status-heading")).getText()).isEqualTo("Your certificate is being prepared");
        assertThat(driver.findElements(By.cssSelector("meta[http-equiv=refresh]"))).isEmpty();
        browser.screenshot("status-being-prepared");
    }

    @Test
    void markupInACourseTitleAndALearnerNameIsShownAsText() {
        long user = newUserId();
        String title = "<script>window.__xss = 'title'</script>Hacking 101";
        String name = "<img src=x onerror=\"window.__xss = 'name'\">Mallory";
        certificate(user, COURSE, name, CertificateStatus.EMITTED,
                emitted(title, "Org", FakePok.stubImage("/images/" + user + ".png")));

        WebDriver driver = open(throughTheLms(payload(user, COURSE)));
        awaitImageLoaded();

        assertThat(driver.findElement(By.id("certificate-title")).getText()).isEqualTo(title);
        assertThat(driver.findElement(By.id("learner-name")).getText()).isEqualTo(name);
        assertThat(browser.script("return typeof window.__xss")).isEqualTo("undefined");
        assertThat(browser.script("return document.scripts.length")).isEqualTo(0L);
        assertThat(driver.getTitle()).startsWith("<script>");
        browser.screenshot("certificate-page-markup-as-text");
    }

    @Test
    void theShareTargetIsOurOwnPageWithPreviewTags() {
        long user = newUserId();
        Certificate stored = certificate(user, COURSE, "Ana García López", CertificateStatus.EMITTED,
                emitted("Introduction to Computer Science", "Example University",
                        FakePok.stubImage("/images/" + user + ".png")));
        String page = url("/certificates/" + stored.publicId());

        open(page);
        awaitImageLoaded();

        assertThat(browser.script("return document.querySelector('meta[property=\"og:image\"]').content"))
                .isEqualTo(page + "/image");
        assertThat(browser.script("return document.querySelector('meta[property=\"og:url\"]').content")).isEqualTo(page);
        assertThat(browser.script("return document.querySelector('meta[name=\"twitter:card\"]').content"))
                .isEqualTo("summary_large_image");
        browser.screenshot("share-page");
    }
}
