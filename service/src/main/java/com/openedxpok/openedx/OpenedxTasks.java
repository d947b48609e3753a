package com.openedxpok.openedx;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;

/** The durable background tasks of the Open edX integration (db-scheduler), by name. */
public final class OpenedxTasks {

    /** Checks with the LMS a certificate seen on the render path, then queues it. */
    public static final TaskDescriptor<RenderPathCheck> RENDER_PATH_CHECK = TaskDescriptor.of("openedx-render-path",
            RenderPathCheck.class);

    /** One step of a backfill job (a page of learners); the instance id is the job id. */
    public static final TaskDescriptor<Void> BACKFILL = TaskDescriptor.of("openedx-backfill", Void.class);

    private OpenedxTasks() {
    }
}
