package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.Learner;

/**
 * Open edX asked again for a certificate that is already EMITTED (a regenerated certificate, an event, a backfill
 * from the LMS API), carrying the learner as Open edX knows them now. Told to the "needs re-issue" feature, which
 * decides whether the learner's name or email changed; called inside the request's transaction.
 */
public interface EmittedLearnerReports {

    void reported(Certificate emitted, Learner reported, String source);
}
