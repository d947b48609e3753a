package com.openedxpok.backfill;

import com.openedxpok.kernel.CourseKey;

/**
 * What a backfill of a course would do, counted without queuing anything.
 *
 * @param learners       learners enrolled (every page of the LMS's course grades)
 * @param passed         of them, those who passed
 * @param alreadyHavePok of those, the ones who already have a POK certificate for the course (skipped)
 * @param toCheck        the rest: each one's Open edX certificate is checked during the run, and a certificate is
 *                       queued for those who hold a passing one. An upper bound of what will be queued.
 */
public record BackfillDryRun(CourseKey courseKey, int learners, int passed, int alreadyHavePok, int toCheck) {
}
