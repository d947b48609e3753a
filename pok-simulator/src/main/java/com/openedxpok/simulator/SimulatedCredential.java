package com.openedxpok.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A credential held by the simulator, as of the moment it was read: {@link #state()} is its state then.
 *
 * @param customParameters by template parameter id, whichever key (id or label) the request used
 */
public record SimulatedCredential(
        String id,
        String state,
        Instant createdAt,
        String emissionType,
        String title,
        String emitter,
        Instant emissionDate,
        String dateFormat,
        List<String> tags,
        boolean skipAcceptance,
        String identification,
        String email,
        String firstName,
        String lastName,
        String languageTag,
        String templateId,
        Map<String, String> customParameters,
        String pageId) {

    public SimulatedCredential {
        tags = List.copyOf(tags);
        customParameters = Map.copyOf(customParameters);
    }

    /** First and last name, as POK shows the receiver. */
    public String receiverName() {
        return lastName == null || lastName.isBlank() ? firstName : firstName + " " + lastName;
    }
}
