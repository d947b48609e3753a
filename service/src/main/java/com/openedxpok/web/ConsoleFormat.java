package com.openedxpok.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

import com.openedxpok.certificate.CertificateStatus;

/**
 * Formatting for the console's templates ({@code ${@consoleFormat.time(x)}}): every time in UTC, said so; statuses as
 * words people read (the enum name stays in the API and in a tooltip); a grade as a percentage; nothing as "—".
 */
@Component
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** What an empty cell shows, so that "nothing" is not mistaken for "not loaded". */
    public static final String NONE = "—";

    public String time(Instant instant) {
        return instant == null ? NONE : TIME.format(instant);
    }

    /** A certificate's status in words; any other status enum (bulk job, backfill) as a capitalized word. */
    public String status(Object status) {
        if (status == null) {
            return NONE;
        }
        if (status instanceof CertificateStatus s) {
            return s.label();
        }
        String name = status.toString().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** A grade of 0..1 as Open edX sends it, as a percentage: 0.92000 → "92%", 0.875 → "87.5%". */
    public String grade(BigDecimal grade) {
        if (grade == null) {
            return NONE;
        }
        return grade.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString() + "%";
    }

    /**
     * A course key cut after each ':' and '+' ({@code course-v1:} {@code DemoX+} {@code POK101+} {@code 2026}), for
     * the template to put a line-break opportunity between the parts rather than break mid-token.
     */
    public java.util.List<String> keyParts(String key) {
        if (key == null || key.isEmpty()) {
            return java.util.List.of(NONE);
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < key.length(); i++) {
            if ((key.charAt(i) == ':' || key.charAt(i) == '+') && i + 1 < key.length()) {
                parts.add(key.substring(start, i + 1));
                start = i + 1;
            }
        }
        parts.add(key.substring(start));
        return parts;
    }

    /** The value, or "—" when there is none. */
    public String or(Object value) {
        return value == null || value.toString().isBlank() ? NONE : value.toString();
    }
}
