package com.openedxpok.config;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Every timestamp of ours is stored as a zone-less column holding UTC. Passing {@link LocalDateTime} keeps all three
 * JDBC drivers from applying the JVM's or the session's time zone on the way in or out.
 */
public final class DbTime {

    private DbTime() {
    }

    public static LocalDateTime toDb(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant fromDb(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("Not a timestamp: " + value.getClass());
    }
}
