package com.openedxpok.certificate.web;

import java.math.BigDecimal;
import java.time.Instant;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;

/** A certificate as operators see it, in the console and in the REST API: flat, with the learner's fields. */
public record CertificateSummary(
        long id,
        String publicId,
        String courseKey,
        long userId,
        String username,
        String name,
        String email,
        String languageTag,
        String mode,
        BigDecimal grade,
        CertificateStatus status,
        boolean needsAttention,
        String pokCredentialId,
        String pokState,
        String emissionType,
        String viewUrl,
        String imageUrl,
        String title,
        String emitter,
        int attempts,
        Instant queuedAt,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant modifiedAt) {

    public static CertificateSummary of(Certificate c) {
        return new CertificateSummary(c.id(), c.publicId(), c.courseKey().value(), c.learner().userId(),
                c.learner().username(), c.learner().name(), c.learner().email(), c.learner().languageTag(),
                c.learner().mode(), c.learner().grade(), c.status(), c.status().needsAttention(),
                c.pok().credentialId(), c.pok().state(),
                c.pok().emissionType() == null ? null : c.pok().emissionType().wireValue(), c.pok().viewUrl(),
                c.pok().imageUrl(), c.pok().title(), c.pok().emitter(), c.attempts(), c.queuedAt(), c.nextAttemptAt(),
                c.lastError(), c.createdAt(), c.modifiedAt());
    }
}
