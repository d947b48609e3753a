package com.openedxpok.backfill;

import java.time.Instant;
import java.util.OptionalInt;

import com.openedxpok.kernel.CourseKey;

/**
 * A backfill job as the console and the REST API show it.
 *
 * @param totalLearners   learners enrolled in the course (null while still counting)
 * @param totalPassed     of them, those who passed (null while still counting)
 * @param countedLearners learners counted so far (while counting)
 * @param learnersSeen    learners looked at by the issuing pass so far
 * @param queued          certificates queued by this job
 * @param alreadyHad      learners who already had a POK certificate for the course (skipped)
 * @param notCertified    learners who passed but hold no passing Open edX certificate (skipped)
 * @param ineligible      learners refused by the eligibility rules (their enrollment mode, for example)
 * @param failed          learners who could not be queued (the LMS had no account for them)
 * @param lastError       why the job is waiting or failed; null when all is well
 */
public record BackfillProgress(
        long jobId,
        CourseKey courseKey,
        BackfillStatus status,
        Integer totalLearners,
        Integer totalPassed,
        int countedLearners,
        int learnersSeen,
        int queued,
        int alreadyHad,
        int notCertified,
        int ineligible,
        int failed,
        String lastError,
        String startedBy,
        Instant startedAt,
        Instant modifiedAt,
        Instant finishedAt) {

    /** For the progress bar: 0–100, empty while the job is still counting the learners. */
    public OptionalInt percent() {
        if (status == BackfillStatus.DONE) {
            return OptionalInt.of(100);
        }
        if (totalLearners == null) {
            return OptionalInt.empty();
        }
        if (totalLearners == 0) {
            return OptionalInt.of(status == BackfillStatus.ISSUING ? 0 : 100);
        }
        return OptionalInt.of((int) Math.min(100, (long) learnersSeen * 100 / totalLearners));
    }
}
