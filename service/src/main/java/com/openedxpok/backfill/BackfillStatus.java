package com.openedxpok.backfill;

/** Where a backfill job is. */
public enum BackfillStatus {
    /** Paging through the course's learners once to know how many there are (for the progress bar). */
    COUNTING,
    /** Paging through them again, queuing a certificate for each one who holds an Open edX certificate. */
    ISSUING,
    /** Every page done. */
    DONE,
    /** Stopped by something an operator must fix (credentials refused, course unknown to the LMS); can be resumed. */
    FAILED,
    /** Stopped by an operator. */
    CANCELLED;

    public boolean active() {
        return this == COUNTING || this == ISSUING;
    }
}
