package com.openedxpok.pok;

import java.time.Instant;
import java.util.List;

/** {@code GET /credential/{id}}. Any field may be missing (null, or an empty list). */
public record CredentialDetails(String id, String state, String viewUrl, Instant createdAt, Credential credential,
        Receiver receiver) {

    public record Credential(List<String> tags, String emitter, String title, Instant emissionDate,
            String emissionType) {
    }

    public record Receiver(String name, String email) {
    }

    public PokState pokState() {
        return PokState.of(state);
    }
}
