package com.openedxpok.issuance;

import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.CourseKey;

/**
 * Open edX asks for a learner's certificate in a course. Built at the boundary (webfilter, event, backfill) from only
 * the fields we need.
 *
 * @param enrollmentStatus Open edX's certificate status ({@code downloadable}, {@code notpassing}, …), may be null
 * @param source           where the request came from, for the history (e.g. {@code creation webfilter (self)})
 */
public record CertificateRequest(Learner learner, CourseKey courseKey, String enrollmentStatus,
        String source) {
}
