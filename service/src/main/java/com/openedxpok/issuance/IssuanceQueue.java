package com.openedxpok.issuance;

import java.time.Instant;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;

/**
 * Puts certificates in front of the worker through db-scheduler. Scheduling joins the caller's transaction (the
 * scheduler uses a transaction-aware DataSource), so a certificate is never recorded without its work, nor the
 * reverse. One execution per certificate: its id is the task instance id.
 */
@Component
public class IssuanceQueue {

    public static final String TASK_NAME = "certificate";

    private final SchedulerClient scheduler;

    /** Lazy: the scheduler's own recurring tasks (the sweeper) use this queue, so it cannot wait for the scheduler. */
    public IssuanceQueue(@Lazy SchedulerClient scheduler) {
        this.scheduler = scheduler;
    }

    /** Makes sure the worker looks at the certificate at {@code at} or earlier. */
    public void schedule(long certificateId, Instant at) {
        var instance = IssuanceTasks.CERTIFICATE.instance(String.valueOf(certificateId)).build();
        if (!scheduler.scheduleIfNotExists(instance, at)) {
            var existing = scheduler.getScheduledExecution(TaskInstanceId.of(TASK_NAME, String.valueOf(certificateId)));
            // A running execution is left alone: it re-reads the certificate before its next step.
            if (existing.isPresent() && !existing.get().isPicked() && existing.get().getExecutionTime().isAfter(at)) {
                scheduler.reschedule(TaskInstanceId.of(TASK_NAME, String.valueOf(certificateId)), at);
            }
        }
    }

    public boolean isScheduled(long certificateId) {
        return scheduler.getScheduledExecution(TaskInstanceId.of(TASK_NAME, String.valueOf(certificateId))).isPresent();
    }
}
