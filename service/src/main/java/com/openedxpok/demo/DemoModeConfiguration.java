package com.openedxpok.demo;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalInt;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import com.openedxpok.config.DemoMode;
import com.openedxpok.config.InvalidConfigurationException;
import com.openedxpok.config.Secret;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.openedx.CourseInfoRepository;
import com.openedxpok.lms.LmsDirectory;
import com.openedxpok.pok.PokEndpoint;
import com.openedxpok.simulator.PokSimulator;

/**
 * Demo mode (no {@code POK_API_KEY}): the service talks to a built-in {@link PokSimulator} instead of POK, so that
 * it can be tried end to end without an account. With a key, {@code PokClientConfiguration} provides the endpoint.
 * The only place the service reaches the simulator: its classes are absent from the production jar, and the
 * condition on the class (read from the bytecode, before the class is loaded) keeps this configuration away then;
 * {@link SimulatorMissingConfiguration} says so instead.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DemoMode.On.class)
@ConditionalOnClass(name = DemoModeConfiguration.SIMULATOR_CLASS)
public class DemoModeConfiguration {

    static final String SIMULATOR_CLASS = "com.openedxpok.simulator.PokSimulator";

    private static final Logger log = LoggerFactory.getLogger(DemoModeConfiguration.class);

    /** The simulator's file in its data directory. */
    static final String STATE_FILE = "pok-simulator.json";

    @Bean(destroyMethod = "close")
    PokSimulator pokSimulator(Environment environment) {
        int port = port(environment.getProperty("pok.simulator-port", "0"));
        Duration emitDelay = emitDelay(environment.getProperty("pok.simulator-emit-delay", "3s"));
        String dataDir = environment.getProperty("pok.simulator-data-dir", "./data").strip();
        Path stateFile = dataDir.isEmpty() ? null : Path.of(dataDir).resolve(STATE_FILE);
        if (port == 0 && stateFile != null) {
            // The certificates issued before keep image URLs on the previous port: listen there again if we can.
            OptionalInt previous = PokSimulator.savedPort(stateFile);
            if (previous.isPresent()) {
                try {
                    return start(previous.getAsInt(), emitDelay, stateFile);
                } catch (UncheckedIOException e) {
                    log.warn("POK simulator: port {} of the previous run is taken ({}); listening on another one. The "
                            + "images of certificates issued before come back as their image URLs are refreshed "
                            + "(POK_IMAGE_MAX_AGE); set POK_SIMULATOR_PORT to keep one port", previous.getAsInt(),
                            e.getCause().getMessage());
                }
            }
        }
        try {
            return start(port, emitDelay, stateFile);
        } catch (UncheckedIOException e) {
            throw new InvalidConfigurationException("POK_SIMULATOR_PORT",
                    "port " + port + " cannot be used by the demo POK simulator (" + e.getCause().getMessage() + ")");
        }
    }

    private static PokSimulator start(int port, Duration emitDelay, Path stateFile) {
        PokSimulator.Builder builder = PokSimulator.builder().port(port).apiKey(randomKey()).emitDelay(emitDelay);
        if (stateFile != null) {
            builder.stateFile(stateFile);
        }
        return builder.start();
    }

    @Bean
    PokEndpoint pokEndpoint(PokSimulator simulator, ServiceConfig config) {
        return new PokEndpoint(simulator.baseUrl(), Secret.of(simulator.apiKey().reveal()), config.pok().timeout(),
                true);
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
