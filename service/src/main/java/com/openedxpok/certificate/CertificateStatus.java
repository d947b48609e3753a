package com.openedxpok.certificate;

/**
 * Our own lifecycle of a POK certificate, independent of POK's credential state. The allowed transitions between
 * these are owned by the issuance state machine; this enum only says what each status means.
 */
public enum CertificateStatus {
    /** Recorded, waiting for the worker to submit it to POK. */
    QUEUED,
    /** A worker is sending the issue request to POK right now. */
    SUBMITTING,
    /** POK accepted the request; we poll it until the credential is emitted. */
    PROCESSING,
    /** POK emitted the credential and we hold its view URL. Final. */
    EMITTED,
    /** The last attempt failed in a way that is worth retrying; waiting for the next attempt. */
    RETRY_WAIT,
    /** The request may or may not have reached POK (timeout after sending, crash mid-submit). */
    UNCERTAIN,
    /** Gave up: POK refused the request, or retries ran out. An operator can retry it. */
    FAILED,
    /** Cannot be issued until an operator fixes the configuration (for example a template parameter without a value). */
    HELD,
    /** Open edX revoked the certificate, or POK reports it revoked/aborted. Final. */
    REVOKED;

    /** How people read the status (console, messages); the enum name stays what the API and the database carry. */
    public String label() {
        return switch (this) {
            case QUEUED -> "Queued";
            case SUBMITTING -> "Sending to POK";
            case PROCESSING -> "Processing at POK";
            case EMITTED -> "Emitted";
            case RETRY_WAIT -> "Waiting to retry";
            case UNCERTAIN -> "Uncertain";
            case FAILED -> "Failed";
            case HELD -> "Held";
            case REVOKED -> "Revoked";
        };
    }

    /** Statuses an operator should look at. */
    public boolean needsAttention() {
        return this == FAILED || this == HELD || this == UNCERTAIN;
    }
}
