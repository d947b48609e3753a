package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.coursetemplate.web.CourseTemplateService;
import com.openedxpok.coursetemplate.web.CourseTemplateInput;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.simulator.SimulatedCredential;
import com.openedxpok.testsupport.CapturedRequest;

/**
 * Without the LMS API and without OPENEDX_PLATFORM_NAME: a certificate that needs a fact Open edX has not told yet
 * waits in HELD with a reason an operator can act on, and goes as soon as the fact arrives (a render context, the
 * operator's course template); the course's learners all get the same title and issuer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CourseFactsReleaseTest extends CourseFactsAppTestBase {

    private static final String FIXTURE = "13-render-learner-certificate-json.json";
    /** Fixture 13's course and learner. */
    private static final String FIXTURE_COURSE = "course-v1:ExampleU+CS101+2026_T2";
    private static final long FIXTURE_USER = 42;

    @DynamicPropertySource
    static void registerProperties(DynamicPropertyRegistry registry) {
        properties(registry);
    }

    @Autowired
    CourseTemplateService courseTemplateAdmin;

    @Test
    void aPlatformNameCertificateIsHeldThenReleasedByTheRenderContextOfFixture13() throws Exception {
        forgetThePlatformName();
        CourseKey course = course(FIXTURE_COURSE, "demo-template", "Programación con Python", List.of(
                new ParameterMapping("platform", "Platform", ParameterMapping.KeyBy.ID, ParameterSource.PLATFORM_NAME,
                        null)));
        request(FIXTURE_USER, course);

        Certificate held = awaitStatus(FIXTURE_USER, course, CertificateStatus.HELD);
        assertThat(held.lastError()).contains("'platform' (Platform) (platform_name is not known yet)")
                .contains("OPENEDX_PLATFORM_NAME").contains("released as soon as it is known");
        assertThat(pok.issueAttemptsFor(String.valueOf(FIXTURE_USER))).isZero();

        CapturedRequest fixture = CapturedRequest.load(FIXTURE);
        assertThat(fixture.pathAndQuery()).endsWith("token=TOKEN");
        assertThat(render(fixture.bodyText(), fixture.header("Content-type"))).contains("RenderCustomResponse");

        Certificate emitted = awaitStatus(FIXTURE_USER, course, CertificateStatus.EMITTED);
        SimulatedCredential credential = credentialOf(FIXTURE_USER);
        assertThat(credential.customParameters()).containsEntry("platform", "Example Learning");
        assertThat(credential.title()).isEqualTo("Programación con Python");
        // Held once, released once by the background task, never held again.
        assertThat(statuses(emitted)).containsSubsequence(CertificateStatus.HELD, CertificateStatus.QUEUED,
                CertificateStatus.EMITTED).filteredOn(CertificateStatus.HELD::equals).hasSize(1);
        assertThat(history.history(emitted.id())).filteredOn(e -> e.toStatus() == CertificateStatus.QUEUED
                && e.actor().equals("system")).singleElement().extracting(CertificateEvent::detail).asString()
                .startsWith("released: the platform's name learned from a view of a certificate page");
    }

    @Test
    void aPlatformNameCertificateIsReleasedByTheOperatorSavingTheCourseTemplate() {
        forgetThePlatformName();
        CourseKey course = course("course-v1:Test+OperatorSaves+2026", "demo-template", "Operator's Course",
                List.of());
        request(7001, course);
        Certificate held = awaitStatus(7001, course, CertificateStatus.HELD);
        assertThat(held.lastError()).contains("platform_name is not known yet");

        CourseTemplate template = templates.findByCourse(course).orElseThrow();
        CourseTemplateService.SaveOutcome saved = courseTemplateAdmin.save("alice", Optional.of(template.id()),
                new CourseTemplateInput(course.value(), "demo-template", "pok", null, "Operator's Course", null,
                        true, true, List.of(new CourseTemplateInput.ParameterInput("platform", "Platform", "id",
                                "constant", "Plataforma del operador"))));

        assertThat(saved.released()).isEqualTo(1);
        awaitStatus(7001, course, CertificateStatus.EMITTED);
        assertThat(credentialOf(7001).customParameters()).containsEntry("platform", "Plataforma del operador");
    }

    @Test
    void withoutATitleTheCertificateWaitsAndTheFirstViewOfACertificatePageReleasesIt() throws Exception {
        CourseKey course = course("course-v1:Test+Untitled+2026", "plain-template", null, List.of());
        request(7002, course);

        Certificate held = awaitStatus(7002, course, CertificateStatus.HELD);
        assertThat(held.lastError()).startsWith("Waiting for the course's title: set a title in the course template "
                + "of course-v1:Test+Untitled+2026, or it is learned from the first view of a certificate page");
        assertThat(pok.issueAttemptsFor("7002")).isZero();
        int historyWhileHeld = history.history(held.id()).size();

        // A fact that does not unblock it (the organization alone): the release task looks, and leaves it alone.
        render("""
                {"context": {"course_id": "course-v1:Test+Untitled+2026", "accomplishment_user_id": 7002,
                 "organization_long_name": "Universidad de Ejemplo"}}""", "application/json");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Universidad de Ejemplo".equals(
                courseFacts.stored(course).organizationName()) && jdbc.sql(
                        "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'release-held'").query(Long.class)
                        .single() == 0);
        Certificate stillHeld = certificates.findById(held.id()).orElseThrow();
        assertThat(stillHeld.status()).isEqualTo(CertificateStatus.HELD);
        assertThat(stillHeld.version()).isEqualTo(held.version());
        assertThat(history.history(held.id())).as("no QUEUED/HELD pair for nothing").hasSize(historyWhileHeld);
        assertThat(pok.issueAttemptsFor("7002")).isZero();

        // The learner opens the certificate page: Open edX's render context names the course (a trimmed fixture 13).
        assertThat(render("""
                {"context": {"course_id": "course-v1:Test+Untitled+2026", "accomplishment_user_id": 7002,
                 "accomplishment_copy_course_name": "Introducci\\u00f3n a la Programaci\\u00f3n",
                 "organization_long_name": "Universidad de Ejemplo", "certificate_data": {"course_title": ""}}}""",
                "application/json")).contains("RenderCustomResponse");

        awaitStatus(7002, course, CertificateStatus.EMITTED);
        SimulatedCredential credential = credentialOf(7002);
        assertThat(credential.title()).isEqualTo("Introducción a la Programación");
        assertThat(credential.emitter()).isEqualTo("Universidad de Ejemplo");
    }

    @Test
    void twoLearnersGetTheSameTitleAndIssuerEvenWhenARenderContextTeachesMoreBetweenThem() throws Exception {
        CourseKey course = course("course-v1:Test+Consistent+2026", "plain-template", null, List.of());
        // An event named the course, and nothing told its organization yet.
        courseFacts.rememberDisplayName(course, "Consistent Course");

        request(7003, course);
        awaitStatus(7003, course, CertificateStatus.EMITTED);
        SimulatedCredential first = credentialOf(7003);
        assertThat(first.title()).isEqualTo("Consistent Course");
        // No organization known: POK's organization name, kept for the course from now on.
        assertThat(first.emitter()).isEqualTo("Demo University (simulated)");

        render("""
                {"context": {"course_id": "course-v1:Test+Consistent+2026", "accomplishment_user_id": 7003,
                 "accomplishment_copy_course_name": "Consistent Course", "organization_long_name": "Universidad Nueva",
                 "certificate_data": {"course_title": "A Better Certificate Title"}}}""", "application/json");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Universidad Nueva".equals(
                courseFacts.stored(course).organizationName()));

        request(7004, course);
        awaitStatus(7004, course, CertificateStatus.EMITTED);
        SimulatedCredential second = credentialOf(7004);
        assertThat(second.title()).isEqualTo(first.title());
        assertThat(second.emitter()).isEqualTo(first.emitter());
        // The newer facts are known, the first certificate's title and issuer stay the course's.
        assertThat(courseFacts.stored(course).certificateTitle()).isEqualTo("A Better Certificate Title");
    }
}
