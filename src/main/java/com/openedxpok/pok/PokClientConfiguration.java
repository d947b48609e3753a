package com.openedxpok.pok;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.openedxpok.config.ServiceConfig;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The POK client. With an API key it talks to the real POK; without one (demo mode) the simulator package provides
 * the {@link PokEndpoint}, so this configuration must not provide one then.
 */
@Configuration(proxyBeanMethods = false)
public class PokClientConfiguration {

    @Bean
    @ConditionalOnExpression("!'${pok.api-key:}'.isBlank()")
    PokEndpoint pokEndpoint(ServiceConfig config) {
        ServiceConfig.Pok pok = config.pok();
        return new PokEndpoint(pok.apiUrl(), pok.apiKey(), pok.timeout(), false);
    }

    @Bean(destroyMethod = "close")
    HttpPokClient pokClient(PokEndpoint endpoint, MeterRegistry registry) {
        return new HttpPokClient(endpoint, registry);
    }
}
