package com.openedxpok.rendering;

/**
 * The status pages a learner can see before the certificate is emitted. The message keys live in
 * {@code i18n/certificate*.properties} as {@code status.<key>.heading} and {@code status.<key>.body}.
 */
enum StatusKind {
    /** Recorded, not yet sent to POK. */
    QUEUED("queued", true),
    /** Being sent to POK, or POK is producing it, or a retry is scheduled. */
    IN_PROGRESS("inProgress", true),
    /** POK waits for the learner to accept the credential by email. */
    AWAITING_ACCEPTANCE("awaitingAcceptance", true),
    /**
     * Failed, held or uncertain: an operator has to act. The learner gets a calm message and no detail; the page does
     * not refresh itself, since nothing will change within minutes and every refresh is a round trip through the LMS.
     */
    BEING_PREPARED("beingPrepared", false),
    /** Our standalone page only: unknown or no longer valid certificate. */
    NOT_AVAILABLE("notAvailable", false);

    /** How often a status page that expects a change reloads itself. */
    static final int REFRESH_SECONDS = 20;

    private final String messageKey;
    private final boolean refreshes;

    StatusKind(String messageKey, boolean refreshes) {
        this.messageKey = messageKey;
        this.refreshes = refreshes;
    }

    String messageKey() {
        return messageKey;
    }

    boolean refreshes() {
        return refreshes;
    }
}
