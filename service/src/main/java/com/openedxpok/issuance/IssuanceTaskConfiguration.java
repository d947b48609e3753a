package com.openedxpok.issuance;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/**
 * Issuance's durable background tasks (db-scheduler); {@code config.SchedulerConfiguration} runs every {@code Task}
 * bean of the application.
 */
@Configuration(proxyBeanMethods = false)
class IssuanceTaskConfiguration {

    @Bean
    CustomTask<Void> certificateTask(IssuanceWorker worker) {
        return Tasks.custom(IssuanceTasks.CERTIFICATE)
                // An unexpected error (database down) is retried with backoff; POK failures never get here.
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2.0))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    Optional<Instant> next = worker.work(Long.parseLong(instance.getId()));
                    return next.<CompletionHandler<Void>>map(at -> (complete, operations) ->
                            operations.reschedule(complete, at))
                            .orElseGet(CompletionHandler.OnCompleteRemove::new);
                });
    }

    /** A batch at a time; the next batch is the same execution rescheduled with where this one stopped. */
    @Bean
    CustomTask<HeldRelease> releaseHeldTask(HeldForFacts held) {
        return Tasks.custom(IssuanceTasks.RELEASE_HELD)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2.0))
                .onDeadExecutionRevive()
                .execute((instance, context) -> held.releaseBatch(instance.getData())
                        .<CompletionHandler<HeldRelease>>map(next -> (complete, operations) ->
                                operations.reschedule(complete, Instant.now(), next))
                        .orElseGet(CompletionHandler.OnCompleteRemove::new));
    }

    @Bean
    RecurringTask<Void> overdueSweepTask(OverdueSweeper sweeper) {
        return Tasks.recurring("overdue-sweep", Schedules.fixedDelay(Duration.ofSeconds(60)))
                .execute((instance, context) -> sweeper.sweep());
    }

    @Bean
    RecurringTask<Void> authenticationProbeTask(AuthenticationProbe probe) {
        return Tasks.recurring("pok-authentication-probe", Schedules.fixedDelay(Duration.ofSeconds(15)))
                .execute((instance, context) -> probe.probe());
    }

    @Bean
    CustomTask<Void> openedxRevocationTask(RevocationService revocations) {
        return Tasks.custom(IssuanceTasks.REVOCATION)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2.0))
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    Optional<Instant> next = revocations.retryDeferred(Long.parseLong(instance.getId()));
                    return next.<CompletionHandler<Void>>map(at -> (complete, operations) ->
                            operations.reschedule(complete, at))
                            .orElseGet(CompletionHandler.OnCompleteRemove::new);
                });
    }
}
