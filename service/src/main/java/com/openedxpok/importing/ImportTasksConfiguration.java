package com.openedxpok.importing;

import java.time.Duration;
import java.time.Instant;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;

/** The import's run on db-scheduler (the scheduler picks up every Task bean): durable, on one instance at a time. */
@Configuration(proxyBeanMethods = false)
class ImportTasksConfiguration {

    @Bean
    CustomTask<Void> openedxPokImportTask(OpenedxPokImportService imports) {
        return Tasks.custom(OpenedxPokImportService.TASK)
                // A database hiccup rolls back the batch: try again later, from the last batch committed.
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2.0))
                .onDeadExecutionRevive()
                .execute((instance, context) -> imports.runSome(Long.parseLong(instance.getId()),
                        OpenedxPokImportService.BATCHES_PER_EXECUTION,
                        () -> context.getSchedulerState().isShuttingDown())
                        ? (complete, operations) -> operations.reschedule(complete, Instant.now())
                        : new CompletionHandler.OnCompleteRemove<>());
    }
}
