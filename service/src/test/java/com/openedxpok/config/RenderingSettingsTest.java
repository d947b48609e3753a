package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The certificate page's settings: POK_RENDER_MODE, POK_IMAGE_MAX_AGE and the two theme colours. */
class RenderingSettingsTest {

    private static ServiceConfig load(String... variablesAndValues) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < variablesAndValues.length; i += 2) {
            variables.put(variablesAndValues[i], variablesAndValues[i + 1]);
        }
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return new ServiceConfigLoader(env).load();
    }

    @Test
    void defaults() {
        ServiceConfig.Rendering rendering = load().rendering();

        assertThat(rendering.mode()).isEqualTo(ServiceConfig.RenderMode.PAGE);
        assertThat(rendering.imageMaxAge()).isEqualTo(Duration.ofHours(12));
        assertThat(rendering.theme()).isEqualTo(new ServiceConfig.Theme("#1d4ed8", "#ffffff"));
    }

    @Test
    void readsEveryVariable() {
        ServiceConfig.Rendering rendering = load("POK_RENDER_MODE", "Redirect", "POK_IMAGE_MAX_AGE", "P1D",
                "POK_THEME_PRIMARY_COLOR", "#AA0000", "POK_THEME_BACKGROUND_COLOR", "#f5f5f5").rendering();

        assertThat(rendering.mode()).isEqualTo(ServiceConfig.RenderMode.REDIRECT);
        assertThat(rendering.imageMaxAge()).isEqualTo(Duration.ofDays(1));
        assertThat(rendering.theme()).isEqualTo(new ServiceConfig.Theme("#aa0000", "#f5f5f5"));
    }

    @Test
    void theImageAgeMayBeAWholeNumberOfHours() {
        assertThat(load("POK_IMAGE_MAX_AGE", "6").rendering().imageMaxAge()).isEqualTo(Duration.ofHours(6));
        assertThat(load("POK_IMAGE_MAX_AGE", "pt30m").rendering().imageMaxAge()).isEqualTo(Duration.ofMinutes(30));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "POK_RENDER_MODE|iframe|POK_RENDER_MODE: 'iframe' must be page or redirect",
            "POK_IMAGE_MAX_AGE|soon|POK_IMAGE_MAX_AGE: 'soon' is not a duration such as PT12H, P1D or a number of hours",
            "POK_IMAGE_MAX_AGE|PT1M|POK_IMAGE_MAX_AGE: 'PT1M' must be between 5 minutes and 30 days",
            "POK_IMAGE_MAX_AGE|0|POK_IMAGE_MAX_AGE: '0' must be between 5 minutes and 30 days",
            "POK_IMAGE_MAX_AGE|P90D|POK_IMAGE_MAX_AGE: 'P90D' must be between 5 minutes and 30 days",
            "POK_THEME_PRIMARY_COLOR|blue|POK_THEME_PRIMARY_COLOR: 'blue' is not a colour of the form #rrggbb",
            "POK_THEME_PRIMARY_COLOR|#fff|POK_THEME_PRIMARY_COLOR: '#fff' is not a colour of the form #rrggbb",
            "POK_THEME_BACKGROUND_COLOR|#ffffff;}|POK_THEME_BACKGROUND_COLOR: '#ffffff;}' is not a colour of the form"})
    void aBadValueNamesTheVariableInOneLine(String variable, String value, String message) {
        assertThatThrownBy(() -> load(variable, value)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
