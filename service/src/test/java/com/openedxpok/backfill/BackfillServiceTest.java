package com.openedxpok.backfill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.FakeLms;
import com.openedxpok.demo.DemoCourseTemplateSeeder;

/** Backfills through the LMS API against a fake LMS: dry run, skipping, counting, failures, cancel and resume. */
@DirtiesContext
@SpringBootTest(properties = {"pok.simulator-emit-delay=0ms"})
class BackfillServiceTest {

    static final CourseKey DEMO = CourseKey.parse(DemoCourseTemplateSeeder.DEMO_COURSE_KEY);
    static final FakeLms LMS = FakeLms.start();

    @DynamicPropertySource
    static void lms(DynamicPropertyRegistry registry) {
        LMS.connect(registry);
        LMS.serveGeneratedLearners();
    }

    @AfterAll
    static void stopLms() {
        LMS.close();
    }

    @Autowired
    BackfillService backfill;
    @Autowired
    IssuanceService issuance;
    @Autowired
    CertificateRepository certificates;
    @Autowired
    CourseTemplateRepository courseTemplates;

    /** Learners {@code first}..{@code first+count-1} in pages of 100; every fifth one did not pass. */
    private static void pages(CourseKey course, int first, int count) {
        List<List<Integer>> pages = IntStream.range(0, (count + 99) / 100).mapToObj(p -> IntStream
                .range(first + p * 100, Math.min(first + count, first + p * 100 + 100)).boxed().toList()).toList();
        for (int i = 0; i < pages.size(); i++) {
            LMS.gradesPage(course.value(), i, pages.size() - 1, pages.get(i).stream()
                    .map(n -> FakeLms.grade(n, course.value(), n % 5 != 0)).collect(Collectors.joining(",", "[", "]")));
        }
    }

    private BackfillProgress awaitEnd(long jobId) {
        await().atMost(Duration.ofSeconds(90)).until(() -> !backfill.progress(jobId).orElseThrow().status().active());
        return backfill.progress(jobId).orElseThrow();
    }

    private void enable(CourseKey course) {
        courseTemplates.insert(CourseTemplate.draft(course, DemoCourseTemplateSeeder.DEMO_TEMPLATE_ID), Instant.now());
    }

    @Test
    void aDryRunCountsThenTheJobQueuesEveryCertifiedLearnerOnceAndSkipsTheRest() {
        pages(DEMO, 1000, 250);
        for (int n : new int[] {1001, 1002, 1003, 1004, 1006}) {
            issuance.request(new CertificateRequest(new Learner(n, "learner" + n, "L", "l" + n + "@example.org", "en",
                    "verified", new BigDecimal("0.9")), DEMO, "downloadable", "webfilter"));
        }
        LMS.stub(get(urlPathEqualTo("/api/certificates/v0/certificates/learner1007/courses/" + DEMO + "/"))
                .willReturn(aResponse().withStatus(404)));
        LMS.certificate("learner1008", DEMO.value(), "notpassing", "verified", "0.4");
        LMS.noAccount("learner1009");

        BackfillDryRun dryRun = backfill.dryRun(DEMO);
        assertThat(dryRun).isEqualTo(new BackfillDryRun(DEMO, 250, 200, 5, 195));

        BackfillProgress started = backfill.start(DEMO, "alice");
        assertThat(backfill.start(DEMO, "bob").jobId()).as("one running job per course").isEqualTo(started.jobId());
        BackfillProgress done = awaitEnd(started.jobId());

        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(done.percent()).hasValue(100);
        assertThat(done).extracting(BackfillProgress::totalLearners, BackfillProgress::totalPassed,
                BackfillProgress::learnersSeen, BackfillProgress::queued, BackfillProgress::alreadyHad,
                BackfillProgress::notCertified, BackfillProgress::failed, BackfillProgress::ineligible)
                .containsExactly(250, 200, 250, 192, 5, 2, 1, 0);
        assertThat(certificates.findByLearnerAndCourse(1010, DEMO)).as("did not pass").isEmpty();
        assertThat(certificates.findByLearnerAndCourse(1007, DEMO)).as("no Open edX certificate").isEmpty();
        assertThat(certificates.findByLearnerAndCourse(1008, DEMO)).as("not passing").isEmpty();
        assertThat(certificates.findByLearnerAndCourse(1009, DEMO)).as("no account").isEmpty();
        assertThat(certificates.findByLearnerAndCourse(1249, DEMO)).hasValueSatisfying(c -> {
            assertThat(c.learner().email()).isEqualTo("learner1249@example.org");
            assertThat(c.learner().mode()).isEqualTo("verified");
            assertThat(c.learner().grade()).isEqualByComparingTo("0.9");
        });

        BackfillProgress again = awaitEnd(backfill.start(DEMO, "alice").jobId());
        assertThat(again.jobId()).isNotEqualTo(started.jobId());
        assertThat(again).extracting(BackfillProgress::queued, BackfillProgress::alreadyHad)
                .containsExactly(0, 197);
        assertThat(backfill.recent(10)).extracting(BackfillProgress::jobId).startsWith(again.jobId(),
                started.jobId());
    }

    @Test
    void aCourseTheLmsDoesNotKnowFailsTheJobWithTheReason() {
        CourseKey gone = CourseKey.parse("course-v1:Org+GONE+2026");
        enable(gone);
        LMS.stub(get(urlPathEqualTo("/api/grades/v1/courses/" + gone + "/")).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> backfill.dryRun(gone)).isInstanceOf(BackfillException.class)
                .hasMessageContaining("does not know course " + gone);
        BackfillProgress failed = awaitEnd(backfill.start(gone, "alice").jobId());

        assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
        assertThat(failed.lastError()).contains("does not know course " + gone);
    }

    @Test
    void aCourseNotEnabledIsRefused() {
        CourseKey off = CourseKey.parse("course-v1:Org+OFF+2026");
        assertThatThrownBy(() -> backfill.dryRun(off)).hasMessageContaining("not enabled");
        assertThatThrownBy(() -> backfill.start(off, "alice")).hasMessageContaining("not enabled");
    }

    @Test
    void anLmsOutageKeepsTheJobWaitingUntilCancelledAndAResumeFinishesIt() {
        CourseKey down = CourseKey.parse("course-v1:Org+DOWN+2026");
        enable(down);
        StubMapping outage = LMS.stub(get(urlPathEqualTo("/api/grades/v1/courses/" + down + "/"))
                .willReturn(aResponse().withStatus(503)));

        long jobId = backfill.start(down, "alice").jobId();
        await().atMost(Duration.ofSeconds(30)).until(() -> backfill.progress(jobId).orElseThrow().lastError() != null);
        BackfillProgress waiting = backfill.progress(jobId).orElseThrow();
        assertThat(waiting.status()).isEqualTo(BackfillStatus.COUNTING);
        assertThat(waiting.lastError()).contains("did not answer").contains("HTTP 503");
        assertThat(waiting.percent()).isEmpty();

        assertThat(backfill.cancel(jobId, "alice").status()).isEqualTo(BackfillStatus.CANCELLED);

        LMS.server().removeStub(outage);
        pages(down, 5000, 30);
        assertThat(backfill.resume(jobId, "alice").status()).isEqualTo(BackfillStatus.COUNTING);
        BackfillProgress done = awaitEnd(jobId);
        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(done.queued()).isEqualTo(24);
    }
}
