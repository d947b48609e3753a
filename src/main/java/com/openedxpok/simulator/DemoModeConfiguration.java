package com.openedxpok.simulator;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.openedxpok.config.DemoMode;
import com.openedxpok.config.InvalidConfigurationException;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.openedx.CourseInfoRepository;
import com.openedxpok.openedx.lms.LmsDirectory;
import com.openedxpok.pok.PokEndpoint;

/**
 * Demo mode (no {@code POK_API_KEY}): the service talks to a built-in {@link PokSimulator} instead of POK, so that
 * it can be tried end to end without an account. With a key, {@code PokClientConfiguration} provides the endpoint.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DemoMode.On.class)
public class DemoModeConfiguration {

    @Bean(destroyMethod = "close")
    PokSimulator pokSimulator(Environment environment) {
        int port = port(environment.getProperty("pok.simulator-port", "0"));
        Duration emitDelay = emitDelay(environment.getProperty("pok.simulator-emit-delay", "3s"));
        PokSimulator simulator;
        try {
            simulator = PokSimulator.builder().port(port).apiKey(randomKey()).emitDelay(emitDelay).start();
        } catch (UncheckedIOException e) {
            throw new InvalidConfigurationException("POK_SIMULATOR_PORT",
                    "port " + port + " cannot be used by the demo POK simulator (" + e.getCause().getMessage() + ")");
        }
        return simulator;
    }

    @Bean
    PokEndpoint pokEndpoint(PokSimulator simulator, ServiceConfig config) {
        return new PokEndpoint(simulator.baseUrl(), simulator.apiKey(), config.pok().timeout(), true);
    }

    @Bean
    DemoCourseTemplateSeeder demoCourseTemplateSeeder(CourseTemplateRepository repository,
            CourseInfoRepository courseInfo, LmsDirectory lms) {
        return new DemoCourseTemplateSeeder(repository, courseInfo, lms);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigurationException("POK_SIMULATOR_PORT",
                "'" + text + "' must be a port number between 0 (any free port) and 65535");
    }

    private static Duration emitDelay(String text) {
        try {
            Duration delay = DurationStyle.detectAndParse(text.strip());
            if (!delay.isNegative()) {
                return delay;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidConfigurationException("POK_SIMULATOR_EMIT_DELAY",
                "'" + text + "' must be a duration such as 3s or 500ms");
    }

    /** A fresh key per run: nothing outside this process needs it, so nothing can leak a lasting one. */
    private static String randomKey() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
