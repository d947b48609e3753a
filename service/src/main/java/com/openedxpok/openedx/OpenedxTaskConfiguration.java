package com.openedxpok.openedx;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/** The Open edX integration's db-scheduler tasks; {@code SchedulerConfiguration} collects every {@code Task} bean. */
@Configuration(proxyBeanMethods = false)
class OpenedxTaskConfiguration {

    /** An LMS that does not answer is asked again with backoff, a bounded number of times. */
    @Bean
    OneTimeTask<RenderPathCheck> renderPathCheckTask(RenderPathEnqueuer enqueuer) {
        return Tasks.oneTime(OpenedxTasks.RENDER_PATH_CHECK)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(6,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10), 2.0)))
                .onDeadExecutionRevive()
                .execute((instance, context) -> enqueuer.check(instance.getData()));
    }
}
