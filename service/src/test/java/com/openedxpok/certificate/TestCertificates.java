package com.openedxpok.certificate;

import java.time.Instant;
import java.util.Optional;

import com.openedxpok.kernel.CourseKey;

/**
 * Writes certificates around their lifecycle, as only a test may: to set up in one step a state the lifecycle would
 * reach in many (an emitted certificate with a given credential, a row as an older version left it). Production code
 * cannot: the repository's writes are visible to the {@code certificate} package alone.
 */
public final class TestCertificates {

    private TestCertificates() {
    }

    public static CertificateRepository.InsertOutcome insert(CertificateRepository certificates, CourseKey courseKey,
            Learner learner, CertificateStatus status, Instant now) {
        return certificates.insertIfAbsent(courseKey, learner, status, now);
    }

    public static Optional<Certificate> save(CertificateRepository certificates, Certificate changed, Instant now) {
        return certificates.save(changed, now);
    }
}
