package com.openedxpok.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret value (API key, webhook token). Its {@code toString} never reveals it, so that it cannot leak
 * through a log line, an exception message or a template by accident.
 */
public final class Secret {

    private static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null || value.isBlank() ? EMPTY : new Secret(value.strip());
    }

    public static Secret empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** The raw value, for the one place that must send it (an HTTP header, a comparison). */
    public String reveal() {
        return value;
    }

    /** Constant-time comparison, so that response timing does not tell an attacker how much of a guess was right. */
    public boolean matches(String candidate) {
        if (candidate == null || isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return isEmpty() ? "(not set)" : "****";
    }
}
