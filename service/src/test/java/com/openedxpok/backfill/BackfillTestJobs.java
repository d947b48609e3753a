package com.openedxpok.backfill;

import java.time.Instant;

import org.springframework.context.ApplicationContext;

import com.openedxpok.kernel.CourseKey;

/** For console tests without an LMS: a backfill job row in COUNTING, as a just-started job has (no execution). */
public final class BackfillTestJobs {

    private BackfillTestJobs() {
    }

    public static long counting(ApplicationContext context, String courseKey, String operator) {
        return context.getBean(BackfillJobRepository.class).insert(CourseKey.parse(courseKey), operator,
                Instant.now()).id();
    }
}
