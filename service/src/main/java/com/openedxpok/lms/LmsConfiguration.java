package com.openedxpok.lms;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.openedxpok.config.ServiceConfig;

/**
 * The Open edX API client. Always present: without {@code LMS_URL} it reports itself not configured and every caller
 * falls back to what the webhook payloads carry.
 */
@Configuration(proxyBeanMethods = false)
public class LmsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LmsConfiguration.class);

    @Bean(destroyMethod = "close")
    LmsHttp lmsHttp(ServiceConfig config, Clock clock) {
        return new LmsHttp(config.lms(), clock);
    }

    @Bean
    LmsClient lmsClient(LmsHttp http) {
        return new LmsClient(http);
    }

    @Bean
    LmsDirectory lmsDirectory(LmsClient client) {
        return new LmsDirectory(client);
    }

    /** One line at start-up saying where the Open edX data comes from (the client id is not a secret). */
    @Bean
    ApplicationListener<ApplicationReadyEvent> lmsStartupLine(ServiceConfig config) {
        return event -> {
            ServiceConfig.Lms lms = config.lms();
            if (lms.configured()) {
                log.info("Open edX API: {} (OAuth2 client {}){}", lms.lmsUrl().orElseThrow(), lms.clientId(),
                        lms.cmsUrl().map(cms -> ", Studio: " + cms).orElse(", no CMS_URL: signatories from "
                                + "certificate views only"));
            } else {
                log.info("Open edX API not configured (LMS_URL): course titles, signatories and missing emails "
                        + "come only from what Open edX sends; backfill works from a CSV file only");
            }
        };
    }
}
