package com.openedxpok.openedx;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Datetimes as openedx-webhooks sends them: Python's {@code str()}, {@code 2023-06-14 16:11:08.341205+00:00} (a space,
 * not a 'T'); naive ones have no zone and are UTC in Open edX. ISO-8601 is accepted too.
 */
public final class PythonDateTime {

    private PythonDateTime() {
    }

    /** Empty when absent or unreadable: a time is never a reason to refuse an event. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String iso = text.strip().replace(' ', 'T');
        try {
            return Optional.of(OffsetDateTime.parse(iso).toInstant());
        } catch (DateTimeParseException withoutZone) {
            try {
                return Optional.of(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                try {
                    return Optional.of(Instant.parse(iso));
                } catch (DateTimeParseException ignored) {
                    return Optional.empty();
                }
            }
        }
    }
}
