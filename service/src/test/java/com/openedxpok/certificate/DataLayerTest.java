package com.openedxpok.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.openedxpok.config.Database;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.DuplicateCourseTemplateException;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.testsupport.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The migrations and the repositories against each database we support, in a database this test creates and drops.
 */
class DataLayerTest {

    private final List<TestDatabase.Created> created = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        pools.forEach(HikariDataSource::close);
        created.forEach(TestDatabase.Created::drop);
    }

    private record Repos(Database database, JdbcClient jdbc, CertificateRepository certificates,
            CertificateEventRepository events, CourseTemplateRepository templates) {
    }

    private Repos migrated(TestDatabase kind) {
        TestDatabase.Created db = kind.create();
        created.add(db);
        DataSource dataSource = db.dataSource();
        pools.add((HikariDataSource) dataSource);
        Database database = Database.of(dataSource);
        Flyway.configure().dataSource(dataSource).placeholders(database.migrationPlaceholders()).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return new Repos(database, jdbc, new CertificateRepository(jdbc, database), new CertificateEventRepository(jdbc),
                new CourseTemplateRepository(jdbc));
    }

    private static Learner learner(long userId, String name) {
        return new Learner(userId, "user" + userId, name, "user" + userId + "@example.org", "es-AR", "verified",
                new BigDecimal("0.87"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void migrationsCreateEveryTableOnAnEmptyDatabase(TestDatabase kind) {
        Repos repos = migrated(kind);
        for (String table : List.of("course_template", "course_template_parameter", "pok_certificate",
                "certificate_event", "service_state", "scheduled_tasks")) {
            assertThat(repos.jdbc().sql("SELECT COUNT(*) FROM " + table).query(Long.class).single())
                    .as(table).isZero();
        }
        assertThat(repos.database()).isEqualTo(switch (kind) {
            case H2 -> Database.H2;
            case POSTGRESQL -> Database.POSTGRESQL;
            case MARIADB -> Database.MYSQL;
        });
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCertificateRoundTripsEveryFieldIncludingUnicodeAndMicroseconds(TestDatabase kind) {
        Repos repos = migrated(kind);
        String longName = "Ñandú 名前 🎓 ".repeat(30).substring(0, 300);
        Instant now = Instant.parse("2025-06-01T14:03:00.123456Z");
        CourseKey course = CourseKey.parse("course-v1:Org+CS101+2025");

        Certificate stored = repos.certificates().insertIfAbsent(course, learner(17, longName),
                CertificateStatus.QUEUED, now).certificate();

        assertThat(stored.learner().name()).isEqualTo(longName);
        assertThat(stored.learner().grade()).isEqualByComparingTo("0.87");
        assertThat(stored.createdAt()).isEqualTo(now);
        assertThat(stored.status()).isEqualTo(CertificateStatus.QUEUED);
        assertThat(stored.publicId()).hasSize(22);

        PokCredential pok = new PokCredential("cred-1", "someFutureState", "https://pok.example/view/1",
                "https://img.example/1.png", now, EmissionType.BLOCKCHAIN, now.minus(1, ChronoUnit.DAYS), "Título <b>",
                "Example University", List.of("StudentId:17", "CourseId:" + course, "Mode:verified"), "page-1");
        Certificate saved = repos.certificates().save(
                stored.withPok(pok).withStatus(CertificateStatus.PROCESSING, 1, now.plusSeconds(30), "none"),
                now.plusSeconds(1)).orElseThrow();

        assertThat(saved.pok()).isEqualTo(pok);
        assertThat(saved.status()).isEqualTo(CertificateStatus.PROCESSING);
        assertThat(saved.attempts()).isEqualTo(1);
        assertThat(saved.nextAttemptAt()).isEqualTo(now.plusSeconds(30));
        assertThat(saved.version()).isEqualTo(stored.version() + 1);
        assertThat(repos.certificates().findByPublicId(stored.publicId())).contains(saved);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void timestampsDoNotDependOnTheJvmTimeZone(TestDatabase kind) {
        Repos repos = migrated(kind);
        Instant now = Instant.parse("2025-03-30T01:30:00Z");
        TimeZone original = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("America/Argentina/Buenos_Aires"));
            repos.certificates().insertIfAbsent(CourseKey.parse("Org/CS101/2025"), learner(5, "Ana"),
                    CertificateStatus.QUEUED, now);
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            Certificate read = repos.certificates().findByLearnerAndCourse(5, CourseKey.parse("Org/CS101/2025"))
                    .orElseThrow();
            assertThat(read.createdAt()).isEqualTo(now);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aStaleSaveIsRefusedInsteadOfOverwriting(TestDatabase kind) {
        Repos repos = migrated(kind);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Certificate original = repos.certificates().insertIfAbsent(CourseKey.parse("course-v1:A+B+C"), learner(1, "A"),
                CertificateStatus.QUEUED, now).certificate();

        assertThat(repos.certificates().save(original.withStatus(CertificateStatus.SUBMITTING, 1, null, null), now))
                .isPresent();
        assertThat(repos.certificates().save(original.withStatus(CertificateStatus.FAILED, 1, null, "late"), now))
                .isEmpty();
        assertThat(repos.certificates().findById(original.id()).orElseThrow().status())
                .isEqualTo(CertificateStatus.SUBMITTING);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void fiftyConcurrentRequestsForOneLearnerCreateExactlyOneCertificate(TestDatabase kind) throws Exception {
        Repos repos = migrated(kind);
        CourseKey course = CourseKey.parse("course-v1:Org+Race+2025");
        int threads = 50;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            calls.add(() -> {
                start.await();
                return repos.certificates().insertIfAbsent(course, learner(42, "Ana"), CertificateStatus.QUEUED,
                        Instant.now()).created();
            });
        }
        List<Future<Boolean>> futures = new ArrayList<>();
        calls.forEach(c -> futures.add(pool.submit(c)));
        start.countDown();
        int createdCount = 0;
        for (Future<Boolean> f : futures) {
            createdCount += f.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(createdCount).isEqualTo(1);
        assertThat(repos.jdbc().sql("SELECT COUNT(*) FROM pok_certificate").query(Long.class).single()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void courseKeysAreCaseSensitiveAsInOpenEdx(TestDatabase kind) {
        Repos repos = migrated(kind);
        Instant now = Instant.now();
        assertThat(repos.certificates().insertIfAbsent(CourseKey.parse("course-v1:Org+CS101+2025"), learner(1, "A"),
                CertificateStatus.QUEUED, now).created()).isTrue();
        assertThat(repos.certificates().insertIfAbsent(CourseKey.parse("course-v1:org+cs101+2025"), learner(1, "A"),
                CertificateStatus.QUEUED, now).created()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void historyIsKeptInOrder(TestDatabase kind) {
        Repos repos = migrated(kind);
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        Certificate c = repos.certificates().insertIfAbsent(CourseKey.parse("course-v1:A+B+C"), learner(9, "B"),
                CertificateStatus.QUEUED, now).certificate();
        repos.events().append(CertificateEvent.of(c.id(), now, "openedx", "REQUESTED", null, CertificateStatus.QUEUED,
                "creation webfilter"));
        repos.events().append(CertificateEvent.of(c.id(), now.plusSeconds(1), "worker", "TRANSITION",
                CertificateStatus.QUEUED, CertificateStatus.SUBMITTING, "x".repeat(5000)));

        List<CertificateEvent> history = repos.events().history(c.id());
        assertThat(history).extracting(CertificateEvent::kind).containsExactly("REQUESTED", "TRANSITION");
        assertThat(history.get(1).fromStatus()).isEqualTo(CertificateStatus.QUEUED);
        assertThat(history.get(1).detail()).hasSize(CertificateEvent.MAX_DETAIL);
        assertThat(history.get(0).occurredAt()).isEqualTo(now);
    }

    /** The dashboard's reconciling line: certificates emitted since a time, and how many of them are not any more. */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void emittedSinceCountsCertificatesOnceAndThoseNoLongerEmitted(TestDatabase kind) {
        Repos repos = migrated(kind);
        Instant now = Instant.parse("2025-03-01T00:00:00Z");
        CourseKey course = CourseKey.parse("course-v1:E+M+1");
        Certificate stillEmitted = repos.certificates().insertIfAbsent(course, learner(21, "E"), CertificateStatus.EMITTED,
                now).certificate();
        Certificate revoked = repos.certificates().insertIfAbsent(course, learner(22, "R"), CertificateStatus.REVOKED,
                now).certificate();
        Certificate old = repos.certificates().insertIfAbsent(course, learner(23, "O"), CertificateStatus.EMITTED,
                now).certificate();
        for (Certificate c : List.of(stillEmitted, revoked)) {
            repos.events().append(CertificateEvent.of(c.id(), now.plusSeconds(10), "worker", "EMITTED",
                    CertificateStatus.PROCESSING, CertificateStatus.EMITTED, "view URL"));
        }
        // Emitted twice (issued again): one certificate all the same.
        repos.events().append(CertificateEvent.of(stillEmitted.id(), now.plusSeconds(20), "worker", "EMITTED",
                CertificateStatus.PROCESSING, CertificateStatus.EMITTED, "view URL"));
        repos.events().append(CertificateEvent.of(old.id(), now.minusSeconds(60), "worker", "EMITTED",
                CertificateStatus.PROCESSING, CertificateStatus.EMITTED, "before the window"));

        assertThat(repos.events().emittedSince(now)).isEqualTo(new CertificateEventRepository.EmittedSince(2, 1));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void oneTemplatePerCourseWithItsParameterMappings(TestDatabase kind) {
        Repos repos = migrated(kind);
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        CourseKey course = CourseKey.parse("course-v1:DemoX+POK101+2026");
        CourseTemplate draft = new CourseTemplate(0, course, "tpl-1", EmissionType.BLOCKCHAIN, "page-1", "Title",
                null, false, true, List.of(
                        new ParameterMapping("grade", "Grade", ParameterMapping.KeyBy.ID, ParameterSource.GRADE, null),
                        new ParameterMapping("p2", "Platform", ParameterMapping.KeyBy.LABEL, ParameterSource.CONSTANT,
                                "Example Learning")),
                null, null);

        CourseTemplate saved = repos.templates().insert(draft, now);
        assertThat(saved.parameters()).containsExactlyElementsOf(draft.parameters());
        assertThat(saved.emissionType()).isEqualTo(EmissionType.BLOCKCHAIN);
        assertThat(saved.skipAcceptance()).isFalse();
        assertThatThrownBy(() -> repos.templates().insert(CourseTemplate.draft(course, "tpl-2"), now))
                .isInstanceOf(DuplicateCourseTemplateException.class)
                .hasMessageContaining("already has a POK template");

        CourseTemplate edited = new CourseTemplate(saved.id(), course, "tpl-3", EmissionType.POK, null, null, null, true,
                false, List.of(new ParameterMapping("grade", null, null, ParameterSource.GRADE, null)), null, null);
        CourseTemplate updated = repos.templates().update(edited, now.plusSeconds(5)).orElseThrow();
        assertThat(updated.templateId()).isEqualTo("tpl-3");
        assertThat(updated.enabled()).isFalse();
        assertThat(updated.parameters()).hasSize(1);
        assertThat(updated.modifiedAt()).isEqualTo(now.plusSeconds(5));
        assertThat(repos.templates().findAll()).hasSize(1);

        assertThat(repos.templates().delete(saved.id())).isTrue();
        assertThat(repos.templates().findByCourse(course)).isEmpty();
        assertThat(repos.jdbc().sql("SELECT COUNT(*) FROM course_template_parameter").query(Long.class).single())
                .isZero();
    }

    @Test
    void anInvalidEmissionTypeIsRejectedByTheSchemaItself() {
        Repos repos = migrated(TestDatabase.H2);
        assertThatThrownBy(() -> repos.jdbc().sql("INSERT INTO course_template (course_key, template_id, emission_type, "
                + "created_at, modified_at) VALUES ('course-v1:A+B+C', 't', 'nft', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                .update()).hasMessageContaining("CK_COURSE_TEMPLATE_EMISSION");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theSearchWordsMigrationGivesExistingCertificatesTheirWords(TestDatabase kind) {
        TestDatabase.Created db = kind.create();
        created.add(db);
        DataSource dataSource = db.dataSource();
        pools.add((HikariDataSource) dataSource);
        Database database = Database.of(dataSource);
        Flyway.configure().dataSource(dataSource).placeholders(database.migrationPlaceholders()).target("5").load()
                .migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // 2,500 certificates written before V6 (more than one page of the backfill), as SQL: no words yet.
        for (int i = 1; i <= 2500; i++) {
            jdbc.sql("INSERT INTO pok_certificate (public_id, user_id, course_key, username, receiver_name, "
                            + "receiver_email, pok_credential_id, status, queued_at, created_at, modified_at) VALUES "
                            + "(:publicId, :userId, :course, :username, :name, :email, :credential, 'EMITTED', "
                            + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                    .param("publicId", "p" + i).param("userId", 1000 + i).param("course", "course-v1:DemoX+POK101+2026")
                    .param("username", "user" + i).param("name", i == 2500 ? "José Núñez" : "Learner " + i)
                    .param("email", "USER" + i + "@Example.org").param("credential", "cred-" + i).update();
        }

        Flyway.configure().dataSource(dataSource).placeholders(database.migrationPlaceholders()).load().migrate();

        CertificateSearch certificates = new CertificateSearch(jdbc, database);
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT certificate_id) FROM certificate_search_word").query(Long.class)
                .single()).isEqualTo(2500);
        assertThat(certificates.page(filter("jose nunez"), CertificateSearch.PageFrom.NEWEST, 0, 10))
                .extracting(c -> c.learner().username()).containsExactly("user2500");
        assertThat(certificates.page(filter("user17@example.ORG"), CertificateSearch.PageFrom.NEWEST, 0, 10))
                .extracting(c -> c.learner().username()).containsExactly("user17");
        assertThat(certificates.page(filter("cred-1234"), CertificateSearch.PageFrom.NEWEST, 0, 10))
                .extracting(c -> c.learner().username()).containsExactly("user1234");
        assertThat(certificates.countUpTo(filter("demox"), 10_000)).isEqualTo(2500);
    }

    private static CertificateFilter filter(String query) {
        return new CertificateFilter(query, java.util.Set.of(), null, null, null, null, null);
    }
}
