package com.openedxpok.rendering;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.pok.PokClient;

/**
 * Keeps the stored POK image URLs fresh in the background (they may be temporary), so that showing a certificate
 * never waits for POK. Runs once per cluster every few minutes through db-scheduler.
 */
@Configuration(proxyBeanMethods = false)
class ImageRefreshConfiguration {

    static final int BATCH = 200;

    @Bean
    ImageUrlRefresher imageUrlRefresher(CertificateRepository certificates, CertificateLifecycle lifecycle,
            PokClient pok, Clock clock) {
        return new ImageUrlRefresher(certificates, lifecycle, pok, clock);
    }

    @Bean
    RecurringTask<Void> imageRefreshTask(ImageUrlRefresher refresher, ServiceConfig config) {
        return Tasks.recurring("image-url-refresh", Schedules.fixedDelay(Duration.ofMinutes(5)))
                .execute((instance, context) -> refresher.refreshOlderThan(config.rendering().imageMaxAge(), BATCH));
    }
}
