package com.openedxpok.issuance;

import com.openedxpok.certificate.Learner;

/**
 * Fills in what a certificate's learner data lacks (an email the payload did not carry, a name, a language) from
 * Open edX. The worker asks just before it builds a POK request, in the background, never on a request Open edX is
 * waiting for. Without the LMS API the learner comes back unchanged.
 */
public interface LearnerFacts {

    /** Adds nothing: the behaviour without the LMS API. */
    LearnerFacts NONE = Completed::new;

    Completion complete(Learner learner);

    sealed interface Completion {
    }

    /** The learner with every field Open edX could fill; equal to the input when nothing was missing or found. */
    record Completed(Learner learner) implements Completion {
    }

    /**
     * The learner has no email and Open edX could not be asked right now (LMS down, timeout): worth trying again
     * later rather than holding the certificate. The reason is safe to show (no personal data).
     */
    record Unavailable(String reason) implements Completion {
    }
}
