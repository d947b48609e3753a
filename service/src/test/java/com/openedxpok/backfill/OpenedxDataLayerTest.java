package com.openedxpok.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.config.Database;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.CourseFacts.Issued;
import com.openedxpok.kernel.CourseFacts.Signatory;
import com.openedxpok.certificate.Learner;
import com.openedxpok.openedx.CourseInfo;
import com.openedxpok.openedx.CourseInfoRepository;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.issuance.RevokeInPokRepository;
import com.openedxpok.testsupport.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;

/** The V3 tables and the queries on them, on every database we support. */
class OpenedxDataLayerTest {

    private static final CourseKey COURSE = CourseKey.parse("course-v1:Org+CS101+2025");
    private final List<TestDatabase.Created> created = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-02-01T12:00:00.123456Z"), ZoneOffset.UTC);

    @AfterEach
    void drop() {
        pools.forEach(HikariDataSource::close);
        created.forEach(TestDatabase.Created::drop);
    }

    private JdbcClient migrated(TestDatabase kind) {
        TestDatabase.Created db = kind.create();
        created.add(db);
        DataSource dataSource = db.dataSource();
        pools.add((HikariDataSource) dataSource);
        Flyway.configure().dataSource(dataSource).placeholders(Database.of(dataSource).migrationPlaceholders()).load()
                .migrate();
        return JdbcClient.create(dataSource);
    }

    private static TransactionTemplate transactions(JdbcClient jdbc, DataSource dataSource) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void courseInfoRoundTripsUnicodeAndSignatories(TestDatabase kind) {
        CourseInfoRepository repository = new CourseInfoRepository(migrated(kind));
        CourseInfo info = CourseInfo.empty(COURSE).with(new CourseInfo.Observation("Introducción a la Informática 🎓",
                "Intro", "Universidad de Córdoba", "UNC", "Aprender", List.of(
                        new Signatory("Dra. Núñez", "Decana", "UNC"), new Signatory("Li 李", null, null))));

        repository.save(info, clock.instant());
        CourseInfo changed = repository.find(COURSE).orElseThrow().with(new CourseInfo.Observation(null,
                "Intro (2026)", null, null, null, List.of()));
        repository.save(changed, clock.instant());

        CourseInfo stored = repository.find(COURSE).orElseThrow();
        assertThat(stored.sameFacts(changed)).isTrue();
        assertThat(stored.certificateTitle()).isEqualTo("Introducción a la Informática 🎓");
        assertThat(stored.displayName()).isEqualTo("Intro (2026)");
        assertThat(stored.signatories()).containsExactly(new Signatory("Dra. Núñez", "Decana", "UNC"),
                new Signatory("Li 李", null, null));
        assertThat(stored.modifiedAt()).isEqualTo(clock.instant());
        assertThat(repository.find(CourseKey.parse("course-v1:Org+Other+2025"))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void v4KeepsTheFirstIssuedTitleAndEmitterPerFieldAndNewFactsLeaveThemAlone(TestDatabase kind) {
        CourseInfoRepository repository = new CourseInfoRepository(migrated(kind));
        CourseKey unseen = CourseKey.parse("course-v1:Org+Unseen+2025");

        // A course nobody told us anything about gets its row from the first certificate's emitter alone.
        assertThat(repository.keep(unseen, new Issued(null, "POK Account"), clock.instant()))
                .isEqualTo(new Issued(null, "POK Account"));
        assertThat(repository.keep(unseen, new Issued("Título 🎓", "Another Emitter"), clock.instant()))
                .as("the title was free, the emitter was not").isEqualTo(new Issued("Título 🎓", "POK Account"));

        repository.save(CourseInfo.empty(COURSE).with(new CourseInfo.Observation("First Title", null, "Univ", null,
                "Plataforma", List.of())), clock.instant());
        assertThat(repository.keep(COURSE, new Issued("First Title", "Univ"), clock.instant()))
                .isEqualTo(new Issued("First Title", "Univ"));
        // Newer facts are stored, what was issued stays.
        repository.save(repository.find(COURSE).orElseThrow().with(new CourseInfo.Observation("Renamed", null,
                "Other Univ", null, null, List.of())), clock.instant());
        CourseInfo stored = repository.find(COURSE).orElseThrow();
        assertThat(stored.certificateTitle()).isEqualTo("Renamed");
        assertThat(stored.organizationName()).isEqualTo("Other Univ");
        assertThat(stored.issuedTitle()).isEqualTo("First Title");
        assertThat(stored.issuedEmitter()).isEqualTo("Univ");
        assertThat(repository.keep(COURSE, new Issued("Renamed", "Other Univ"), clock.instant()))
                .isEqualTo(new Issued("First Title", "Univ"));

        assertThat(repository.latestPlatformName()).contains("Plataforma");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void backfillJobsKeepTheirCursorAndRefuseStaleSaves(TestDatabase kind) {
        BackfillJobRepository jobs = new BackfillJobRepository(migrated(kind));
        BackfillJob job = jobs.insert(COURSE, "operator:alice", clock.instant());
        assertThat(jobs.findActive(COURSE)).map(BackfillJob::id).contains(job.id());

        String cursor = "https://lms.example.org/api/grades/v1/courses/" + COURSE + "/?cursor=" + "c".repeat(1500);
        BackfillJob counted = jobs.save(job.counting(cursor, 300, 120), clock.instant()).orElseThrow();
        assertThat(counted.nextPageUrl()).isEqualTo(cursor);
        assertThat(jobs.save(job.counting(null, 1, 1), clock.instant())).as("stale version").isEmpty();

        BackfillJob issuing = jobs.save(counted.counted(300, 120), clock.instant()).orElseThrow();
        BackfillJob done = jobs.save(issuing.pageDone(null, 300, 100, 15, 5, 0, 0, clock.instant()), clock.instant())
                .orElseThrow();

        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(done.progress().percent()).hasValue(100);
        assertThat(done.progress()).extracting(BackfillProgress::totalLearners, BackfillProgress::queued,
                BackfillProgress::alreadyHad).containsExactly(300, 100, 15);
        assertThat(jobs.findActive(COURSE)).isEmpty();
        assertThat(jobs.recent(10)).extracting(BackfillJob::id).containsExactly(job.id());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRevocationBeforeCreationIsStoredAsRevokedAndListsAreQueried(TestDatabase kind) {
        TestDatabase.Created db = kind.create();
        created.add(db);
        DataSource dataSource = db.dataSource();
        pools.add((HikariDataSource) dataSource);
        Database database = Database.of(dataSource);
        Flyway.configure().dataSource(dataSource).placeholders(database.migrationPlaceholders()).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        CertificateRepository certificates = new CertificateRepository(jdbc, database);
        CertificateEventRepository events = new CertificateEventRepository(jdbc);
        CertificateLifecycle lifecycle = new CertificateLifecycle(certificates, events, transactions(jdbc, dataSource),
                clock);
        Learner ana = new Learner(17, "ana", "Ana", "ana@example.org", null, "verified", new BigDecimal("0.9"));

        Certificate revoked = lifecycle.recordRevoked(COURSE, ana, "openedx", "Open edX revoked it").orElseThrow();
        assertThat(revoked.status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(lifecycle.recordRevoked(COURSE, ana, "openedx", "again")).map(Certificate::id)
                .contains(revoked.id());
        assertThat(events.history(revoked.id())).extracting(CertificateEvent::kind, CertificateEvent::fromStatus,
                CertificateEvent::toStatus).containsExactly(org.assertj.core.groups.Tuple.tuple("REVOKED", null,
                        CertificateStatus.REVOKED));

        TestCertificates.insert(certificates, COURSE, new Learner(18, "bob", null, null, null, null, null),
                CertificateStatus.QUEUED, clock.instant());
        assertThat(certificates.usernamesWithCertificate(COURSE, List.of("ana", "bob", "carla")))
                .isEqualTo(Set.of("ana", "bob"));
        assertThat(certificates.usernamesWithCertificate(CourseKey.parse("course-v1:Org+Other+1"), List.of("ana")))
                .isEmpty();

        RevokeInPokRepository list = new RevokeInPokRepository(jdbc, certificates, lifecycle, clock);
        list.add(revoked.id(), "Open edX revoked it; POK credential c-1");
        list.add(revoked.id(), "twice");
        assertThat(list.pendingCount()).isEqualTo(1);
        assertThat(list.pending(10)).singleElement().satisfies(item -> assertThat(item.reason()).endsWith("c-1"));
        assertThat(list.markDone(revoked.id(), "alice")).isTrue();
        assertThat(list.pending(10)).isEmpty();
    }
}
