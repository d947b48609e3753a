package com.openedxpok.certificate.web;

import com.openedxpok.web.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.openedxpok.certificate.CertificateFilter;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.EmissionType;

/**
 * The certificates filter as typed by an operator (query string of the console and of the REST API), checked and
 * turned into a {@link CertificateFilter}. Dates are days in UTC, both ends included.
 *
 * @param q        words, each the start of a word of the name, username, email, course key, POK credential id or
 *                 Open edX user id, in any case and with or without accents ({@code ana garcia} finds "Ana García")
 * @param status   statuses (any of them), or {@code ATTENTION} for FAILED, HELD and UNCERTAIN
 * @param pokState POK's credential state
 * @param course   a course key
 * @param emission {@code pok} or {@code blockchain}
 * @param from     first day (YYYY-MM-DD)
 * @param to       last day (YYYY-MM-DD)
 */
public record CertificateQuery(String q, List<String> status, String pokState, String course, String emission,
        String from, String to) {

    public static final CertificateQuery NONE = new CertificateQuery(null, List.of(), null, null, null, null, null);

    public CertificateQuery {
        status = status == null ? List.of() : status.stream().filter(s -> s != null && !s.isBlank()).toList();
    }

    /** @throws InvalidInputException with a sentence for the operator */
    public CertificateFilter toFilter() {
        if (q != null && q.length() > 255) {
            throw new InvalidInputException("A search is at most 255 characters");
        }
        Set<CertificateStatus> statuses = EnumSet.noneOf(CertificateStatus.class);
        for (String name : status) {
            String upper = name.strip().toUpperCase(Locale.ROOT);
            if (upper.equals("ATTENTION")) {
                statuses.addAll(EnumSet.of(CertificateStatus.FAILED, CertificateStatus.HELD, CertificateStatus.UNCERTAIN));
                continue;
            }
            try {
                statuses.add(CertificateStatus.valueOf(upper));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("'" + name + "' is not a status (" + List.of(CertificateStatus.values())
                        + ")");
            }
        }
        EmissionType emissionType = null;
        if (emission != null && !emission.isBlank()) {
            emissionType = EmissionType.fromWire(emission).orElseThrow(
                    () -> new InvalidInputException("The emission type is pok or blockchain, not '" + emission + "'"));
        }
        Instant createdFrom = day(from, "from").map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant()).orElse(null);
        Instant createdTo = day(to, "to").map(d -> d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).orElse(null);
        if (createdFrom != null && createdTo != null && !createdFrom.isBefore(createdTo)) {
            throw new InvalidInputException("The first day comes after the last day");
        }
        return new CertificateFilter(q, statuses, pokState, course, emissionType, createdFrom, createdTo);
    }

    private static java.util.Optional<LocalDate> day(String text, String which) {
        if (text == null || text.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("'" + text + "' (" + which + ") is not a date such as 2026-01-31");
        }
    }

    /** Whether any part of the filter is set (the console shows "clear filter" then). */
    public boolean isEmpty() {
        return (q == null || q.isBlank()) && status.isEmpty() && (pokState == null || pokState.isBlank())
                && (course == null || course.isBlank()) && (emission == null || emission.isBlank())
                && (from == null || from.isBlank()) && (to == null || to.isBlank());
    }
}
