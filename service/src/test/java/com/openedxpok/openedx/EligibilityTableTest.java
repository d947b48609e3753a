package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.issuance.EligibilityPolicy;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.testsupport.CapturedRequest;

/**
 * The eligibility table of docs/issuance.md, one test per row, each on the bytes openedx-webhooks 21.0.0 sent
 * (fixtures in {@code src/test/resources/fixtures/openedx-webhooks-21.0.0}), in JSON and in form mode. Rows without a
 * fixture of their own change one value of fixture 01/02, as said in each test.
 */
@SpringBootTest
class EligibilityTableTest {

    static final CourseKey COURSE = CourseKey.parse("course-v1:ExampleU+CS101+2026_T2");

    @Autowired
    EligibilityPolicy eligibility;
    @Autowired
    CourseTemplateRepository templates;

    /** Enabled for this test only: the application context is shared with other test classes. */
    @BeforeEach
    void courseIsEnabled() {
        templates.insert(new CourseTemplate(0, COURSE, "demo-template", EmissionType.POK, "demo-page",
                "Introducción a la Programación con Python", null, true, true, List.of(), null, null), Instant.now());
    }

    @AfterEach
    void courseIsForgotten() {
        templates.findByCourse(COURSE).ifPresent(template -> templates.delete(template.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01-creation-passing-verified-batch-json", "02-creation-passing-verified-batch-form"})
    void statusNoneWithAPassingGradeIssues(String fixture) {
        assertEligible(decide(fixture, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"09-creation-cjk-name-json", "10-creation-cjk-name-form"})
    void theAutomaticPathInHonorModeIssues(String fixture) {
        assertEligible(decide(fixture, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"05-creation-allowlisted-not-passing-json", "06-creation-allowlisted-not-passing-form"})
    void anAllowlistedLearnerWhoseGradeDidNotPassIssues(String fixture) {
        assertEligible(decide(fixture, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"03-creation-self-generated-lazy-user-json", "04-creation-self-generated-lazy-user-form"})
    void aLazyRequestUserIssuesWithTheProfilesUserId(String fixture) {
        assertEligible(decide(fixture, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"07-creation-unverified-status-json", "08-creation-unverified-status-form"})
    void statusUnverifiedDoesNotIssue(String fixture) {
        assertThat(decide(fixture, null, null)).isEqualTo(
                new EligibilityPolicy.Ineligible("Open edX certificate status is 'unverified'"));
    }

    /** Fixture 01/02 with status {@code notpassing} instead of None. */
    @ParameterizedTest
    @ValueSource(strings = {"01-creation-passing-verified-batch-json", "02-creation-passing-verified-batch-form"})
    void statusNotpassingDoesNotIssue(String fixture) {
        assertThat(decide(fixture, "status", "notpassing")).isEqualTo(
                new EligibilityPolicy.Ineligible("Open edX certificate status is 'notpassing'"));
    }

    /** Fixture 01/02 with status {@code downloadable} instead of None. */
    @ParameterizedTest
    @ValueSource(strings = {"01-creation-passing-verified-batch-json", "02-creation-passing-verified-batch-form"})
    void statusDownloadableIssues(String fixture) {
        assertEligible(decide(fixture, "status", "downloadable"));
    }

    /** Fixture 01/02 in mode {@code audit}: not eligible with the default POK_ELIGIBLE_MODES. */
    @ParameterizedTest
    @ValueSource(strings = {"01-creation-passing-verified-batch-json", "02-creation-passing-verified-batch-form"})
    void theAuditModeDoesNotIssueByDefault(String fixture) {
        assertThat(decide(fixture, "mode", "audit")).isEqualTo(
                new EligibilityPolicy.Ineligible("enrollment mode 'audit' is not eligible"));
    }

    /** Fixture 01/02 in a course without a course template (POK_ISSUE_FOR_ALL_COURSES is off). */
    @ParameterizedTest
    @ValueSource(strings = {"01-creation-passing-verified-batch-json", "02-creation-passing-verified-batch-form"})
    void aCourseNotEnabledForPokDoesNotIssue(String fixture) {
        assertThat(decide(fixture, "course_key", "course-v1:ExampleU+CS999+2026_T2")).isEqualTo(
                new EligibilityPolicy.Ineligible("course course-v1:ExampleU+CS999+2026_T2 is not enabled for POK"));
    }

    private static void assertEligible(EligibilityPolicy.Decision decision) {
        assertThat(decision).isInstanceOf(EligibilityPolicy.Eligible.class);
        assertThat(((EligibilityPolicy.Eligible) decision).target().templateId()).isEqualTo("demo-template");
    }

    /** The fixture's request as the creation webfilter reads it, with one top-level value replaced if asked. */
    private EligibilityPolicy.Decision decide(String fixture, String key, String value) {
        byte[] body = body(fixture);
        if (key != null) {
            body = replaceTopLevel(new String(body, StandardCharsets.UTF_8), fixture.endsWith("-form"), key, value)
                    .getBytes(StandardCharsets.UTF_8);
        }
        return eligibility.decide(CreationWebfilterController.toRequest(WebhookPayload.parse(body)));
    }

    private static String replaceTopLevel(String body, boolean form, String key, String value) {
        String replaced = form
                ? body.replaceFirst("(^|&)" + key + "=[^&]*", "$1" + key + "="
                        + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8))
                : body.replaceFirst("\"" + key + "\": (null|\"[^\"]*\")", "\"" + key + "\": \"" + value + "\"");
        assertThat(replaced).as("the fixture has a top-level %s", key).isNotEqualTo(body);
        return replaced;
    }

    static byte[] body(String fixture) {
        return CapturedRequest.load(fixture + ".json").body();
    }
}
