package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                .run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:startup-bad", "--pok.timeout=-5"))
                .hasRootCauseInstanceOf(InvalidConfigurationException.class)
                .rootCause().hasMessage("POK_TIMEOUT: '-5' must be between 1 and 600 seconds");

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

    @Test
    void theDemoLogHasOnlyItsOwnWarningsTheTokenOnItsOwnLineAndLaterSaysWhereThePasswordWent(CapturedOutput output) {
        String database = "jdbc:h2:mem:startup-twice-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        // Demo mode as the README runs it: no API key and no POK_ADMIN_* (the test properties set one).
        String[] demo = {"--server.port=0", "--spring.datasource.url=" + database, "--pok.api-key=",
                "--pok.admin-username=", "--pok.admin-password="};
        String first;
        try (var context = new SpringApplicationBuilder(OpenedxPokApplication.class).run(demo)) {
            first = output.getOut();
        }
        assertThat(first).contains("DEMO MODE: created the console user 'admin' with the password ")
                .doesNotContain("was created at the first start");
        // Flyway's "H2 … newer than the version Flyway has been verified with" and db-scheduler's UTC notice are gone;
        // every WARN left is one of the demo's own lines.
        List<String> warnings = first.lines().filter(line -> line.contains(" WARN ")).toList();
        assertThat(warnings).isNotEmpty().allSatisfy(line -> assertThat(line)
                .containsAnyOf("DEMO MODE: ", "OPENEDX_WEBHOOK_TOKEN is not set"));
        assertThat(first).doesNotContain("verified with").doesNotContain("No database-specific jdbc-overrides");
        Matcher token = Pattern.compile("generated a token for this run only:\\R  ([A-Za-z0-9_-]{32})\\R")
                .matcher(first);
        assertThat(token.find()).as("the token alone on the line after the WARN").isTrue();
        assertThat(first).contains("/openedx/webhooks/events?token=" + token.group(1));

        try (var again = new SpringApplicationBuilder(OpenedxPokApplication.class).run(demo)) {
            String second = output.getOut().substring(first.length());
            assertThat(second).contains("DEMO MODE: the console user 'admin' was created at the first start; its "
                    + "password was printed then").doesNotContain("created the console user 'admin' with the password");
        }
    }
}
