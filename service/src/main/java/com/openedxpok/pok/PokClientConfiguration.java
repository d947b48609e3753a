package com.openedxpok.pok;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import com.openedxpok.config.DemoMode;
import com.openedxpok.config.ServiceConfig;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The POK client. With an API key it talks to the real POK; without one (demo mode) the demo package provides
 * the {@link PokEndpoint}, so this configuration must not provide one then. Everyone who injects a {@link PokClient}
 * gets the throttled one, so the limits on what we ask of POK hold for all work together.
 */
@Configuration(proxyBeanMethods = false)
public class PokClientConfiguration {

    @Bean
    @Conditional(DemoMode.Off.class)
    PokEndpoint pokEndpoint(ServiceConfig config) {
        ServiceConfig.Pok pok = config.pok();
        return new PokEndpoint(pok.apiUrl(), pok.apiKey(), pok.timeout(), false);
    }

    @Bean(destroyMethod = "close")
    HttpPokClient pokClient(PokEndpoint endpoint, MeterRegistry registry) {
        return new HttpPokClient(endpoint, registry);
    }

    @Bean
    @Primary
    ThrottledPokClient throttledPokClient(HttpPokClient pokClient, ServiceConfig config) {
        return new ThrottledPokClient(pokClient, config.issuance().maxConcurrency(),
                config.issuance().maxRequestsPerSecond());
    }
}
