package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.openedxpok.OpenedxPokApplication;

/** Start-up as an operator sees it: the real application class, the real logging. */
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {

    @Test
    void aWrongValueStopsStartUpWithOneLineNamingTheVariableAndNoStackTrace(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(OpenedxPokApplication.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:startup-bad", "--pok.timeout=-5")).isNotNull();

        assertThat(output.getOut() + output.getErr())
                .contains("Invalid configuration: POK_TIMEOUT: '-5' must be between 1 and 600 seconds")
                .doesNotContain("\tat org.springframework");
    }

    @Test
    void demoModeSaysSoAndNamesTheAdminUrlAndTheWebhookUrls(CapturedOutput output) {
        try (var context = new SpringApplicationBuilder(OpenedxPokApplication.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:startup-demo;DB_CLOSE_DELAY=-1")) {
            assertThat(output.getOut())
                    .contains("openedx-pok is ready. Admin UI: http://localhost:")
                    .contains("DEMO MODE")
                    .containsPattern("creation webfilter: http://localhost:\\d+/openedx/webfilters/"
                            + "certificate-creation-requested\\?token=[A-Za-z0-9_-]{32}");
        }
    }

    @Test
    void withARealKeyTheKeyAndTheWebhookTokenNeverReachTheLog(CapturedOutput output) {
        try (var context = new SpringApplicationBuilder(OpenedxPokApplication.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:startup-real;DB_CLOSE_DELAY=-1",
                        "--pok.api-key=pk_live_do_not_print", "--openedx.webhook-token=tok_do_not_print_123",
                        "--pok.api-url=http://127.0.0.1:9/")) {
            assertThat(output.getOut()).contains("POK endpoint: http://127.0.0.1:9/")
                    .doesNotContain("pk_live_do_not_print")
                    .doesNotContain("tok_do_not_print_123");
        }
    }
}
