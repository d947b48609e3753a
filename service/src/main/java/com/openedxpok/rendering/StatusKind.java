package com.openedxpok.rendering;

import java.time.Duration;

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

    /** How often the status page of a check we only queued (no certificate yet) reloads itself. */
    static final int REFRESH_SECONDS_WITHOUT_CERTIFICATE = 10;

    /**
     * How often a status page that expects a change reloads itself, by the time since the certificate was queued:
     * every 3 s in the first minute (the demo emits in 3 s, POK usually within seconds, and a learner who just passed
     * is looking), then every 10 s until 10 minutes, then every 30 s (POK is slow or waits for the learner's email;
     * every reload is a round trip through the LMS). A {@code <meta http-equiv="refresh">} computed here, so the pages
     * stay script-free.
     */
    static int refreshSeconds(Duration sinceQueued) {
        if (sinceQueued.compareTo(Duration.ofMinutes(1)) < 0) {
            return 3;
        }
        return sinceQueued.compareTo(Duration.ofMinutes(10)) < 0 ? 10 : 30;
    }

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
