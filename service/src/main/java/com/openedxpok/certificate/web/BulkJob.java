package com.openedxpok.certificate.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.openedxpok.certificate.CertificateStatus;

/**
 * A bulk action over the certificates of a filter, run in the background.
 *
 * @param total  how many certificates matched when the job started
 * @param done   how many the action was applied to
 * @param failed how many it could not be applied to (their state had changed meanwhile, …)
 */
public record BulkJob(long id, Kind kind, String filterJson, String createdBy, Status status, int total, int done,
        int failed, long lastId, String lastError, Instant createdAt, Instant finishedAt) {

    public enum Kind {
        /** "Retry all failed": every FAILED certificate of the filter gets a new run. */
        RETRY_FAILED(CertificateStatus.FAILED, "Retry all failed"),
        /** "Refresh all in progress": every PROCESSING certificate of the filter is looked up at POK now. */
        REFRESH_PROCESSING(CertificateStatus.PROCESSING, "Refresh all in progress");

        private final CertificateStatus status;
        private final String label;

        Kind(CertificateStatus status, String label) {
            this.status = status;
            this.label = label;
        }

        /** The status the action applies to. */
        public CertificateStatus status() {
            return status;
        }

        public String label() {
            return label;
        }
    }

    public enum Status {
        RUNNING, DONE, FAILED
    }

    @JsonProperty("finished")
    public boolean finished() {
        return status != Status.RUNNING;
    }

    /** For the progress bar: 100 only when finished (certificates may stop matching the filter meanwhile). */
    @JsonProperty("percent")
    public int percent() {
        if (finished()) {
            return 100;
        }
        if (total == 0) {
            return 0;
        }
        return (int) Math.min(99, (long) (done + failed) * 100 / total);
    }

    /** Certificates that matched at the start but no longer did when the job reached them. */
    @JsonProperty("skipped")
    public int skipped() {
        return finished() ? Math.max(0, total - done - failed) : 0;
    }
}
