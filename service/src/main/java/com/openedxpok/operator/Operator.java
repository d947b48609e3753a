package com.openedxpok.operator;

import java.time.Instant;

/**
 * Someone who uses the console or the REST API. The password hash is deliberately not part of this record, so that it
 * can be shown, logged and serialized without a second thought.
 *
 * @param lockedUntil set after too many failed logins in a row; logins are refused until then
 */
public record Operator(
        long id,
        String username,
        OperatorRole role,
        boolean enabled,
        int failedAttempts,
        Instant lockedUntil,
        Instant createdAt,
        Instant modifiedAt) {

    public boolean isLockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
