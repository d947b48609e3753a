package com.openedxpok.backfill;

import java.time.Instant;

import com.openedxpok.kernel.CourseKey;

/**
 * A stored backfill job ({@code backfill_job}): its cursor in Open edX's paged list of the course's learners and its
 * counters. The cursor and the counters of a page are saved in the same transaction as the page's certificates, so a
 * restart resumes exactly after the last page that was stored.
 *
 * @param nextPageUrl   the page to read next (the LMS's {@code next} link); null means the first page
 * @param totalLearners learners enrolled, known once counting is done (null before)
 * @param totalPassed   of them, those who passed (null before counting is done)
 */
record BackfillJob(
        long id,
        CourseKey courseKey,
        BackfillStatus status,
        String nextPageUrl,
        int pagesDone,
        Integer totalLearners,
        Integer totalPassed,
        int countedLearners,
        int countedPassed,
        int learnersSeen,
        int queued,
        int alreadyHad,
        int notCertified,
        int ineligible,
        int failed,
        int consecutiveErrors,
        String lastError,
        String startedBy,
        Instant createdAt,
        Instant modifiedAt,
        Instant finishedAt,
        long version) {

    BackfillProgress progress() {
        return new BackfillProgress(id, courseKey, status, totalLearners, totalPassed, countedLearners, learnersSeen,
                queued, alreadyHad, notCertified, ineligible, failed, lastError, startedBy, createdAt, modifiedAt,
                finishedAt);
    }

    BackfillJob counting(String next, int learners, int passed) {
        return new BackfillJob(id, courseKey, status, next, pagesDone, totalLearners, totalPassed, learners, passed,
                learnersSeen, queued, alreadyHad, notCertified, ineligible, failed, 0, null, startedBy, createdAt,
                modifiedAt, finishedAt, version);
    }

    /** Counting is over: the totals are known and issuing starts from the first page. */
    BackfillJob counted(int learners, int passed) {
        return new BackfillJob(id, courseKey, BackfillStatus.ISSUING, null, 0, learners, passed, learners, passed,
                learnersSeen, queued, alreadyHad, notCertified, ineligible, failed, 0, null, startedBy, createdAt,
                modifiedAt, finishedAt, version);
    }

    /** One more page stored; {@code next} null means it was the last one. */
    BackfillJob pageDone(String next, int seen, int newlyQueued, int had, int uncertified, int notEligible,
            int failures, Instant now) {
        return new BackfillJob(id, courseKey, next == null ? BackfillStatus.DONE : status, next, pagesDone + 1,
                totalLearners, totalPassed, countedLearners, countedPassed, learnersSeen + seen, queued + newlyQueued,
                alreadyHad + had, notCertified + uncertified, ineligible + notEligible, failed + failures, 0, null,
                startedBy, createdAt, modifiedAt, next == null ? now : finishedAt, version);
    }

    BackfillJob failedWith(String error, Instant now) {
        return new BackfillJob(id, courseKey, BackfillStatus.FAILED, nextPageUrl, pagesDone, totalLearners,
                totalPassed, countedLearners, countedPassed, learnersSeen, queued, alreadyHad, notCertified, ineligible,
                failed, consecutiveErrors, error, startedBy, createdAt, modifiedAt, now, version);
    }

    BackfillJob erring(String error) {
        return new BackfillJob(id, courseKey, status, nextPageUrl, pagesDone, totalLearners, totalPassed,
                countedLearners, countedPassed, learnersSeen, queued, alreadyHad, notCertified, ineligible, failed,
                consecutiveErrors + 1, error, startedBy, createdAt, modifiedAt, finishedAt, version);
    }

    BackfillJob withStatus(BackfillStatus newStatus, Instant finished) {
        return new BackfillJob(id, courseKey, newStatus, nextPageUrl, pagesDone, totalLearners, totalPassed,
                countedLearners, countedPassed, learnersSeen, queued, alreadyHad, notCertified, ineligible, failed, 0,
                newStatus.active() ? null : lastError, startedBy, createdAt, modifiedAt, finished, version);
    }
}
