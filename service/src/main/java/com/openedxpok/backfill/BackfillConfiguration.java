package com.openedxpok.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.openedxpok.openedx.OpenedxTasks;

/** The backfill's db-scheduler task; {@code SchedulerConfiguration} collects it with every other {@code Task} bean. */
@Configuration(proxyBeanMethods = false)
class BackfillConfiguration {

    /** One step per execution (one page): short executions let a restart wait for the current page only. */
    @Bean
    CustomTask<Void> backfillTask(BackfillRunner runner) {
        return Tasks.custom(OpenedxTasks.BACKFILL)
                // An unexpected error (database down) is retried with backoff; LMS failures are handled in the step.
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10), 2.0))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    Optional<Instant> next = runner.step(Long.parseLong(instance.getId()));
                    return next.<CompletionHandler<Void>>map(at -> (complete, operations) ->
                            operations.reschedule(complete, at))
                            .orElseGet(CompletionHandler.OnCompleteRemove::new);
                });
    }
}
