package com.openedxpok.pok;

import java.util.Set;

/**
 * A POK credential state, kept as the text POK sent (an unknown state is kept and treated as in progress).
 * The one place that knows which states are final and which can be shown.
 */
public record PokState(String value) {

    public static final String EMITTED = "emitted";
    public static final String WAITING_FOR_APPROVAL = "waitingForApproval";
    private static final Set<String> FINAL_NOT_VIEWABLE = Set.of("aborted", "revoked", "signatureRejected");

    public static PokState of(String value) {
        return new PokState(value == null ? "" : value.strip());
    }

    /** {@code emitted}: final, and viewable once POK gave a view URL. */
    public boolean isEmitted() {
        return EMITTED.equals(value);
    }

    /** {@code aborted}, {@code revoked}, {@code signatureRejected}: final, and nothing to show. */
    public boolean isFinalNotViewable() {
        return FINAL_NOT_VIEWABLE.contains(value);
    }

    /** The receiver must accept the credential by email before POK emits it. */
    public boolean isWaitingForApproval() {
        return WAITING_FOR_APPROVAL.equals(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
