package com.openedxpok.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.openedxpok.OpenedxPokApplication;
import com.openedxpok.simulator.SimOperation;
import com.openedxpok.simulator.PokSimulator;

/**
 * An import stopped after two of its batches (the instance went away: its execution is still in db-scheduler's
 * table) and taken up by the next start on the same database (an H2 file): every line is applied exactly once, every
 * certificate has exactly one "imported" line in its history, and POK is asked to issue nothing.
 */
class ImportRestartTest {

    static final int LINES = 2_300;

    @TempDir
    Path directory;

    private ConfigurableApplicationContext run(PokSimulator pok) {
        return new SpringApplicationBuilder(OpenedxPokApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + directory.resolve("pok") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--pok.api-url=" + pok.baseUrl(),
                "--pok.api-key=" + PokSimulator.DEFAULT_API_KEY,
                "--openedx.webhook-token=import-restart-token-0123456789",
                "--logging.level.com.openedxpok=WARN");
    }

    @Test
    void anImportStoppedMidwayIsFinishedByTheNextStartWithEachLineAppliedOnce() throws Exception {
        StringBuilder export = new StringBuilder(OpenedxPokImportTest.CERTIFICATES_HEADER).append('\n');
        for (int i = 1; i <= LINES; i++) {
            export.append(OpenedxPokImportTest.ImportOnADatabase.line(i, "2023-01-01 10:00:00",
                    "2023-01-01 10:00:00", 50_000 + i, "course-v1:Restart+R1+2023", "cred-" + i, "emitted",
                    "https://pok.example/view/" + i, "2023-01-01 10:00:00", "pok", null, "Restart course", "Org",
                    "[\"Mode:verified\"]", "demo-page", "l" + i + "@example.org", "Learner " + i, "learner" + i,
                    "l" + i + "@example.org"));
        }
        try (PokSimulator pok = PokSimulator.builder().start()) {
            long jobId;
            try (ConfigurableApplicationContext first = run(pok)) {
                first.getBean(Scheduler.class).stop();
                OpenedxPokImportService imports = first.getBean(OpenedxPokImportService.class);
                jobId = imports.upload(new ByteArrayInputStream(export.toString().getBytes(StandardCharsets.UTF_8)),
                        null, "importer").id();
                imports.start(jobId, "importer");
                // What the execution did before its instance went away: two batches, committed.
                assertThat(imports.runSome(jobId, 2, () -> false)).isTrue();
                assertThat(imports.job(jobId).cursor()).isEqualTo(2 * OpenedxPokImportService.BATCH);
            }
            try (ConfigurableApplicationContext second = run(pok)) {
                OpenedxPokImportService imports = second.getBean(OpenedxPokImportService.class);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> imports.job(jobId).status() == ImportJob.Status.DONE);
                JdbcClient jdbc = second.getBean(JdbcClient.class);
                ImportJob done = imports.job(jobId);
                assertThat(done.accepted()).isEqualTo(LINES);
                assertThat(done.skipped()).isZero();
                assertThat(jdbc.sql("SELECT COUNT(*) FROM import_line WHERE job_id = :id AND outcome = 'ACCEPTED'")
                        .param("id", jobId).query(Long.class).single()).isEqualTo(LINES);
                assertThat(jdbc.sql("SELECT COUNT(*) FROM pok_certificate WHERE status = 'EMITTED'")
                        .query(Long.class).single()).isEqualTo(LINES);
                assertThat(jdbc.sql("SELECT COUNT(*) FROM (SELECT certificate_id FROM certificate_event WHERE kind = "
                        + "'IMPORTED' GROUP BY certificate_id HAVING COUNT(*) = 1) once").query(Long.class).single())
                        .isEqualTo(LINES);
                assertThat(jdbc.sql("SELECT COUNT(*) FROM certificate_event").query(Long.class).single())
                        .isEqualTo(LINES);
                assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isZero();
            }
        }
        assertThat(Files.exists(directory.resolve("pok.mv.db"))).isTrue();
    }
}
