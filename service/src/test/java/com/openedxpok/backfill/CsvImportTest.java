package com.openedxpok.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.RenderPathEnqueuer;
import com.openedxpok.backfill.CsvImportReport.RowError;
import com.openedxpok.demo.DemoCourseTemplateSeeder;

/**
 * The CSV backfill (no LMS API in this context): rows with errors are reported by line and nothing of them is stored,
 * the valid ones are queued. The scheduler is stopped so that 10,000 queued certificates are not issued meanwhile.
 */
@SpringBootTest
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class CsvImportTest {

    static final String COURSE = DemoCourseTemplateSeeder.DEMO_COURSE_KEY;

    @Autowired
    BackfillService backfill;
    @Autowired
    CertificateRepository certificates;
    @Autowired
    Scheduler scheduler;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RenderPathEnqueuer renderPath;

    @BeforeEach
    void stopIssuing() {
        if (!scheduler.getSchedulerState().isShuttingDown()) {
            scheduler.stop();
        }
    }

    private CsvImportReport importCsv(String csv) {
        return backfill.importCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "alice");
    }

    private long certificatesOf(long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM pok_certificate WHERE user_id = :id").param("id", userId)
                .query(Long.class).single();
    }

    @Test
    void badRowsAreReportedByLineAndNothingOfThemIsStored(CapturedOutput output) {
        String csv = """
                user_id,username,email,full_name,course_key,grade,language
                201,ana,ana@example.org,"García López, Ana",%1$s,0.87,es
                202,bob,bob@example.org,Bob,course-v1:broken,,
                203,carla,,Carla,%1$s,,
                204,dan,dan@example.org,Dan,%1$s,95%%,pt-br
                204,dan,dan@example.org,Dan,%1$s,95%%,pt-br
                205,eve,eve@example.org,Eve,course-v1:Other+X+2026,,
                abc,fay,fay@example.org,Fay,%1$s,,
                207,gus,gus@example.org,Gus,%1$s,1.7.2,
                208,hal,hal@example.org,Hal,%1$s,,klingon-xx-yy-zz
                209,ivy,ivy@example.org
                210,jo,jo@example,Jo,%1$s,,

                211,"kim",kim@example.org,"Kim ""The Great""
                Second line",%1$s,50,en
                """.formatted(COURSE);

        CsvImportReport report = importCsv(csv);

        assertThat(report.errors()).extracting(RowError::line, RowError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "Course key 'course-v1:broken' is not a course key of the form "
                        + "course-v1:ORG+NUMBER+RUN or ORG/NUMBER/RUN"),
                org.assertj.core.groups.Tuple.tuple(4, "email is missing"),
                org.assertj.core.groups.Tuple.tuple(6, "duplicates line 5 (same user_id and course_key)"),
                org.assertj.core.groups.Tuple.tuple(7, "course course-v1:Other+X+2026 is not enabled for POK"),
                org.assertj.core.groups.Tuple.tuple(8, "user_id is not a whole number"),
                org.assertj.core.groups.Tuple.tuple(9, "grade must be a number between 0 and 1, or a percentage "
                        + "such as 87%"),
                org.assertj.core.groups.Tuple.tuple(10, "language 'klingon-xx-yy-zz' is not a language code such as "
                        + "es, pt-br or es_419"),
                org.assertj.core.groups.Tuple.tuple(11, "has 3 fields; the header has 7"),
                org.assertj.core.groups.Tuple.tuple(12, "email is not an email address"));
        assertThat(report.rows()).isEqualTo(12);
        assertThat(report.queued()).isEqualTo(3);
        assertThat(report.errorCount()).isEqualTo(9);
        for (long refused : new long[] {202, 203, 205, 207, 208, 209, 210}) {
            assertThat(certificatesOf(refused)).as("user " + refused).isZero();
        }
        assertThat(certificatesOf(204)).isEqualTo(1);

        Certificate ana = certificates.findByLearnerAndCourse(201, CourseKey.parse(COURSE)).orElseThrow();
        assertThat(ana.status()).isEqualTo(CertificateStatus.QUEUED);
        assertThat(ana.learner().name()).isEqualTo("García López, Ana");
        assertThat(ana.learner().grade()).isEqualByComparingTo("0.87");
        assertThat(ana.learner().languageTag()).isEqualTo("es");
        assertThat(certificates.findByLearnerAndCourse(204, CourseKey.parse(COURSE)).orElseThrow().learner().grade())
                .isEqualByComparingTo("0.95");
        Certificate kim = certificates.findByLearnerAndCourse(211, CourseKey.parse(COURSE)).orElseThrow();
        assertThat(kim.learner().name()).isEqualTo("Kim \"The Great\"\nSecond line");
        assertThat(kim.learner().grade()).isEqualByComparingTo("0.5");

        assertThat(output.getAll()).contains("CSV import by alice: 12 rows, 3 queued")
                .doesNotContain("ana@example.org");
        assertThat(report.toString()).doesNotContain("@example.org");

        CsvImportReport again = importCsv(csv);
        assertThat(again.queued()).isZero();
        assertThat(again.alreadyHad()).isEqualTo(3);
    }

    @Test
    void tenThousandRowsWithoutAHeaderAreQueuedAndTheFewBadOnesReported() {
        StringBuilder csv = new StringBuilder("\uFEFF");
        for (int i = 1; i <= 10_000; i++) {
            long userId = 100_000 + i;
            String course = i % 1000 == 0 ? "not-a-course-key" : COURSE;
            csv.append(userId).append(",user").append(userId).append(",user").append(userId).append("@example.org,")
                    .append("Learner ").append(i).append(',').append(course).append("\r\n");
        }

        CsvImportReport report = importCsv(csv.toString());

        assertThat(report.rows()).isEqualTo(10_000);
        assertThat(report.queued()).isEqualTo(9_990);
        assertThat(report.errors()).extracting(RowError::line)
                .containsExactly(1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000);
        long stored = jdbc.sql("SELECT COUNT(*) FROM pok_certificate WHERE user_id > 100000 AND user_id <= 110000")
                .query(Long.class).single();
        assertThat(stored).isEqualTo(9_990);
        assertThat(certificatesOf(101_000)).isZero();
    }

    /** A shifted column or a copy error would send one learner's certificate to another: said, line by line. */
    @Test
    void aLineGivingAnotherLearnersUsernameOrEmailIsQueuedWithAWarning() {
        CsvImportReport first = importCsv("user_id,username,email,full_name,course_key\n"
                + "7101,grace_h,grace.h@example.org,Grace Hopper," + COURSE + "\n");
        assertThat(first.queued()).isEqualTo(1);
        assertThat(first.warnings()).isEmpty();

        CsvImportReport report = importCsv("user_id,username,email,full_name,course_key\n"
                + "7102,grace_h,someone.else@example.org,Someone Else," + COURSE + "\n"
                + "7103,ada_l,grace.h@example.org,Ada Lovelace," + COURSE + "\n"
                + "7101,grace_h,grace.h@example.org,Grace Hopper," + COURSE + "\n"
                + "7104,fresh,fresh@example.org,Fresh Learner," + COURSE + "\n");

        assertThat(report.queued()).isEqualTo(3);
        assertThat(report.alreadyHad()).isEqualTo(1);
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).extracting(CsvImportReport.RowError::line).containsExactly(2, 3);
        assertThat(report.warnings().get(0).message()).contains("username belongs to Open edX user id 7101");
        assertThat(report.warnings().get(1).message()).contains("email belongs to Open edX user id 7101")
                .doesNotContain("grace.h@example.org");
        assertThat(certificatesOf(7102)).isEqualTo(1);
    }

    @Test
    void aFileThatCannotBeReadIsRefusedWhole() {
        CsvImportReport badHeader = importCsv("user_id,username,email,full_name,course_key,shoe_size\n"
                + "301,x,x@example.org,X," + COURSE + ",42\n");
        assertThat(badHeader.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.message()).contains("Unknown column 'shoe_size'");
        });
        assertThat(certificatesOf(301)).isZero();

        byte[] latin1 = ("302,jose,jose@example.org,José," + COURSE + "\n").getBytes(StandardCharsets.ISO_8859_1);
        CsvImportReport notUtf8 = backfill.importCsv(new ByteArrayInputStream(latin1), "alice");
        assertThat(notUtf8.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("not UTF-8"));
        assertThat(certificatesOf(302)).isZero();

        CsvImportReport unclosed = importCsv("303,a,a@example.org,A," + COURSE + "\n304,b,b@example.org,\"B,"
                + COURSE + "\n");
        assertThat(unclosed.queued()).isEqualTo(1);
        assertThat(unclosed.errors()).extracting(RowError::line).containsExactly(2);
    }

    @Test
    void withoutTheLmsApiOnlyTheCsvBackfillIsAvailable() {
        assertThat(backfill.apiAvailable()).isFalse();
        assertThatThrownBy(() -> backfill.start(CourseKey.parse(COURSE), "alice"))
                .isInstanceOf(BackfillException.class).hasMessageContaining("import a CSV file instead");
        assertThatThrownBy(() -> backfill.dryRun(CourseKey.parse(COURSE))).isInstanceOf(BackfillException.class);
        assertThat(renderPath.enqueueIfCertified(401, CourseKey.parse(COURSE), "someone", null)).isFalse();
        assertThat(backfill.enabledCourses()).isEqualTo(List.of(CourseKey.parse(COURSE)));
    }
}
