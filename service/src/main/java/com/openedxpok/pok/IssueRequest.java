package com.openedxpok.pok;

import com.openedxpok.kernel.EmissionType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /credential}, field for field as POK expects it. */
public record IssueRequest(Credential credential, Receiver receiver, Customization customization) {

    /**
     * @param emissionType {@code pok} or {@code blockchain}
     * @param dateFormat   {@code dd/MM/yyyy} or {@code MM/dd/yyyy}
     * @param emissionDate sent as ISO-8601 in UTC
     */
    public record Credential(List<String> tags, boolean skipAcceptance, EmissionType emissionType, String dateFormat,
            Instant emissionDate, String title, String emitter) {
    }

    /**
     * @param languageTag    BCP 47 with region, for example {@code es-AR}
     * @param identification the Open edX user id
     */
    public record Receiver(String languageTag, String identification, String email, String firstName,
            String lastName) {
    }

    /** @param page omitted from the JSON when empty */
    public record Customization(String page, Template template) {
    }

    /** @param customParameters parameter id (or label) → value */
    public record Template(String id, Map<String, String> customParameters) {
    }
}
