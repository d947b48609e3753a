package com.openedxpok.certificate;

import static com.openedxpok.certificate.CertificateStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The transition table itself: the rules the rest of the service relies on. */
class CertificateLifecycleRulesTest {

    @Test
    void onlyTheWorkerPathLeadsToEmittedAndNothingLeavesRevokedButAnExplicitRequeue() {
        for (CertificateStatus from : values()) {
            assertThat(CertificateLifecycle.isAllowed(from, EMITTED))
                    .as(from + " -> EMITTED").isEqualTo(from == PROCESSING || from == EMITTED);
        }
        for (CertificateStatus to : values()) {
            assertThat(CertificateLifecycle.isAllowed(REVOKED, to)).as("REVOKED -> " + to).isEqualTo(to == QUEUED);
        }
    }

    @Test
    void aCertificateIsOnlySubmittedFromAQueueLikeStatus() {
        for (CertificateStatus from : values()) {
            assertThat(CertificateLifecycle.isAllowed(from, SUBMITTING)).as(from + " -> SUBMITTING")
                    .isEqualTo(from == QUEUED || from == RETRY_WAIT || from == UNCERTAIN);
        }
    }

    /** The worker builds the request (and may find a fact missing) in every status it submits from. */
    @Test
    void everyStatusACertificateIsSubmittedFromCanBeHeld() {
        for (CertificateStatus from : values()) {
            if (CertificateLifecycle.isAllowed(from, SUBMITTING)) {
                assertThat(CertificateLifecycle.isAllowed(from, HELD)).as(from + " -> HELD").isTrue();
            }
        }
    }

    @Test
    void operatorsCanRequeueEveryStatusThatWaitsForThem() {
        for (CertificateStatus from : new CertificateStatus[] {FAILED, HELD, UNCERTAIN, REVOKED, EMITTED}) {
            assertThat(CertificateLifecycle.isAllowed(from, QUEUED)).as(from + " -> QUEUED").isTrue();
        }
    }

    /**
     * A request that could not be prepared (POK's template unreadable) counts as an attempt and waits, from every
     * status the worker prepares a request in; an UNCERTAIN certificate stays UNCERTAIN. Past the age it fails.
     */
    @Test
    void everyStatusACertificateIsSubmittedFromCanWaitForARetryOrFailWithoutSubmitting() {
        for (CertificateStatus from : values()) {
            if (CertificateLifecycle.isAllowed(from, SUBMITTING)) {
                assertThat(CertificateLifecycle.isAllowed(from, from == UNCERTAIN ? UNCERTAIN : RETRY_WAIT))
                        .as(from + " waits for a retry").isTrue();
                assertThat(CertificateLifecycle.isAllowed(from, FAILED)).as(from + " -> FAILED").isTrue();
            }
        }
    }
}
