package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import com.openedxpok.config.InvalidConfigurationException;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.config.ServiceConfigLoader;

/** The console's settings, read from environment variables and checked with one line naming the variable. */
class AdminSettingsTest {

    private static ServiceConfig.Admin load(String... variablesAndValues) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < variablesAndValues.length; i += 2) {
            variables.put(variablesAndValues[i], variablesAndValues[i + 1]);
        }
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return new ServiceConfigLoader(env).load().admin();
    }

    @Test
    void defaults() {
        ServiceConfig.Admin admin = load();
        assertThat(admin.username()).isEmpty();
        assertThat(admin.password().isEmpty()).isTrue();
        assertThat(admin.sessionTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(admin.lockoutAttempts()).isEqualTo(5);
        assertThat(admin.lockoutDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(admin.lowCredits()).isEqualTo(20);
    }

    @Test
    void everySettingIsRead() {
        ServiceConfig.Admin admin = load("POK_ADMIN_USERNAME", "ops@example.org", "POK_ADMIN_PASSWORD",
                "twelve-chars-ok", "POK_ADMIN_SESSION_TIMEOUT", "2h", "POK_ADMIN_LOCKOUT_ATTEMPTS", "3",
                "POK_ADMIN_LOCKOUT_DURATION", "15m", "POK_LOW_CREDITS_WARNING", "50");
        assertThat(admin.username()).contains("ops@example.org");
        assertThat(admin.password().reveal()).isEqualTo("twelve-chars-ok");
        assertThat(admin.password().toString()).isEqualTo("****");
        assertThat(admin.sessionTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(admin.lockoutAttempts()).isEqualTo(3);
        assertThat(admin.lockoutDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(admin.lowCredits()).isEqualTo(50);
    }

    @Test
    void badValuesNameTheVariableAndNeverEchoAPassword() {
        assertThatThrownBy(() -> load("POK_ADMIN_USERNAME", "ops")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("POK_ADMIN_PASSWORD: is required when POK_ADMIN_USERNAME is set");
        assertThatThrownBy(() -> load("POK_ADMIN_PASSWORD", "twelve-chars-ok"))
                .hasMessage("POK_ADMIN_USERNAME: is required when POK_ADMIN_PASSWORD is set");
        assertThatThrownBy(() -> load("POK_ADMIN_USERNAME", "ops", "POK_ADMIN_PASSWORD", "short-pw"))
                .hasMessage("POK_ADMIN_PASSWORD: must be at least 12 characters long")
                .hasMessageNotContaining("short-pw");
        assertThatThrownBy(() -> load("POK_ADMIN_USERNAME", "o ps", "POK_ADMIN_PASSWORD", "twelve-chars-ok"))
                .hasMessageStartingWith("POK_ADMIN_USERNAME: ");
        assertThatThrownBy(() -> load("POK_ADMIN_SESSION_TIMEOUT", "soon"))
                .hasMessageStartingWith("POK_ADMIN_SESSION_TIMEOUT: 'soon'");
        assertThatThrownBy(() -> load("POK_ADMIN_SESSION_TIMEOUT", "30s"))
                .hasMessage("POK_ADMIN_SESSION_TIMEOUT: must be at least 1m");
        assertThatThrownBy(() -> load("POK_ADMIN_LOCKOUT_ATTEMPTS", "0"))
                .hasMessage("POK_ADMIN_LOCKOUT_ATTEMPTS: '0' must be between 1 and 100");
        assertThatThrownBy(() -> load("POK_LOW_CREDITS_WARNING", "-1"))
                .hasMessageStartingWith("POK_LOW_CREDITS_WARNING: '-1'");
    }
}
