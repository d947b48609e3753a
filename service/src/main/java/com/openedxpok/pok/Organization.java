package com.openedxpok.pok;

/** {@code GET /organization/me}: the organization that owns the API key, with its credit and credential counts. */
public record Organization(String wallet, String name, Long availableCredits, Long emittedCredentials,
        Long sentCredentials, Long draftCredentials, Long processingCredentials) {
}
