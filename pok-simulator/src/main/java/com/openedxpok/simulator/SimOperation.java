package com.openedxpok.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Everything the simulator answers, named as in docs/pok-api.md ("POST /credential"). */
public enum SimOperation {
    ISSUE_CREDENTIAL("POST /credential", true),
    GET_CREDENTIAL("GET /credential/{id}", true),
    GET_DECRYPTED_IMAGE("GET /credential/{id}/decrypted-image", true),
    GET_TEMPLATE("GET /template/{id}", true),
    LIST_TEMPLATES("GET /template", true),
    PREVIEW_TEMPLATE("POST /template/preview", true),
    LIST_PAGES("GET /page", true),
    GET_ORGANIZATION("GET /organization/me", true),
    /** The rendered certificate behind a decrypted-image location (public, like POK's storage URLs). */
    CREDENTIAL_IMAGE("GET /images/{id}.png", false),
    PREVIEW_IMAGE("GET /previews/{id}.png", false),
    /** The credential's public page, its viewUrl. */
    VIEW_PAGE("GET /view/{id}", false),
    /** The simulator's own control API under /_simulator/ (never faulted). */
    CONTROL("/_simulator/*", false),
    /** No such endpoint (or a request too broken to route). */
    UNKNOWN("unknown", false);

    private final String label;
    private final boolean pokApi;

    SimOperation(String label, boolean pokApi) {
        this.label = label;
        this.pokApi = pokApi;
    }

    /** For example {@code POST /credential}. */
    public String label() {
        return label;
    }

    /** An operation of the POK API itself, which needs the API key. */
    public boolean isPokApi() {
        return pokApi;
    }

    /** By enum name ({@code ISSUE_CREDENTIAL}) or by label ({@code POST /credential}). */
    public static Optional<SimOperation> fromText(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.strip();
        return Arrays.stream(values())
                .filter(op -> op.name().equals(wanted.toUpperCase(Locale.ROOT)) || op.label.equals(wanted))
                .findFirst();
    }
}
