package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.config.Database;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.pok.CredentialDetails;
import com.openedxpok.pok.CredentialImage;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.pok.IssueRequest;
import com.openedxpok.pok.IssuedCredential;
import com.openedxpok.pok.Organization;
import com.openedxpok.pok.PokClient;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokFailure;
import com.openedxpok.pok.PokPage;
import com.openedxpok.pok.PokTemplate;
import com.openedxpok.pok.PreviewRequest;
import com.openedxpok.pok.TemplatePreview;
import com.openedxpok.testsupport.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The background refresh of POK image URLs, against a real (H2) database. POK is a hand-written test double that
 * records calls: the POK simulator is not on this branch yet (the integrator adds a simulator-backed variant).
 */
class ImageUrlRefresherTest {

    private static final Instant NOW = Instant.parse("2025-06-10T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofHours(12);

    private TestDatabase.Created database;
    private HikariDataSource dataSource;
    private CertificateRepository certificates;
    private RecordingPok pok;
    private ImageUrlRefresher refresher;
    private long nextUser = 1;

    @BeforeEach
    void migrate() {
        database = TestDatabase.H2.create();
        dataSource = (HikariDataSource) database.dataSource();
        Database kind = Database.of(dataSource);
        Flyway.configure().dataSource(dataSource).placeholders(kind.migrationPlaceholders()).load().migrate();
        certificates = new CertificateRepository(JdbcClient.create(dataSource), kind);
        pok = new RecordingPok();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CertificateLifecycle lifecycle = new CertificateLifecycle(certificates,
                new CertificateEventRepository(JdbcClient.create(dataSource)),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), clock);
        refresher = new ImageUrlRefresher(certificates, lifecycle, pok, clock);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private Certificate stored(CertificateStatus status, String credentialId, Instant imageFetchedAt) {
        Learner learner = new Learner(nextUser++, "u", "Ana", "a@example.org", "es-AR", "verified",
                new BigDecimal("0.9"));
        Certificate created = TestCertificates.insert(certificates, CourseKey.parse("course-v1:Org+CS101+2025"), learner,
                CertificateStatus.QUEUED, NOW.minus(Duration.ofDays(30))).certificate();
        PokCredential credential = new PokCredential(credentialId, "emitted", "https://view/" + credentialId,
                imageFetchedAt == null ? null : "https://pok/old/" + credentialId, imageFetchedAt, EmissionType.POK,
                NOW.minus(Duration.ofDays(20)), "Title", "Emitter", List.of("StudentId:1"), "page-1");
        return TestCertificates.save(certificates, created.withStatus(status, 1, null, null).withPok(credential), NOW).orElseThrow();
    }

    @Test
    void refreshesOnlyEmittedCertificatesWhoseImageUrlIsOlderThanTheAgeOrMissing() {
        Certificate old = stored(CertificateStatus.EMITTED, "old", NOW.minus(Duration.ofHours(13)));
        Certificate never = stored(CertificateStatus.EMITTED, "never", null);
        Certificate fresh = stored(CertificateStatus.EMITTED, "fresh", NOW.minus(Duration.ofHours(11)));
        Certificate processing = stored(CertificateStatus.PROCESSING, "processing", NOW.minus(Duration.ofDays(3)));
        Certificate revoked = stored(CertificateStatus.REVOKED, "revoked", NOW.minus(Duration.ofDays(3)));
        pok.locations.put("old", "https://pok/new/old.png");
        pok.locations.put("never", "https://pok/new/never.png");

        int refreshed = refresher.refreshOlderThan(MAX_AGE, 100);

        assertThat(refreshed).isEqualTo(2);
        assertThat(pok.calls).containsExactlyInAnyOrder("old", "never");
        Certificate reloaded = certificates.findById(old.id()).orElseThrow();
        assertThat(reloaded.pok().imageUrl()).isEqualTo("https://pok/new/old.png");
        assertThat(reloaded.pok().imageFetchedAt()).isEqualTo(NOW);
        assertThat(reloaded.pok().viewUrl()).as("nothing else changes").isEqualTo(old.pok().viewUrl());
        assertThat(reloaded.pok().tags()).isEqualTo(old.pok().tags());
        assertThat(reloaded.status()).isEqualTo(CertificateStatus.EMITTED);
        assertThat(certificates.findById(never.id()).orElseThrow().pok().imageUrl()).isEqualTo("https://pok/new/never.png");
        assertThat(certificates.findById(fresh.id()).orElseThrow()).isEqualTo(fresh);
        assertThat(certificates.findById(processing.id()).orElseThrow()).isEqualTo(processing);
        assertThat(certificates.findById(revoked.id()).orElseThrow()).isEqualTo(revoked);

        assertThat(refresher.refreshOlderThan(MAX_AGE, 100)).as("all fresh now").isZero();
    }

    @Test
    void takesTheOldestFirstAndAtMostTheBatch() {
        stored(CertificateStatus.EMITTED, "a", NOW.minus(Duration.ofHours(20)));
        stored(CertificateStatus.EMITTED, "b", NOW.minus(Duration.ofHours(40)));
        stored(CertificateStatus.EMITTED, "c", NOW.minus(Duration.ofHours(30)));

        assertThat(refresher.refreshOlderThan(MAX_AGE, 2)).isEqualTo(2);
        assertThat(pok.calls).containsExactly("b", "c");
    }

    @Test
    void aCertificateChangedMeanwhileKeepsTheOtherWriteAndIsNotCounted() {
        Certificate racing = stored(CertificateStatus.EMITTED, "racing", NOW.minus(Duration.ofDays(1)));
        Certificate calm = stored(CertificateStatus.EMITTED, "calm", NOW.minus(Duration.ofHours(13)));
        // While POK answers, an operator revokes the certificate (a newer version of the row).
        pok.onCall = id -> {
            if (id.equals("racing")) {
                Certificate current = certificates.findById(racing.id()).orElseThrow();
                TestCertificates.save(certificates, current.withStatus(CertificateStatus.REVOKED, 1, null, null), NOW);
            }
        };

        assertThat(refresher.refreshOlderThan(MAX_AGE, 10)).isEqualTo(1);

        Certificate afterRace = certificates.findById(racing.id()).orElseThrow();
        assertThat(afterRace.status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(afterRace.pok().imageUrl()).isEqualTo("https://pok/old/racing");
        assertThat(certificates.findById(calm.id()).orElseThrow().pok().imageFetchedAt()).isEqualTo(NOW);
    }

    @Test
    void aPermanentFailureSkipsThatCertificateOnly() {
        stored(CertificateStatus.EMITTED, "missing", NOW.minus(Duration.ofDays(2)));
        stored(CertificateStatus.EMITTED, "fine", NOW.minus(Duration.ofDays(1)));
        pok.failures.put("missing", PokFailure.PERMANENT);

        assertThat(refresher.refreshOlderThan(MAX_AGE, 10)).isEqualTo(1);
        assertThat(pok.calls).containsExactly("missing", "fine");
    }

    @Test
    void pokDownOrTheKeyRefusedEndsTheBatch() {
        stored(CertificateStatus.EMITTED, "first", NOW.minus(Duration.ofDays(2)));
        stored(CertificateStatus.EMITTED, "second", NOW.minus(Duration.ofDays(1)));
        pok.failures.put("first", PokFailure.RETRYABLE);

        assertThat(refresher.refreshOlderThan(MAX_AGE, 10)).isZero();
        assertThat(pok.calls).containsExactly("first");
    }

    @Test
    void anAnswerWithoutLocationChangesNothing() {
        Certificate before = stored(CertificateStatus.EMITTED, "blank", NOW.minus(Duration.ofDays(2)));
        pok.locations.put("blank", " ");

        assertThat(refresher.refreshOlderThan(MAX_AGE, 10)).isZero();
        assertThat(certificates.findById(before.id()).orElseThrow()).isEqualTo(before);
    }

    /** Answers decrypted-image from a map and records every call; any other POK call is a test failure. */
    private static final class RecordingPok implements PokClient {
        final List<String> calls = new ArrayList<>();
        final Map<String, String> locations = new HashMap<>();
        final Map<String, PokFailure> failures = new HashMap<>();
        Consumer<String> onCall = id -> { };

        @Override
        public CredentialImage decryptedImage(String credentialId) {
            calls.add(credentialId);
            onCall.accept(credentialId);
            PokFailure failure = failures.get(credentialId);
            if (failure != null) {
                throw new PokException(failure, "GET /credential/{id}/decrypted-image", 500, null, null,
                        "test failure " + failure, null);
            }
            return new CredentialImage(locations.getOrDefault(credentialId, "https://pok/new/" + credentialId));
        }

        @Override
        public IssuedCredential issueCredential(IssueRequest request) {
            throw new AssertionError("not expected");
        }

        @Override
        public CredentialDetails credential(String credentialId) {
            throw new AssertionError("not expected");
        }

        @Override
        public PokTemplate template(String templateId) {
            throw new AssertionError("not expected");
        }

        @Override
        public List<PokTemplate> templates(int limit) {
            throw new AssertionError("not expected");
        }

        @Override
        public TemplatePreview previewTemplate(PreviewRequest request) {
            throw new AssertionError("not expected");
        }

        @Override
        public List<PokPage> pages(int limit) {
            throw new AssertionError("not expected");
        }

        @Override
        public Organization organization() {
            throw new AssertionError("not expected");
        }
    }
}
