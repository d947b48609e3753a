package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import java.util.HashMap;
import java.util.Map;

class ServiceConfigLoaderTest {

    /** An environment that resolves properties from variables the way the real process environment does. */
    private static StandardEnvironment environment(String... variablesAndValues) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < variablesAndValues.length; i += 2) {
            variables.put(variablesAndValues[i], variablesAndValues[i + 1]);
        }
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return env;
    }

    @Test
    void defaultsAreThoseOfTheOriginalPluginAndDemoModeWithoutAKey() {
        ServiceConfig config = new ServiceConfigLoader(environment()).load();

        assertThat(config.pok().apiUrl()).isEqualTo(URI.create("https://api.pok.tech/"));
        assertThat(config.pok().timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.pok().dateFormat()).isEqualTo(PokDateFormat.DAY_MONTH_YEAR);
        assertThat(config.pok().defaultLanguageTag()).isEqualTo("en-US");
        assertThat(config.pok().demoMode()).isTrue();
        assertThat(config.pok().defaultTemplateId()).isEmpty();
        assertThat(config.openedx().webhookTokenGenerated()).isTrue();
        assertThat(config.openedx().webhookToken().reveal()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void readsEveryVariableByTheNameOperatorsKnow() {
        ServiceConfig config = new ServiceConfigLoader(environment(
                "POK_API_URL", "https://api.credentity.xyz",
                "POK_API_KEY", "secret-key-123",
                "POK_TEMPLATE_ID", "tpl-9",
                "POK_PAGE_ID", "page-3",
                "POK_TIMEOUT", "7",
                "POK_DATE_FORMAT", "MM/dd/yyyy",
                "POK_DEFAULT_LANGUAGE_TAG", "es_419",
                "OPENEDX_WEBHOOK_TOKEN", "0123456789abcdef-XYZ")).load();

        assertThat(config.pok().apiUrl()).hasToString("https://api.credentity.xyz/");
        assertThat(config.pok().apiKey().reveal()).isEqualTo("secret-key-123");
        assertThat(config.pok().apiKey()).hasToString("****");
        assertThat(config.pok().defaultTemplateId()).contains("tpl-9");
        assertThat(config.pok().defaultPageId()).contains("page-3");
        assertThat(config.pok().timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.pok().dateFormat()).isEqualTo(PokDateFormat.MONTH_DAY_YEAR);
        assertThat(config.pok().defaultLanguageTag()).isEqualTo("es-419");
        assertThat(config.pok().demoMode()).isFalse();
        assertThat(config.openedx().webhookTokenGenerated()).isFalse();
        assertThat(config.openedx().webhookToken().matches("0123456789abcdef-XYZ")).isTrue();
        assertThat(config.openedx().webhookToken().matches("0123456789abcdef-XYz")).isFalse();
    }

    @Test
    void springPropertyNamesWorkToo() {
        MockEnvironment env = new MockEnvironment().withProperty("pok.timeout", "3");
        assertThat(new ServiceConfigLoader(env).load().pok().timeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "POK_TIMEOUT|-5|POK_TIMEOUT: '-5' must be between 1 and 600 seconds",
            "POK_TIMEOUT|ten|POK_TIMEOUT: 'ten' is not a whole number of seconds",
            "POK_DATE_FORMAT|yyyy-MM-dd|POK_DATE_FORMAT: 'yyyy-MM-dd' must be dd/MM/yyyy or MM/dd/yyyy",
            "POK_API_URL|api.pok.tech|POK_API_URL: 'api.pok.tech' is not an http(s) URL",
            "POK_API_URL|ftp://api.pok.tech/|POK_API_URL: 'ftp://api.pok.tech/' is not an http(s) URL",
            "POK_API_URL|https://exa mple.com|POK_API_URL: 'https://exa mple.com' is not a valid URL",
            "POK_DEFAULT_LANGUAGE_TAG|en|POK_DEFAULT_LANGUAGE_TAG: 'en' must be a BCP 47 tag with a region",
            "POK_DEFAULT_LANGUAGE_TAG|12-!!|POK_DEFAULT_LANGUAGE_TAG: '12-!!' is not a BCP 47 language tag",
            "OPENEDX_WEBHOOK_TOKEN|short|OPENEDX_WEBHOOK_TOKEN: must be at least 16 characters long",
            "OPENEDX_WEBHOOK_TOKEN|has spaces in it, sadly|OPENEDX_WEBHOOK_TOKEN: may only contain letters"})
    void aBadValueNamesTheVariableAndTheProblem(String variable, String value, String message) {
        assertThatThrownBy(() -> new ServiceConfigLoader(environment(variable, value)).load())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aRealKeyWithoutAWebhookTokenIsRefusedRatherThanGeneratingOneThatChangesAtEveryRestart() {
        assertThatThrownBy(() -> new ServiceConfigLoader(environment("POK_API_KEY", "k")).load())
                .hasMessageStartingWith("OPENEDX_WEBHOOK_TOKEN: is required when POK_API_KEY is set");
    }

    @Test
    void theApiKeyIsNeverPartOfAnErrorMessage() {
        assertThatThrownBy(() -> new ServiceConfigLoader(environment("POK_API_KEY", "super-secret-key",
                "POK_TIMEOUT", "0")).load())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("super-secret-key"));
    }
}
