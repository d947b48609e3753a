package com.openedxpok.issuance;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;

/** The names of our durable background tasks, shared by those who schedule them and the scheduler configuration. */
public final class IssuanceTasks {

    public static final TaskDescriptor<Void> CERTIFICATE = TaskDescriptor.of(IssuanceQueue.TASK_NAME, Void.class);

    /** Releases, in batches, the HELD certificates a newly learned course fact unblocks ({@link HeldForFacts}). */
    public static final TaskDescriptor<HeldRelease> RELEASE_HELD = TaskDescriptor.of("release-held",
            HeldRelease.class);

    /**
     * Revokes a certificate Open edX revoked while it was being submitted, once the submission is over. The name is
     * the one pending executions were stored under before the task moved here.
     */
    public static final TaskDescriptor<Void> REVOCATION = TaskDescriptor.of("openedx-revocation", Void.class);

    private IssuanceTasks() {
    }
}
