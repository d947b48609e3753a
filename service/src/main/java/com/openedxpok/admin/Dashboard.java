package com.openedxpok.admin;

import com.openedxpok.certificate.web.CertificateSummary;
import java.util.List;
import java.util.Optional;

import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateStatus;

/**
 * Everything the dashboard shows, in one read.
 *
 * @param attention      the newest certificates needing an operator (FAILED, HELD, UNCERTAIN)
 * @param attentionCount how many there are, counted up to {@link DashboardService#COUNT_CAP}
 * @param creditsWarning set when POK credits run low and some course issues blockchain credentials
 * @param revokeInPok    certificates Open edX revoked that an operator still has to revoke in POK as well
 * @param emittedInChart the certificates emitted in the chart's days, each once, and how many of them are not
 *                       EMITTED any more: what reconciles the chart's total with the status tile
 */
public record Dashboard(
        List<StatusCount> counts,
        long total,
        IssuanceChart chart,
        List<CertificateSummary> attention,
        long attentionCount,
        boolean attentionCountCapped,
        PokConnection pok,
        Optional<String> creditsWarning,
        boolean demo,
        long revokeInPok,
        CertificateEventRepository.EmittedSince emittedInChart) {

    /** The EMITTED tile, for the sentence that reconciles it with the chart. */
    public long emittedNow() {
        return counts.stream().filter(c -> c.status() == CertificateStatus.EMITTED).mapToLong(StatusCount::count)
                .sum();
    }

    public record StatusCount(CertificateStatus status, long count, boolean needsAttention) {
    }
}
