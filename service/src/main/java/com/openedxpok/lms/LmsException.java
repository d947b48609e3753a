package com.openedxpok.lms;

/**
 * A call to the Open edX API that did not give an answer. The message names the operation and the HTTP status or the
 * network problem; it never holds a URL (they carry usernames), a token or the client secret.
 */
public class LmsException extends RuntimeException {

    /** What went wrong, which decides what the caller does next. */
    public enum Kind {
        /** The API is not configured (no {@code LMS_URL}, or no {@code CMS_URL} for Studio calls). */
        NOT_CONFIGURED,
        /** Timeout, connection failure, 429 or 5xx after every allowed attempt: worth trying again later. */
        UNAVAILABLE,
        /** The credentials or the service user's rights were refused (401 after a fresh token, 403). */
        REFUSED,
        /** An answer we cannot use (not JSON, missing fields, a next-page link to another host, too large). */
        BAD_RESPONSE
    }

    private final Kind kind;

    public LmsException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LmsException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the same call may succeed later without anyone changing the configuration. */
    public boolean transientFailure() {
        return kind == Kind.UNAVAILABLE;
    }
}
