package com.openedxpok.certificate.web;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/** The console's background work on db-scheduler (the scheduler picks up every Task bean). */
@Configuration(proxyBeanMethods = false)
class BulkJobTaskConfiguration {

    @Bean
    OneTimeTask<Void> bulkJobTask(BulkJobService bulkJobs) {
        return Tasks.oneTime(BulkJobService.TASK)
                // A database hiccup: try again later; the job continues after the last certificate it finished.
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(10,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2.0)))
                .onDeadExecutionRevive()
                .execute((instance, context) -> bulkJobs.run(Long.parseLong(instance.getId())));
    }
}
