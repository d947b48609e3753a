package com.openedxpok.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import com.openedxpok.config.DemoMode;
import com.openedxpok.config.InvalidConfigurationException;
import com.openedxpok.pok.PokEndpoint;

/**
 * Demo mode asked for (no {@code POK_API_KEY}) in a build without the POK simulator, such as the production jar.
 * Without this, start-up would fail on a missing {@code PokEndpoint} bean, which tells an operator nothing; every
 * POK caller needs the endpoint, so providing it here, failing, makes the first of them report the real reason.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DemoMode.On.class)
@ConditionalOnMissingClass(DemoModeConfiguration.SIMULATOR_CLASS)
class SimulatorMissingConfiguration {

    static final String PROBLEM = "is not set, so the service would run in demo mode against the built-in POK "
            + "simulator, but this build leaves the simulator out (the production jar does). Set POK_API_KEY to "
            + "issue with POK; for the demo, run ./mvnw spring-boot:run from the repository, or build a jar that "
            + "contains the simulator with ./mvnw -B -Pdemo package";

    @Bean
    PokEndpoint pokEndpoint() {
        throw new InvalidConfigurationException("POK_API_KEY", PROBLEM);
    }
}
