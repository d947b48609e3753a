package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The Redis event bus settings: off by default, Tutor's defaults otherwise, and Redis's password never printed. */
class EventBusSettingsTest {

    @Test
    void offUnlessARedisUrlIsGivenWithTutorsPrefixByDefault() {
        ServiceConfig.EventBus bus = new ServiceConfigLoader(new MockEnvironment()).load().eventBus();

        assertThat(bus.enabled()).isFalse();
        assertThat(bus.topicPrefix()).isEqualTo("dev");
        assertThat(bus.stream()).isEqualTo("dev-learning-certificate-lifecycle");
        assertThat(bus.group()).isEqualTo("openedx-pok");
        assertThat(bus.consumer()).matches("[A-Za-z0-9._:-]{1,100}");
        assertThat(bus.claimIdle()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aCompleteConfigurationIsReadAndThePasswordStaysHidden() {
        ServiceConfig.EventBus bus = new ServiceConfigLoader(new MockEnvironment()
                .withProperty("openedx.event-bus-redis-url", "redis://:s3cret-pass@redis:6379/1")
                .withProperty("openedx.event-bus-topic-prefix", "prod")
                .withProperty("openedx.event-bus-group", "pok-service")
                .withProperty("openedx.event-bus-consumer", "pok-1")
                .withProperty("openedx.event-bus-claim-idle", "5m")).load().eventBus();

        assertThat(bus.enabled()).isTrue();
        assertThat(bus.stream()).isEqualTo("prod-learning-certificate-lifecycle");
        assertThat(bus.group()).isEqualTo("pok-service");
        assertThat(bus.consumer()).isEqualTo("pok-1");
        assertThat(bus.claimIdle()).isEqualTo(Duration.ofMinutes(5));
        assertThat(bus.redisUrl().reveal()).isEqualTo("redis://:s3cret-pass@redis:6379/1");
        assertThat(bus.toString()).doesNotContain("s3cret-pass");
    }

    @Test
    void badValuesStopStartUpNamingTheVariableAndNeverEchoingTheUrl() {
        assertThatThrownBy(() -> new ServiceConfigLoader(new MockEnvironment()
                .withProperty("openedx.event-bus-redis-url", "http://user:s3cret-pass@redis:6379")).load())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("OPENEDX_EVENT_BUS_REDIS_URL").hasMessageNotContaining("s3cret-pass");
        assertThatThrownBy(() -> new ServiceConfigLoader(new MockEnvironment()
                .withProperty("openedx.event-bus-topic-prefix", "dev prefix")).load())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("OPENEDX_EVENT_BUS_TOPIC_PREFIX");
        assertThatThrownBy(() -> new ServiceConfigLoader(new MockEnvironment()
                .withProperty("openedx.event-bus-group", "a/b")).load())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("OPENEDX_EVENT_BUS_GROUP");
        assertThatThrownBy(() -> new ServiceConfigLoader(new MockEnvironment()
                .withProperty("openedx.event-bus-claim-idle", "soon")).load())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("OPENEDX_EVENT_BUS_CLAIM_IDLE");
    }
}
