package com.openedxpok.certificate;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import com.openedxpok.kernel.EmissionType;
import com.openedxpok.kernel.Texts;

/**
 * Which certificates an operator is looking at. Every part is optional; the parts that are given must all match.
 *
 * @param query        words separated by spaces, each the start of a word of the learner's name, username or email,
 *                     of the course key, of the POK credential id or of the Open edX user id (any case, accents
 *                     ignored, taken literally: {@code %} and {@code _} are not wildcards); see {@link SearchWords}
 * @param statuses     any of these statuses (empty: all)
 * @param pokState     POK's credential state, exactly ({@code emitted}, {@code waitingForApproval}, …)
 * @param courseKey    the course key, exactly
 * @param emissionType the emission type POK was asked for
 * @param createdFrom  created at or after
 * @param createdTo    created before
 */
public record CertificateFilter(
        String query,
        Set<CertificateStatus> statuses,
        String pokState,
        String courseKey,
        EmissionType emissionType,
        Instant createdFrom,
        Instant createdTo) {

    public static final CertificateFilter ALL = new CertificateFilter(null, Set.of(), null, null, null, null, null);

    public CertificateFilter {
        query = Texts.blankToNull(query);
        pokState = Texts.blankToNull(pokState);
        courseKey = Texts.blankToNull(courseKey);
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    }

    public static CertificateFilter ofStatuses(Set<CertificateStatus> statuses) {
        return new CertificateFilter(null, statuses, null, null, null, null, null);
    }

    /**
     * The same filter narrowed to one status (for example "retry the failed ones of what I am looking at"); empty
     * when the filter already excludes that status, so nothing can match.
     */
    public Optional<CertificateFilter> narrowedTo(CertificateStatus status) {
        if (!statuses.isEmpty() && !statuses.contains(status)) {
            return Optional.empty();
        }
        return Optional.of(new CertificateFilter(query, Set.of(status), pokState, courseKey, emissionType, createdFrom,
                createdTo));
    }
}
