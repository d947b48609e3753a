package com.openedxpok.reissue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.config.Database;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.GradeFormat;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.issuance.OperatorActionService;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.testsupport.MutableClock;
import com.openedxpok.testsupport.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Migration V9 on each database, in one this test creates and drops: the grade format of a parameter mapping (an
 * existing mapping keeps {@code 87%}) and the "needs re-issue" list's SQL.
 */
class FidelityDataLayerTest {

    private final List<TestDatabase.Created> created = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final Clock clock = new MutableClock();

    @AfterEach
    void dropDatabases() {
        pools.forEach(HikariDataSource::close);
        created.forEach(TestDatabase.Created::drop);
    }

    private DataSource migrated(TestDatabase kind) {
        TestDatabase.Created db = kind.create();
        created.add(db);
        DataSource dataSource = db.dataSource();
        pools.add((HikariDataSource) dataSource);
        Flyway.configure().dataSource(dataSource).placeholders(Database.of(dataSource).migrationPlaceholders())
                .load().migrate();
        return dataSource;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aMappingKeepsItsGradeFormatAndOneWrittenWithoutItIsAPercentage(TestDatabase kind) {
        DataSource dataSource = migrated(kind);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        CourseTemplateRepository templates = new CourseTemplateRepository(jdbc);
        CourseKey course = CourseKey.parse("course-v1:Fid+Grade+2026");
        CourseTemplate saved = templates.insert(new CourseTemplate(0, course, "t1", EmissionType.POK, null, null, null,
                false, true, List.of(
                        new ParameterMapping("grade", "Grade", ParameterMapping.KeyBy.ID, ParameterSource.GRADE, null,
                                GradeFormat.NUMBER),
                        new ParameterMapping("score", "Score", ParameterMapping.KeyBy.LABEL, ParameterSource.GRADE,
                                null)), null, null), clock.instant());
        // As a version before V9 wrote it: no grade_format.
        jdbc.sql("INSERT INTO course_template_parameter (course_template_id, parameter_id, parameter_label, key_by, "
                + "source) VALUES (:id, 'old', 'Old', 'id', 'grade')").param("id", saved.id()).update();

        List<ParameterMapping> read = templates.findByCourse(course).orElseThrow().parameters();

        assertThat(read).extracting(ParameterMapping::parameterId, ParameterMapping::gradeFormat).containsExactly(
                org.assertj.core.groups.Tuple.tuple("grade", GradeFormat.NUMBER),
                org.assertj.core.groups.Tuple.tuple("score", GradeFormat.PERCENT),
                org.assertj.core.groups.Tuple.tuple("old", GradeFormat.PERCENT));
        assertThatThrownBy(() -> jdbc.sql("UPDATE course_template_parameter SET grade_format = 'fraction'").update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aChangeIsListedOnceUpdatedByALaterReportAndGoneWhenKept(TestDatabase kind) {
        DataSource dataSource = migrated(kind);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Database database = Database.of(dataSource);
        CertificateRepository certificates = new CertificateRepository(jdbc, database);
        CertificateEventRepository events = new CertificateEventRepository(jdbc);
        CertificateLifecycle lifecycle = new CertificateLifecycle(certificates, events,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), clock);
        NeedsReissueList list = new NeedsReissueList(jdbc, certificates, lifecycle, null,
                ServiceConfig.LearnerChangePolicy.LIST, clock);
        Learner issued = new Learner(77, "zoe", "Zoë Ünal", "zoe@example.org", "tr", "verified",
                new BigDecimal("0.9"));
        Certificate queued = TestCertificates.insert(certificates, CourseKey.parse("course-v1:Fid+Re+2026"), issued,
                CertificateStatus.QUEUED, clock.instant()).certificate();
        Certificate c = TestCertificates.save(certificates, queued.withPok(new PokCredential("cred-1", "emitted", null, null, null, EmissionType.POK,
                null, "T", "E", List.of(), null)).withStatus(CertificateStatus.EMITTED, 1, null, null),
                clock.instant()).orElseThrow();

        list.reported(c, new Learner(77, "zoe", "Zoë Ünal Kaya", "zoe@example.org", null, null, null), "event: x");
        list.reported(c, new Learner(77, "zoe", "Zoë Ünal Kaya", "zoe@example.org", null, null, null), "event: x");
        list.reported(c, new Learner(77, "zoe", "Zoë Ünal Kaya", "zoe.kaya@example.org", null, null, null),
                "backfill");

        assertThat(list.pendingCount()).isEqualTo(1);
        NeedsReissueList.Item item = list.pending().get(0);
        assertThat(item.changed()).isEqualTo("name and email");
        assertThat(item.newName()).isEqualTo("Zoë Ünal Kaya");
        assertThat(item.newEmail()).isEqualTo("zoe.kaya@example.org");
        assertThat(item.reportedBy()).isEqualTo("backfill");
        assertThat(events.history(c.id())).filteredOn(e -> e.kind().equals("LEARNER_CHANGED")).hasSize(2);

        list.dismiss(c.id(), "olga");

        assertThat(list.pendingCount()).isZero();
        assertThatThrownBy(() -> list.dismiss(c.id(), "olga")).isInstanceOf(OperatorActionService.NotAllowedException.class);
        // A later change starts a new entry.
        list.reported(c, new Learner(77, "zoe", "Zoe Kaya", null, null, null, null), "event: y");
        assertThat(list.pending()).extracting(NeedsReissueList.Item::changed).containsExactly("name");
    }
}
