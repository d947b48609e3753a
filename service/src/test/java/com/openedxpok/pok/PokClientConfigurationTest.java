package com.openedxpok.pok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.openedxpok.config.PokDateFormat;
import com.openedxpok.config.Secret;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.config.ServiceConfigLoader;
import org.springframework.mock.env.MockEnvironment;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class PokClientConfigurationTest {

    private static final URI POK_URL = URI.create("https://api.credentity.xyz/");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(PokClientConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void withAnApiKeyTheClientTalksToTheConfiguredPok() {
        runner.withPropertyValues("pok.api-key=pk_live_1")
                .withBean(ServiceConfig.class, () -> config("pk_live_1"))
                .run(context -> {
                    assertThat(context).hasSingleBean(PokEndpoint.class).hasSingleBean(HttpPokClient.class);
                    PokEndpoint endpoint = context.getBean(PokEndpoint.class);
                    assertThat(endpoint.baseUrl()).isEqualTo(POK_URL);
                    assertThat(endpoint.apiKey().reveal()).isEqualTo("pk_live_1");
                    assertThat(endpoint.timeout()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(endpoint.simulated()).isFalse();
                });
    }

    @Test
    void inDemoModeTheEndpointIsLeftToTheSimulator() {
        PokEndpoint simulator = new PokEndpoint(URI.create("http://localhost:8080/simulator/"), Secret.empty(),
                Duration.ofSeconds(5), true);
        runner.withPropertyValues("pok.api-key=  ")
                .withBean(ServiceConfig.class, () -> config(""))
                .withBean("simulatorEndpoint", PokEndpoint.class, () -> simulator)
                .run(context -> {
                    assertThat(context).hasSingleBean(PokEndpoint.class).hasSingleBean(HttpPokClient.class);
                    assertThat(context.getBean(PokEndpoint.class)).isSameAs(simulator);
                });
    }

    @Test
    void inDemoModeWithoutTheSimulatorThereIsNothingToTalkTo() {
        runner.withBean(ServiceConfig.class, () -> config("")).run(context -> assertThat(context).hasFailed());
    }

    @Test
    void closingTheContextClosesTheConnectionPool() {
        HttpPokClient[] client = new HttpPokClient[1];
        runner.withPropertyValues("pok.api-key=pk_live_1")
                .withBean(ServiceConfig.class, () -> config("pk_live_1"))
                .run(context -> client[0] = context.getBean(HttpPokClient.class));

        assertThatThrownBy(() -> client[0].organization()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
    }

    private static ServiceConfig config(String apiKey) {
        return new ServiceConfigLoader(new MockEnvironment()
                .withProperty("pok.api-key", apiKey)
                .withProperty("pok.api-url", POK_URL.toString())
                .withProperty("openedx.webhook-token", "tok_0123456789abcdef")).load();
    }
}
