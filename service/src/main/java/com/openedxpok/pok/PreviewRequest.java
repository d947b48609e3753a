package com.openedxpok.pok;

import com.openedxpok.kernel.EmissionType;
import java.time.Instant;

/**
 * The body of {@code POST /template/preview}: the issue body without tags, skipAcceptance, the receiver's
 * identification and email, and the page.
 */
public record PreviewRequest(Credential credential, Receiver receiver, Customization customization) {

    public record Credential(EmissionType emissionType, String dateFormat, Instant emissionDate, String title,
            String emitter) {
    }

    public record Receiver(String languageTag, String firstName, String lastName) {
    }

    public record Customization(IssueRequest.Template template) {
    }
}
