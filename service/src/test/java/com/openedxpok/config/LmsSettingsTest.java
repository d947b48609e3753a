package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The Open edX API settings: optional, but never half configured, and the secret never printed. */
class LmsSettingsTest {

    private static MockEnvironment env() {
        return new MockEnvironment();
    }

    @Test
    void withoutLmsUrlTheApiIsNotConfigured() {
        ServiceConfig.Lms lms = new ServiceConfigLoader(env()).load().lms();

        assertThat(lms.configured()).isFalse();
        assertThat(lms.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(lms.maxAttempts()).isEqualTo(3);
        assertThat(lms.cacheTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aCompleteConfigurationIsRead() {
        ServiceConfig.Lms lms = new ServiceConfigLoader(env().withProperty("lms.url", "https://lms.example.org")
                .withProperty("cms.url", "https://studio.example.org/").withProperty("openedx.client-id", "pok")
                .withProperty("openedx.client-secret", "very-secret").withProperty("openedx.api-timeout", "3s")
                .withProperty("openedx.api-max-attempts", "2").withProperty("openedx.api-cache-ttl", "15m")).load()
                .lms();

        assertThat(lms.configured()).isTrue();
        assertThat(lms.lmsUrl()).contains(URI.create("https://lms.example.org/"));
        assertThat(lms.cmsUrl()).contains(URI.create("https://studio.example.org/"));
        assertThat(lms.clientId()).isEqualTo("pok");
        assertThat(lms.clientSecret().reveal()).isEqualTo("very-secret");
        assertThat(lms.toString()).doesNotContain("very-secret");
        assertThat(lms.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(lms.maxAttempts()).isEqualTo(2);
        assertThat(lms.cacheTtl()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void halfAConfigurationStopsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> new ServiceConfigLoader(env().withProperty("lms.url", "https://lms.example.org"))
                .load()).hasMessageContaining("OPENEDX_CLIENT_ID");
        assertThatThrownBy(() -> new ServiceConfigLoader(env().withProperty("lms.url", "https://lms.example.org")
                .withProperty("openedx.client-id", "pok")).load()).hasMessageContaining("OPENEDX_CLIENT_SECRET");
        assertThatThrownBy(() -> new ServiceConfigLoader(env().withProperty("openedx.client-secret", "x")).load())
                .hasMessageContaining("LMS_URL").hasMessageContaining("OPENEDX_CLIENT_SECRET")
                .hasMessageNotContaining("x'");
        assertThatThrownBy(() -> new ServiceConfigLoader(env().withProperty("lms.url", "ftp://lms")
                .withProperty("openedx.client-id", "pok").withProperty("openedx.client-secret", "s")).load())
                .hasMessageStartingWith("LMS_URL");
        assertThatThrownBy(() -> new ServiceConfigLoader(env().withProperty("openedx.api-timeout", "10m")).load())
                .hasMessageContaining("OPENEDX_API_TIMEOUT");
        assertThatThrownBy(() -> new ServiceConfigLoader(env().withProperty("openedx.api-max-attempts", "0")).load())
                .hasMessageContaining("OPENEDX_API_MAX_ATTEMPTS");
    }
}
