package com.openedxpok.operator;

import java.time.Instant;

/**
 * A REST API token as stored: its SHA-256 only, and the first characters for recognising it in a list.
 *
 * @param prefix the token's first characters, for example {@code pok_Xb3k9}
 */
public record ApiToken(
        long id,
        long operatorId,
        String operator,
        String name,
        String prefix,
        Instant createdAt,
        Instant lastUsedAt,
        Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
