package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.SimOperation;

/**
 * A credits-exhausted organization (the simulator's {@code availableCredits} at 0): a blockchain emission is HELD
 * with a reason that says what to do, is not retried while it waits, and goes out once credits return; a {@code pok}
 * emission, which spends no credit, is not affected.
 */
class CreditsExhaustedTest extends IssuanceAppTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        pokProperties(registry);
    }

    @Autowired
    CreditGuard credits;

    @Autowired
    JdbcClient jdbc;

    /**
     * A test leaves certificates held for credits (on purpose: one more than the credits); they would take the next
     * test's credits, as the oldest are released first. Each test starts with none.
     */
    @BeforeEach
    void noCertificateWaitsForCredits() {
        pok.setAvailableCredits(1_000);
        credits.releaseIfCreditsReturned();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT COUNT(*) FROM pok_certificate "
                + "WHERE status IN ('QUEUED', 'SUBMITTING', 'PROCESSING', 'RETRY_WAIT', 'HELD')")
                .query(Long.class).single() == 0);
        pok.reset();
    }

    @Test
    void aBlockchainEmissionWithoutCreditsIsHeldUntilCreditsReturnThenEmittedOnce() {
        CourseKey course = course("NoCredits", EmissionType.BLOCKCHAIN);
        pok.setAvailableCredits(0);
        long user = newUserId();

        request(user, course);

        await().atMost(Duration.ofSeconds(20)).until(() -> certificateOf(user, course).status()
                == CertificateStatus.HELD);
        Certificate held = certificateOf(user, course);
        assertThat(held.lastError()).isEqualTo(CreditGuard.REASON).contains("Buy credits in POK");
        assertThat(held.nextAttemptAt()).as("no retry is scheduled while it waits for credits").isNull();
        assertThat(historyKinds(held)).doesNotContain("RETRY_SCHEDULED", "FAILED");
        assertThat(credits.releaseIfCreditsReturned()).as("no credits yet: nothing released").isZero();
        assertThat(certificateOf(user, course).status()).isEqualTo(CertificateStatus.HELD);

        pok.setAvailableCredits(2);
        // The once-a-minute task may run first: either way the certificate is released once.
        credits.releaseIfCreditsReturned();

        await().atMost(Duration.ofSeconds(20)).until(() -> certificateOf(user, course).status()
                == CertificateStatus.EMITTED);
        assertThat(pok.credentialsCreatedFor(String.valueOf(user))).hasSize(1);
        assertThat(pok.availableCredits()).isEqualTo(1);
        assertThat(historyKinds(certificateOf(user, course))).contains("HELD", "QUEUED", "EMITTED");
    }

    @Test
    void creditsSpentSinceTheyWereCountedHoldTheRefusedEmissionInsteadOfFailingIt() {
        CourseKey course = course("LastCredit", EmissionType.BLOCKCHAIN);
        pok.setAvailableCredits(1);
        long first = newUserId();
        request(first, course);
        await().atMost(Duration.ofSeconds(20)).until(() -> certificateOf(first, course).status()
                == CertificateStatus.EMITTED);
        // The guard may still count the credit the first one spent: the second goes to POK, which refuses it.
        long second = newUserId();

        request(second, course);

        await().atMost(Duration.ofSeconds(20)).until(() -> certificateOf(second, course).status()
                == CertificateStatus.HELD);
        assertThat(certificateOf(second, course).lastError()).isEqualTo(CreditGuard.REASON);
        assertThat(pok.credentialsCreatedFor(String.valueOf(second))).isEmpty();
    }

    @Test
    void onlyAsManyAreReleasedAsThereAreCredits() {
        CourseKey course = course("FewCredits", EmissionType.BLOCKCHAIN);
        pok.setAvailableCredits(0);
        long[] users = {newUserId(), newUserId(), newUserId()};
        for (long user : users) {
            request(user, course);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.Arrays.stream(users)
                .allMatch(u -> certificateOf(u, course).status() == CertificateStatus.HELD));

        pok.setAvailableCredits(2);

        credits.releaseIfCreditsReturned();
        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.Arrays.stream(users)
                .filter(u -> certificateOf(u, course).status() == CertificateStatus.EMITTED).count() == 2);
        assertThat(java.util.Arrays.stream(users).filter(u -> certificateOf(u, course).status()
                == CertificateStatus.HELD).count()).isEqualTo(1);
    }

    @Test
    void aPokEmissionSpendsNoCreditAndIsNotHeld() {
        CourseKey course = course("StandardNoCredits", EmissionType.POK);
        pok.setAvailableCredits(0);
        long user = newUserId();

        request(user, course);

        await().atMost(Duration.ofSeconds(20)).until(() -> certificateOf(user, course).status()
                == CertificateStatus.EMITTED);
        assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isEqualTo(1);
    }
}
