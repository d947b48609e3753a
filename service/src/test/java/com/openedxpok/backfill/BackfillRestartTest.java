package com.openedxpok.backfill;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.openedxpok.OpenedxPokApplication;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.FakeLms;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.simulator.SimulatedCredential;

/**
 * A backfill of 5,000 learners interrupted by a restart of the service: the same database (an H2 file), the same fake
 * LMS and the same POK simulator for both runs. Every learner ends up with exactly one certificate, and POK with
 * exactly one credential per learner.
 */
class BackfillRestartTest {

    static final CourseKey COURSE = CourseKey.parse("course-v1:Org+BIG+2026");
    static final int LEARNERS = 5_000;
    /** A learner on page 21 whose certificate check fails in the first run: the job stops mid-page. */
    static final String STUCK = "learner2050";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private Path directory;

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private ConfigurableApplicationContext run(FakeLms lms, PokSimulator pok) {
        return new SpringApplicationBuilder(OpenedxPokApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + directory.resolve("pok") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--pok.api-url=" + pok.baseUrl(),
                "--pok.api-key=" + PokSimulator.DEFAULT_API_KEY,
                "--openedx.webhook-token=restart-test-token-0123456789",
                "--lms.url=" + lms.url(),
                "--openedx.client-id=" + FakeLms.CLIENT_ID,
                "--openedx.client-secret=" + FakeLms.CLIENT_SECRET,
                "--openedx.api-max-attempts=1",
                "--pok.max-requests-per-second=5000",
                "--pok.max-concurrency=8",
                "--logging.level.com.openedxpok=WARN");
    }

    @Test
    void aBackfillOf5000LearnersInterruptedByARestartIssuesEveryLearnerExactlyOnce() throws IOException {
        directory = Files.createTempDirectory("backfill-restart-");
        FakeLms lms = FakeLms.start();
        resources.add(lms);
        PokSimulator pok = PokSimulator.builder().emitDelay(Duration.ZERO).start();
        resources.add(pok);
        lms.tokens(3600, "token-1");
        lms.course(COURSE.value(), "Big Course", "Org");
        lms.generatedAccounts();
        lms.generatedAccountsInBulk();
        lms.generatedCertificates();
        lms.noLanguagePreferences();
        int pages = LEARNERS / 100;
        for (int p = 0; p < pages; p++) {
            lms.gradesPage(COURSE.value(), p, pages - 1, IntStream.rangeClosed(p * 100 + 1, p * 100 + 100)
                    .mapToObj(n -> FakeLms.grade(n, COURSE.value(), true)).collect(Collectors.joining(",", "[", "]")));
        }
        StubMapping broken = lms.stub(get(urlPathEqualTo("/api/certificates/v0/certificates/" + STUCK + "/courses/"
                + COURSE + "/")).willReturn(aResponse().withStatus(503)));

        // First run: the job counts, then issues page after page until the broken learner stops it on page 21.
        long jobId;
        try (ConfigurableApplicationContext first = run(lms, pok)) {
            first.getBean(CourseTemplateRepository.class).insert(CourseTemplate.draft(COURSE, "plain-template"),
                    Instant.now());
            BackfillService backfill = first.getBean(BackfillService.class);
            jobId = backfill.start(COURSE, "alice").jobId();
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                BackfillProgress progress = backfill.progress(jobId).orElseThrow();
                return progress.lastError() != null && progress.learnersSeen() == 2_000;
            });
            BackfillProgress interrupted = backfill.progress(jobId).orElseThrow();
            assertThat(interrupted.status()).isEqualTo(BackfillStatus.ISSUING);
            assertThat(interrupted.totalLearners()).isEqualTo(LEARNERS);
            assertThat(interrupted.queued()).isEqualTo(2_000);
            assertThat(interrupted.percent()).hasValue(40);
        }
        lms.server().removeStub(broken);

        // Second run on the same database: the job continues where it stopped, the worker finishes every certificate.
        try (ConfigurableApplicationContext second = run(lms, pok)) {
            BackfillService backfill = second.getBean(BackfillService.class);
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    backfill.progress(jobId).orElseThrow().status() == BackfillStatus.DONE
                            && emitted(jdbc) == LEARNERS);

            BackfillProgress done = backfill.progress(jobId).orElseThrow();
            assertThat(done).extracting(BackfillProgress::learnersSeen, BackfillProgress::queued,
                    BackfillProgress::alreadyHad, BackfillProgress::failed, BackfillProgress::notCertified)
                    .containsExactly(LEARNERS, LEARNERS, 0, 0, 0);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM pok_certificate WHERE course_key = :c")
                    .param("c", COURSE.value()).query(Long.class).single()).isEqualTo(LEARNERS);
            assertThat(jdbc.sql("SELECT COUNT(DISTINCT user_id) FROM pok_certificate WHERE course_key = :c "
                    + "AND user_id BETWEEN 1 AND " + LEARNERS).param("c", COURSE.value()).query(Long.class).single())
                    .isEqualTo(LEARNERS);
        }

        List<SimulatedCredential> credentials = pok.credentials();
        assertThat(credentials).hasSize(LEARNERS);
        for (int learner = 1; learner <= LEARNERS; learner++) {
            assertThat(pok.credentialsCreatedFor(String.valueOf(learner))).as("learner " + learner).hasSize(1);
        }
        assertThat(credentials.stream().map(SimulatedCredential::title).distinct()).containsExactly("Big Course");
    }

    private static long emitted(JdbcClient jdbc) {
        return jdbc.sql("SELECT COUNT(*) FROM pok_certificate WHERE course_key = :c AND status = 'EMITTED'")
                .param("c", COURSE.value()).query(Long.class).single();
    }
}
