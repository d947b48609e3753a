package com.openedxpok.config;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;

/**
 * db-scheduler, wired by hand (its Boot starter does not support Boot 4 yet). Durable and cluster-safe: executions
 * live in {@code scheduled_tasks}, each is picked by exactly one instance, and executions of an instance that died
 * (no heartbeat) are revived by the others or by the next start.
 */
@Configuration(proxyBeanMethods = false)
public class SchedulerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SchedulerConfiguration.class);

    /** Stopped (waiting for running executions) only when the application context closes. */
    @Bean(destroyMethod = "stop")
    public Scheduler scheduler(DataSource dataSource, Database database, List<Task<?>> tasks,
            List<RecurringTask<?>> recurring, ServiceConfig config) {
        // Transaction-aware: scheduling from inside a @Transactional method commits or rolls back with it.
        // Recurring tasks are registered through startTasks (which also schedules them); listing them twice fails.
        List<Task<?>> oneTime = tasks.stream().filter(t -> !(t instanceof RecurringTask)).toList();
        SchedulerBuilder builder = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), oneTime)
                .threads(config.issuance().maxConcurrency())
                .pollingInterval(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(5))
                .missedHeartbeatsLimit(4)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(10))
                .startTasks(recurring.toArray(RecurringTask[]::new))
                .failureLogging(com.github.kagkarlsson.scheduler.logging.LogLevel.WARN, true);
        if (database == Database.POSTGRESQL) {
            // The threads are the POK concurrency: fetch again as soon as one is free (lower limit threads - 1), and
            // never pick more than there are threads (picked executions waiting in a queue get no heartbeat). With
            // (0.5, 1.0) a free thread waited until half of them were free or for the next poll: a third idle.
            builder.pollUsingLockAndFetch(0.99, 1.0);
        }
        if (database == Database.MYSQL) {
            builder.alwaysPersistTimestampInUTC();
        }
        return builder.build();
    }

    /**
     * Starts the scheduler once the application is fully up. A lifecycle stop only pauses it: a context may be
     * stopped and started again (Spring pauses idle cached test contexts), and a stopped db-scheduler cannot restart.
     */
    @Bean
    SmartLifecycle schedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;
            private volatile boolean started;

            @Override
            public void start() {
                if (started) {
                    scheduler.resume();
                } else {
                    scheduler.start();
                    started = true;
                    log.info("Background issuance started");
                }
                running = true;
            }

            @Override
            public void stop() {
                scheduler.pause();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
