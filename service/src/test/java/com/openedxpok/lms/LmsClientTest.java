package com.openedxpok.lms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.github.tomakehurst.wiremock.http.Fault;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.FakeLms;
import com.openedxpok.testsupport.MutableClock;
import com.openedxpok.lms.LmsModels.Grade;
import com.openedxpok.lms.LmsModels.GradesPage;

/** The Open edX API client against a fake LMS with the documented shapes. */
@ExtendWith(OutputCaptureExtension.class)
class LmsClientTest {

    private static final CourseKey COURSE = CourseKey.parse("course-v1:Org+CS101+2025");
    private static FakeLms lms;

    private final MutableClock clock = new MutableClock();
    private final List<LmsHttp> opened = new ArrayList<>();

    @BeforeAll
    static void startLms() {
        lms = FakeLms.start();
    }

    @AfterAll
    static void stopLms() {
        lms.close();
    }

    @BeforeEach
    void resetLms() {
        lms.reset();
    }

    @AfterEach
    void closeClients() {
        opened.forEach(LmsHttp::close);
    }

    private LmsClient client(Duration timeout, int attempts) {
        LmsHttp http = new LmsHttp(lms.settings(timeout, attempts), clock, Duration.ofMillis(10));
        opened.add(http);
        return new LmsClient(http);
    }

    private LmsClient client() {
        return client(Duration.ofSeconds(5), 3);
    }

    @Test
    void thePlatformNameComesFromTheMfeConfigurationAndIsEmptyWhereTheLmsDoesNotServeIt() {
        lms.tokens(3600, "token-1");
        lms.stub(get(urlPathEqualTo("/api/mfe_config/v1")).willReturn(okJson(
                "{\"PLATFORM_NAME\": \" Example Learning \", \"SITE_NAME\": \"Example\"}")));
        assertThat(client().platformName()).contains("Example Learning");

        lms.stub(get(urlPathEqualTo("/api/mfe_config/v1")).willReturn(okJson("{\"SITE_NAME\": \"Example Site\"}")));
        assertThat(client().platformName()).contains("Example Site");

        lms.stub(get(urlPathEqualTo("/api/mfe_config/v1")).willReturn(okJson("{\"BASE_URL\": \"x\"}")));
        assertThat(client().platformName()).isEmpty();

        lms.stub(get(urlPathEqualTo("/api/mfe_config/v1")).willReturn(aResponse().withStatus(404)));
        assertThat(client().platformName()).isEmpty();
    }

    @Test
    void theTokenIsFetchedOnceAndSentAsJwt() {
        lms.tokens(3600, "token-1");
        lms.course(COURSE.value(), "Introduction to Computer Science", "Example University");
        LmsClient client = client();

        assertThat(client.course(COURSE)).contains(new LmsModels.Course("Introduction to Computer Science",
                "Example University", "CS101"));
        client.course(COURSE);
        client.course(COURSE);

        assertThat(lms.count(postRequestedFor(urlPathEqualTo("/oauth2/access_token")))).isEqualTo(1);
        assertThat(lms.count(getRequestedFor(urlPathMatching("/api/courses/.*"))
                .withHeader("Authorization", equalTo("JWT token-1")))).isEqualTo(3);
    }

    @Test
    void theTokenIsRefreshedBeforeItExpires() {
        lms.tokens(3600, "token-1", "token-2");
        lms.course(COURSE.value(), "Intro", "Org");
        LmsClient client = client();

        client.course(COURSE);
        clock.advance(Duration.ofSeconds(3600 - 61));
        client.course(COURSE);
        assertThat(lms.count(postRequestedFor(urlPathEqualTo("/oauth2/access_token")))).isEqualTo(1);

        // Within a minute of expiry: a new token before the call, not a 401 after it.
        clock.advance(Duration.ofSeconds(2));
        client.course(COURSE);

        assertThat(lms.count(postRequestedFor(urlPathEqualTo("/oauth2/access_token")))).isEqualTo(2);
        assertThat(lms.count(getRequestedFor(urlPathMatching("/api/courses/.*"))
                .withHeader("Authorization", equalTo("JWT token-2")))).isEqualTo(1);
    }

    @Test
    void aShortLivedTokenIsRefreshedAtHalfItsLife() {
        lms.tokens(30, "token-1", "token-2");
        lms.course(COURSE.value(), "Intro", "Org");
        LmsClient client = client();

        client.course(COURSE);
        clock.advance(Duration.ofSeconds(14));
        client.course(COURSE);
        clock.advance(Duration.ofSeconds(1));
        client.course(COURSE);

        assertThat(lms.count(postRequestedFor(urlPathEqualTo("/oauth2/access_token")))).isEqualTo(2);
    }

    @Test
    void a401GetsOneFreshTokenAndOneRetry() {
        lms.tokens(3600, "revoked-token", "fresh-token");
        lms.stub(get(urlPathEqualTo("/api/courses/v1/courses/" + COURSE + "/"))
                .withHeader("Authorization", equalTo("JWT revoked-token"))
                .willReturn(aResponse().withStatus(401)));
        lms.stub(get(urlPathEqualTo("/api/courses/v1/courses/" + COURSE + "/"))
                .withHeader("Authorization", equalTo("JWT fresh-token"))
                .willReturn(okJson("{\"name\": \"Intro\", \"org\": \"Org\"}")));

        assertThat(client().course(COURSE)).map(LmsModels.Course::name).contains("Intro");
        assertThat(lms.count(postRequestedFor(urlPathEqualTo("/oauth2/access_token")))).isEqualTo(2);
        assertThat(lms.count(getRequestedFor(urlPathMatching("/api/courses/.*")))).isEqualTo(2);
    }

    @Test
    void a401WithAFreshTokenIsRefusedWithoutLooping() {
        lms.tokens(3600, "token-1", "token-2", "token-3");
        lms.stub(get(urlPathMatching("/api/courses/.*")).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> client().course(COURSE)).isInstanceOfSatisfying(LmsException.class,
                e -> assertThat(e.kind()).isEqualTo(LmsException.Kind.REFUSED));
        assertThat(lms.count(getRequestedFor(urlPathMatching("/api/courses/.*")))).isEqualTo(2);
        assertThat(lms.count(postRequestedFor(urlPathEqualTo("/oauth2/access_token")))).isEqualTo(2);
    }

    @Test
    void refusedClientCredentialsAreReportedWithoutTheSecret(CapturedOutput output) {
        lms.stub(post(urlPathEqualTo("/oauth2/access_token")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_client\"}")));

        assertThatThrownBy(() -> client().course(COURSE)).isInstanceOfSatisfying(LmsException.class, e -> {
            assertThat(e.kind()).isEqualTo(LmsException.Kind.REFUSED);
            assertThat(e.getMessage()).contains("OPENEDX_CLIENT_SECRET").contains("invalid_client")
                    .doesNotContain(FakeLms.CLIENT_SECRET);
        });
        assertThat(output.getAll()).doesNotContain(FakeLms.CLIENT_SECRET);
    }

    @Test
    void aCourseThat404sIsUnknownAndTheDirectoryRemembersThat() {
        lms.tokens(3600, "token-1");
        lms.stub(get(urlPathMatching("/api/courses/.*")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"detail\": \"Not found.\"}")));
        LmsDirectory directory = new LmsDirectory(client());

        assertThat(directory.course(COURSE)).isEmpty();
        assertThat(directory.course(COURSE)).isEmpty();

        assertThat(lms.count(getRequestedFor(urlPathMatching("/api/courses/.*")))).isEqualTo(1);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aSlowLmsIsCutOffAtTheTimeoutAndRetriedABoundedNumberOfTimes() {
        lms.tokens(3600, "token-1");
        // Far longer than the test's own limit: only a working timeout lets it finish.
        lms.stub(get(urlPathMatching("/api/courses/.*")).willReturn(okJson("{\"name\": \"Intro\"}")
                .withFixedDelay(60_000)));

        assertThatThrownBy(() -> client(Duration.ofMillis(300), 2).course(COURSE))
                .isInstanceOfSatisfying(LmsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(LmsException.Kind.UNAVAILABLE);
                    assertThat(e.transientFailure()).isTrue();
                    assertThat(e.getMessage()).contains("no answer within 300 ms").contains("2 attempts");
                });
        assertThat(lms.count(getRequestedFor(urlPathMatching("/api/courses/.*")))).isEqualTo(2);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void anAnswerDrippedSlowerThanTheTimeoutIsCutOffToo() {
        lms.tokens(3600, "token-1");
        lms.stub(get(urlPathMatching("/api/courses/.*")).willReturn(okJson("{\"name\": \"" + "x".repeat(2000) + "\"}")
                .withChunkedDribbleDelay(20, 60_000)));

        assertThatThrownBy(() -> client(Duration.ofMillis(300), 1).course(COURSE))
                .isInstanceOfSatisfying(LmsException.class,
                        e -> assertThat(e.getMessage()).contains("no answer within 300 ms").contains("1 attempt)"));
    }

    @Test
    void serverErrorsAndResetConnectionsAreRetriedThenAnswered() {
        lms.tokens(3600, "token-1");
        lms.stub(get(urlPathMatching("/api/courses/.*")).inScenario("flaky").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("reset"));
        lms.stub(get(urlPathMatching("/api/courses/.*")).inScenario("flaky").whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        lms.stub(get(urlPathMatching("/api/courses/.*")).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"name\": \"Intro\", \"org\": \"Org\"}")));

        assertThat(client(Duration.ofSeconds(5), 3).course(COURSE)).isPresent();
        assertThat(lms.count(getRequestedFor(urlPathMatching("/api/courses/.*")))).isEqualTo(3);
    }

    @Test
    void aLongRetryAfterIsNotWaitedFor() {
        lms.tokens(3600, "token-1");
        lms.stub(get(urlPathMatching("/api/courses/.*")).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "3600")));

        assertThatThrownBy(() -> client().course(COURSE)).isInstanceOfSatisfying(LmsException.class,
                e -> assertThat(e.getMessage()).contains("HTTP 429"));
        assertThat(lms.count(getRequestedFor(urlPathMatching("/api/courses/.*")))).isEqualTo(1);
    }

    @Test
    void gradesArePagedByFollowingNextLinks() {
        lms.tokens(3600, "token-1");
        lms.gradesPage(COURSE.value(), 0, 2, "[" + FakeLms.grade(1, COURSE.value(), true) + ","
                + FakeLms.grade(2, COURSE.value(), false) + "]");
        lms.gradesPage(COURSE.value(), 1, 2, "[" + FakeLms.grade(3, COURSE.value(), true) + "]");
        lms.gradesPage(COURSE.value(), 2, 2, "[" + FakeLms.grade(4, COURSE.value(), true) + "]");
        LmsClient client = client();

        List<Grade> all = new ArrayList<>();
        GradesPage page = client.firstGradesPage(COURSE).orElseThrow();
        all.addAll(page.results());
        int pages = 1;
        while (page.next() != null) {
            page = client.gradesPage(page.next()).orElseThrow();
            all.addAll(page.results());
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(all).extracting(Grade::username).containsExactly("learner1", "learner2", "learner3", "learner4");
        assertThat(all).extracting(Grade::passed).containsExactly(true, false, true, true);
        assertThat(all.get(0).percent()).isEqualByComparingTo("0.9");
    }

    @Test
    void aNextLinkToAnotherHostIsRefusedSoTheTokenNeverLeaves() {
        lms.tokens(3600, "token-1");
        lms.stub(get(urlPathEqualTo("/api/grades/v1/courses/" + COURSE + "/")).willReturn(okJson(
                "{\"next\": \"https://evil.example/api/grades/v1/courses/x/?cursor=2\", \"results\": []}")));

        assertThatThrownBy(() -> client().firstGradesPage(COURSE)).isInstanceOfSatisfying(LmsException.class,
                e -> assertThat(e.kind()).isEqualTo(LmsException.Kind.BAD_RESPONSE));
        assertThatThrownBy(() -> client().gradesPage(URI.create("https://evil.example/api/grades/v1/courses/x/")))
                .isInstanceOf(LmsException.class);
    }

    @Test
    void accountsPreferencesCertificatesAndSignatories() {
        lms.tokens(3600, "token-1");
        lms.account(17, "ana", "Ana García López", "ana@example.org");
        lms.languagePreference("ana", "es-419");
        lms.certificate("ana", COURSE.value(), "downloadable", "verified", "0.87");
        lms.generatedAccountsBulk(List.of(1, 2));
        lms.studioCertificates(COURSE.value(), """
                {"certificates": [
                   {"id": 1, "is_active": false, "course_title": "", "signatories": [{"name": "Old", "title": "x"}]},
                   {"id": 2, "is_active": true, "course_title": "Intro to CS", "signatories": [
                      {"id": 7, "name": "Dr. Rivera", "title": "Professor", "organization": "Example University",
                       "signature_image_path": "/asset-v1:Org+CS101+2025+type@asset+block@sig.png"}]}],
                 "course_title": "Introduction to Computer Science", "is_active": true}
                """);
        LmsClient client = client();

        LmsModels.Account account = client.account("ana").orElseThrow();
        assertThat(account.userId()).isEqualTo(17);
        assertThat(account.email()).isEqualTo("ana@example.org");
        assertThat(account.toString()).doesNotContain("ana@example.org").doesNotContain("García");
        assertThat(client.account("nobody")).isEmpty();
        assertThat(client.languagePreference("ana")).contains("es-419");
        LmsModels.Certificate certificate = client.certificate("ana", COURSE).orElseThrow();
        assertThat(certificate.passing()).isTrue();
        assertThat(certificate.certificateType()).isEqualTo("verified");
        assertThat(certificate.grade()).isEqualByComparingTo("0.87");
        assertThat(client.accounts(List.of("learner1", "learner2"))).extracting(LmsModels.Account::userId)
                .containsExactly(1L, 2L);
        LmsModels.StudioCertificate studio = client.studioCertificate(COURSE).orElseThrow();
        assertThat(studio.courseTitle()).isEqualTo("Intro to CS");
        assertThat(studio.signatories()).extracting(s -> s.name() + "/" + s.title() + "/" + s.organization())
                .containsExactly("Dr. Rivera/Professor/Example University");
    }
}
