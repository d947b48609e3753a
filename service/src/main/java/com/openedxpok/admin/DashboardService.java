package com.openedxpok.admin;

import com.openedxpok.certificate.web.CertificateSummary;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateFilter;
import com.openedxpok.certificate.CertificateSearch;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.RevokeInPokRepository;
import com.openedxpok.kernel.EmissionType;

/** Reads what the dashboard shows. */
@Service
public class DashboardService {

    static final int CHART_DAYS = 30;
    static final int COUNT_CAP = 10_000;
    private static final int ATTENTION_ROWS = 15;
    /** History kinds the chart counts (written by the issuance lifecycle). */
    static final String REQUESTED = "REQUESTED";
    static final String EMITTED = "EMITTED";

    private final CertificateSearch certificates;
    private final CertificateEventRepository events;
    private final CourseTemplateRepository courseTemplates;
    private final PokStatusService pokStatus;
    private final ServiceConfig config;
    private final RevokeInPokRepository revokeInPok;
    private final Clock clock;

    public DashboardService(CertificateSearch certificates, CertificateEventRepository events,
            CourseTemplateRepository courseTemplates, PokStatusService pokStatus, ServiceConfig config,
            RevokeInPokRepository revokeInPok, Clock clock) {
        this.revokeInPok = revokeInPok;
        this.certificates = certificates;
        this.events = events;
        this.courseTemplates = courseTemplates;
        this.pokStatus = pokStatus;
        this.config = config;
        this.clock = clock;
    }

    public Dashboard read() {
        Map<CertificateStatus, Long> byStatus = certificates.countByStatus();
        List<Dashboard.StatusCount> counts = new ArrayList<>();
        for (CertificateStatus status : CertificateStatus.values()) {
            counts.add(new Dashboard.StatusCount(status, byStatus.getOrDefault(status, 0L), status.needsAttention()));
        }
        long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
        CertificateFilter attention = CertificateFilter.ofStatuses(EnumSet.of(CertificateStatus.FAILED,
                CertificateStatus.HELD, CertificateStatus.UNCERTAIN));
        List<CertificateSummary> attentionRows = certificates.page(attention, CertificateSearch.PageFrom.NEWEST, 0,
                ATTENTION_ROWS).stream().map(CertificateSummary::of).toList();
        long attentionCount = certificates.countUpTo(attention, COUNT_CAP);
        PokConnection pok = pokStatus.current();
        return new Dashboard(counts, total, chart(), attentionRows, attentionCount, attentionCount >= COUNT_CAP, pok,
                creditsWarning(pok), pok.simulated(), revokeInPok.pendingCount(), events.emittedSince(chartStart()));
    }

    private Instant chartStart() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return today.minusDays(CHART_DAYS - 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    IssuanceChart chart() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant since = chartStart();
        Map<LocalDate, long[]> byDay = new HashMap<>();
        for (CertificateEventRepository.DailyCount count : events.dailyCounts(List.of(REQUESTED, EMITTED), since)) {
            long[] values = byDay.computeIfAbsent(count.day(), d -> new long[2]);
            values[REQUESTED.equals(count.kind()) ? 0 : 1] += count.count();
        }
        return IssuanceChart.of(IssuanceChart.everyDay(today, CHART_DAYS, byDay));
    }

    /** Blockchain emissions spend a credit each: warn before they run out and certificates start failing. */
    private Optional<String> creditsWarning(PokConnection pok) {
        Long credits = pok.organization().map(o -> o.availableCredits()).orElse(null);
        if (credits == null || credits >= config.admin().lowCredits()) {
            return Optional.empty();
        }
        List<String> blockchainCourses = courseTemplates.findAll().stream()
                .filter(t -> t.enabled() && t.emissionType() == EmissionType.BLOCKCHAIN)
                .map(CourseTemplate::courseKey).map(Object::toString).toList();
        if (blockchainCourses.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Only " + credits + " POK credit" + (credits == 1 ? "" : "s") + " left, and "
                + blockchainCourses.size() + " course" + (blockchainCourses.size() == 1 ? "" : "s")
                + " issue blockchain credentials (one credit each): " + String.join(", ", blockchainCourses)
                + ". Buy credits in POK before certificates start failing.");
    }
}
