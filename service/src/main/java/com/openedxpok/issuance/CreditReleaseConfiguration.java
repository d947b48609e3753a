package com.openedxpok.issuance;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

/** Once a minute, once per cluster: certificates held for lack of POK credits go back to the queue when there are. */
@Configuration(proxyBeanMethods = false)
class CreditReleaseConfiguration {

    static final Duration EVERY = Duration.ofMinutes(1);

    @Bean
    RecurringTask<Void> creditReleaseTask(CreditGuard credits) {
        return Tasks.recurring("credits-release", Schedules.fixedDelay(EVERY))
                .execute((instance, context) -> credits.releaseIfCreditsReturned());
    }
}
