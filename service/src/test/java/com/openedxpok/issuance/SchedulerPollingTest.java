package com.openedxpok.issuance;

import com.openedxpok.config.SchedulerConfiguration;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.openedxpok.config.Database;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.config.ServiceConfigLoader;
import com.openedxpok.testsupport.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The worker's threads are the service's POK concurrency, so a thread that finishes must get the next due execution
 * at once: not only once half of the threads are free, nor at the next poll a second later. With POK answering in
 * 150 ms that difference kept a third of the threads idle (docs/benchmarks.md, issuance). Lock-and-fetch is the
 * PostgreSQL polling strategy, so this runs on PostgreSQL.
 */
class SchedulerPollingTest {

    private TestDatabase.Created database;
    private HikariDataSource dataSource;
    private Scheduler scheduler;
    private final CountDownLatch releaseSlow = new CountDownLatch(1);

    @AfterEach
    void cleanUp() {
        releaseSlow.countDown();
        if (scheduler != null) {
            scheduler.stop();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void aThreadThatFinishesTakesTheNextDueExecutionWithoutWaitingForThePoll() {
        database = TestDatabase.POSTGRESQL.create();
        dataSource = (HikariDataSource) database.dataSource();
        Database kind = Database.of(dataSource);
        Flyway.configure().dataSource(dataSource).placeholders(kind.migrationPlaceholders()).load().migrate();

        Set<String> quickDone = ConcurrentHashMap.newKeySet();
        OneTimeTask<Void> task = Tasks.oneTime("polling-probe").execute((instance, context) -> {
            if (instance.getId().startsWith("slow")) {
                try {
                    releaseSlow.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                quickDone.add(instance.getId());
            }
        });
        // Four threads: three held by slow executions (a POK that hangs), the fourth must work through the quick ones.
        scheduler = new SchedulerConfiguration().scheduler(dataSource, kind, List.of(task), List.of(),
                config("POK_MAX_CONCURRENCY", "4"));
        Instant due = Instant.now().minusSeconds(60);
        for (int i = 0; i < 3; i++) {
            scheduler.scheduleIfNotExists(task.instance("slow-" + i), due.plusMillis(i));
        }
        for (int i = 0; i < 10; i++) {
            scheduler.scheduleIfNotExists(task.instance("quick-" + i), due.plusSeconds(1).plusMillis(i));
        }

        scheduler.start();
        // Waiting for the 1 s poll after each quick execution would take about 10 s.
        await().atMost(Duration.ofSeconds(4)).until(() -> quickDone.size() == 10);
    }

    private static ServiceConfig config(String... variablesAndValues) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < variablesAndValues.length; i += 2) {
            variables.put(variablesAndValues[i], variablesAndValues[i + 1]);
        }
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return new ServiceConfigLoader(env).load();
    }
}
