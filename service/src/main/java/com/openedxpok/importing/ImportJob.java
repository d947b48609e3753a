package com.openedxpok.importing;

import java.time.Instant;

/**
 * An uploaded export and how far its run got. {@code cursor} is the last line applied (lines are numbered in the
 * order they are applied: templates first); a revived run continues after it.
 */
public record ImportJob(long id, String createdBy, Status status, int totalLines, int cursor, int accepted,
        int skipped, String lastError, Instant createdAt, Instant finishedAt) {

    public enum Status {
        /** stored; the dry run can be looked at; nothing applied */
        UPLOADED,
        RUNNING,
        DONE,
        FAILED;

        public boolean active() {
            return this == RUNNING;
        }
    }

    /** For the progress bar. */
    public int percent() {
        return totalLines == 0 ? 100 : (int) Math.min(100, (long) cursor * 100 / totalLines);
    }
}
