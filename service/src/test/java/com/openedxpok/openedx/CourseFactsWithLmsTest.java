package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.simulator.SimulatedCredential;

/**
 * With the LMS API configured (a fake LMS) and no OPENEDX_PLATFORM_NAME: the course's title and the platform's name
 * are asked of the LMS before the first certificate is submitted, so nothing waits for a render context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CourseFactsWithLmsTest extends CourseFactsAppTestBase {

    static final FakeLms LMS = FakeLms.start();

    @DynamicPropertySource
    static void registerProperties(DynamicPropertyRegistry registry) {
        properties(registry);
        registry.add("lms.url", LMS::url);
        registry.add("openedx.client-id", () -> FakeLms.CLIENT_ID);
        registry.add("openedx.client-secret", () -> FakeLms.CLIENT_SECRET);
        registry.add("openedx.api-timeout", () -> "2s");
        registry.add("openedx.api-max-attempts", () -> "1");
        LMS.tokens(3600, "token-1");
        LMS.stub(get(urlPathEqualTo("/api/mfe_config/v1")).willReturn(okJson(
                "{\"BASE_URL\": \"apps.example.org\", \"PLATFORM_NAME\": \"Example Learning (LMS)\", "
                        + "\"SITE_NAME\": \"Example\", \"LMS_BASE_URL\": \"https://lms.example.org\"}")));
    }

    @AfterAll
    static void stopLms() {
        LMS.close();
    }

    @Test
    void theTitleAndThePlatformNameAreFetchedBeforeTheFirstSubmit() {
        LMS.course("course-v1:Lms+Titled+2026", "Curso desde el LMS", "Lms");
        CourseKey course = course("course-v1:Lms+Titled+2026", "demo-template", null, List.of());

        request(8001, course);

        Certificate emitted = awaitStatus(8001, course, CertificateStatus.EMITTED);
        SimulatedCredential credential = credentialOf(8001);
        assertThat(credential.title()).isEqualTo("Curso desde el LMS");
        assertThat(credential.customParameters()).containsEntry("platform", "Example Learning (LMS)");
        assertThat(statuses(emitted)).doesNotContain(CertificateStatus.HELD);
        assertThat(LMS.count(getRequestedFor(urlPathEqualTo("/api/courses/v1/courses/" + course + "/"))))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void whileTheLmsDoesNotAnswerTheCertificateWaitsQueuedThenGoesWithTheLmsTitle() {
        CourseKey course = course("course-v1:Lms+Down+2026", "plain-template", null, List.of());
        StubMapping down = LMS.stub(get(urlPathEqualTo("/api/courses/v1/courses/" + course + "/"))
                .willReturn(aResponse().withStatus(503)));

        request(8002, course);
        await().atMost(Duration.ofSeconds(30)).until(() -> LMS.count(getRequestedFor(
                urlPathEqualTo("/api/courses/v1/courses/" + course + "/"))) >= 3);
        Certificate waiting = certificates.findByLearnerAndCourse(8002, course).orElseThrow();
        assertThat(waiting.status()).isEqualTo(CertificateStatus.QUEUED);
        assertThat(pok.issueAttemptsFor("8002")).isZero();

        LMS.server().removeStub(down);
        LMS.course(course.value(), "Curso que volvió", "Lms");

        Certificate emitted = awaitStatus(8002, course, CertificateStatus.EMITTED);
        assertThat(credentialOf(8002).title()).isEqualTo("Curso que volvió");
        assertThat(statuses(emitted)).doesNotContain(CertificateStatus.HELD);
    }
}
