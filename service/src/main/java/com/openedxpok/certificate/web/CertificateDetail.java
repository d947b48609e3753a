package com.openedxpok.certificate.web;

import java.util.EnumSet;
import java.util.List;

import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateStatus;

/**
 * A certificate with its whole history, oldest first, and which actions make sense for it now (the console offers
 * those; {@code OperatorActionService} decides in the end).
 *
 * @param blockchain whether issuing it again would be a blockchain emission (which spends a POK credit)
 */
public record CertificateDetail(CertificateSummary certificate, List<CertificateEvent> history, boolean blockchain) {

    private static final EnumSet<CertificateStatus> RETRYABLE = EnumSet.of(CertificateStatus.QUEUED,
            CertificateStatus.RETRY_WAIT, CertificateStatus.PROCESSING, CertificateStatus.FAILED, CertificateStatus.HELD,
            CertificateStatus.UNCERTAIN);
    private static final EnumSet<CertificateStatus> REFRESHABLE = EnumSet.of(CertificateStatus.PROCESSING,
            CertificateStatus.UNCERTAIN, CertificateStatus.FAILED);

    public boolean canRetry() {
        return RETRYABLE.contains(certificate.status());
    }

    /** Nothing has been sent to POK yet, so the learner's name and email may still be corrected. */
    public boolean canCorrectLearner() {
        return com.openedxpok.issuance.OperatorActionService.LEARNER_EDITABLE.contains(certificate.status());
    }

    public boolean canRefresh() {
        return certificate.pokCredentialId() != null && REFRESHABLE.contains(certificate.status());
    }

    public boolean canMarkIssued() {
        return certificate.status() == CertificateStatus.UNCERTAIN || certificate.status() == CertificateStatus.FAILED;
    }

    public boolean canIssueAgain() {
        return certificate.status() != CertificateStatus.SUBMITTING;
    }

    public boolean canRevoke() {
        return certificate.status() != CertificateStatus.REVOKED && certificate.status() != CertificateStatus.SUBMITTING;
    }
}
