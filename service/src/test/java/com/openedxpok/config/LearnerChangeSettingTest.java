package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** POK_REISSUE_ON_LEARNER_CHANGE: list (default) or reissue-pok. */
class LearnerChangeSettingTest {

    private static ServiceConfig withVariables(Map<String, Object> variables) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return new ServiceConfigLoader(env).load();
    }

    @Test
    void byDefaultAChangeIsOnlyListed() {
        assertThat(withVariables(Map.of()).issuance().learnerChange())
                .isEqualTo(ServiceConfig.LearnerChangePolicy.LIST);
    }

    @ParameterizedTest
    @CsvSource({"list,LIST", "reissue-pok,REISSUE_POK", "REISSUE-POK,REISSUE_POK", "' list ',LIST"})
    void readsBothPolicies(String value, ServiceConfig.LearnerChangePolicy expected) {
        assertThat(withVariables(Map.of("POK_REISSUE_ON_LEARNER_CHANGE", value)).issuance().learnerChange())
                .isEqualTo(expected);
    }

    @Test
    void anotherValueStopsTheServiceNamingTheVariable() {
        assertThatThrownBy(() -> withVariables(Map.of("POK_REISSUE_ON_LEARNER_CHANGE", "always")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("POK_REISSUE_ON_LEARNER_CHANGE").hasMessageContaining("'always' must be list or "
                        + "reissue-pok");
    }
}
