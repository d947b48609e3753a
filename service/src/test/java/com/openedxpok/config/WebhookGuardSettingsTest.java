package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Token rotation and source networks: read by the variable names in docs/configuration.md, refused when unusable. */
class WebhookGuardSettingsTest {

    private static final String CURRENT = "current-token-0123456789";
    private static final String PREVIOUS = "previous-token-0123456789";

    /** Variables as the process environment gives them, so the names are checked, not only the properties. */
    private static ServiceConfigLoader loader(String... variablesAndValues) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < variablesAndValues.length; i += 2) {
            variables.put(variablesAndValues[i], variablesAndValues[i + 1]);
        }
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return new ServiceConfigLoader(env);
    }

    @Test
    void byDefaultNoPreviousTokenAnySourceAndNoTrustedProxy() {
        ServiceConfig.OpenEdx openedx = loader("OPENEDX_WEBHOOK_TOKEN", CURRENT).load().openedx();

        assertThat(openedx.previousWebhookToken().isEmpty()).isTrue();
        assertThat(openedx.previousWebhookToken().matches("")).isFalse();
        assertThat(openedx.allowedNetworks()).isEmpty();
        assertThat(openedx.trustedProxies()).isEmpty();
    }

    @Test
    void readsThePreviousTokenAndTheNetworks() {
        ServiceConfig.OpenEdx openedx = loader("OPENEDX_WEBHOOK_TOKEN", CURRENT,
                "OPENEDX_WEBHOOK_TOKEN_PREVIOUS", PREVIOUS,
                "OPENEDX_ALLOWED_NETWORKS", " 10.0.0.0/8, 172.16.0.0/12,::1/128,192.0.2.10,",
                "OPENEDX_TRUSTED_PROXIES", "127.0.0.1/32").load().openedx();

        assertThat(openedx.previousWebhookToken().matches(PREVIOUS)).isTrue();
        assertThat(openedx.previousWebhookToken()).hasToString("****");
        assertThat(openedx.webhookToken().matches(CURRENT)).isTrue();
        assertThat(openedx.allowedNetworks()).containsExactly(IpNetwork.parse("10.0.0.0/8"),
                IpNetwork.parse("172.16.0.0/12"), IpNetwork.parse("::1/128"), IpNetwork.parse("192.0.2.10/32"));
        assertThat(openedx.trustedProxies()).containsExactly(IpNetwork.parse("127.0.0.1/32"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "OPENEDX_WEBHOOK_TOKEN_PREVIOUS|short|OPENEDX_WEBHOOK_TOKEN_PREVIOUS: must be at least 16 characters long",
            "OPENEDX_WEBHOOK_TOKEN_PREVIOUS|has spaces in it, sadly|OPENEDX_WEBHOOK_TOKEN_PREVIOUS: may only contain",
            "OPENEDX_WEBHOOK_TOKEN_PREVIOUS|" + CURRENT + "|OPENEDX_WEBHOOK_TOKEN_PREVIOUS: is the same as OPENEDX_WEBHOOK_TOKEN",
            "OPENEDX_ALLOWED_NETWORKS|10.0.0.0/8,intranet|OPENEDX_ALLOWED_NETWORKS: 'intranet' is not an IPv4 or IPv6",
            "OPENEDX_ALLOWED_NETWORKS|10.0.0.0/33|OPENEDX_ALLOWED_NETWORKS: '10.0.0.0/33' has a prefix length outside",
            "OPENEDX_ALLOWED_NETWORKS|10.1.0.0/8|OPENEDX_ALLOWED_NETWORKS: '10.1.0.0/8' has bits set past its prefix",
            "OPENEDX_TRUSTED_PROXIES|10.0.0.0/8;127.0.0.1|OPENEDX_TRUSTED_PROXIES: '10.0.0.0/8;127.0.0.1' has no valid prefix length"})
    void aBadValueIsRefusedAtStartUpInOneLine(String variable, String value, String message) {
        assertThatThrownBy(() -> loader("OPENEDX_WEBHOOK_TOKEN", CURRENT, variable, value).load())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(CURRENT));
    }

    @Test
    void aPreviousTokenWithoutACurrentOneIsRefusedEvenInDemoMode() {
        assertThatThrownBy(() -> loader("OPENEDX_WEBHOOK_TOKEN_PREVIOUS", PREVIOUS).load())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("OPENEDX_WEBHOOK_TOKEN_PREVIOUS: is set but OPENEDX_WEBHOOK_TOKEN is not")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PREVIOUS));
        assertThatThrownBy(() -> loader("POK_API_KEY", "k", "OPENEDX_WEBHOOK_TOKEN_PREVIOUS", PREVIOUS).load())
                .hasMessageStartingWith("OPENEDX_WEBHOOK_TOKEN_PREVIOUS: is set but OPENEDX_WEBHOOK_TOKEN is not");
    }

    @Test
    void networksWorkInDemoModeToo() {
        ServiceConfig.OpenEdx openedx = loader("OPENEDX_ALLOWED_NETWORKS", "127.0.0.0/8").load().openedx();
        assertThat(openedx.webhookTokenGenerated()).isTrue();
        assertThat(openedx.allowedNetworks()).containsExactly(IpNetwork.parse("127.0.0.0/8"));
    }
}
