package com.openedxpok.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The simulator's API key. Its own type rather than the service's secret holder, so that the simulator stands
 * alone (its own Maven module, nothing of the service on its classpath); like that holder, {@code toString} never
 * reveals it, so a test's failure message or a log line cannot print it by accident.
 */
public final class ApiKey {

    private final String value;

    ApiKey(String value) {
        this.value = value;
    }

    /** The raw value, for a client that must send it ({@code Authorization: ApiKey <key>}). */
    public String reveal() {
        return value;
    }

    /** Constant-time, like POK's own check should be: timing tells a guesser nothing. */
    boolean matches(String candidate) {
        return candidate != null
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "****";
    }
}
