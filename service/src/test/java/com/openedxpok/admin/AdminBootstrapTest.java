package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.openedxpok.OpenedxPokApplication;
import com.openedxpok.config.InvalidConfigurationException;

/** The first administrator, as an operator meets it at start-up. */
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapTest {

    private static final String PASSWORD_LINE = "DEMO MODE: created the console user 'admin' with the password ";

    @Test
    void inDemoModeAGeneratedPasswordIsPrintedOnceAndWorks(CapturedOutput output) {
        String database = "jdbc:h2:mem:bootstrap-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        String password;
        try (ConfigurableApplicationContext context = start(database, "--pok.api-key=")) {
            assertThat(output.getOut()).contains(PASSWORD_LINE);
            String line = output.getOut().substring(output.getOut().indexOf(PASSWORD_LINE) + PASSWORD_LINE.length());
            password = line.substring(0, line.indexOf(' '));
            assertThat(password).hasSize(20);
            assertThat(output.getOut()).contains(" WARN ");
            int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
            ConsoleSession.loggedIn(port, "admin", password);
            assertThat(context.getBean(JdbcClient.class).sql("SELECT password_hash FROM operator_account")
                    .query(String.class).single()).startsWith("{bcrypt}").doesNotContain(password);
        }
        int printed = output.getOut().split(java.util.regex.Pattern.quote(PASSWORD_LINE), -1).length - 1;
        try (ConfigurableApplicationContext again = start(database, "--pok.api-key=")) {
            int printedAfterRestart = output.getOut().split(java.util.regex.Pattern.quote(PASSWORD_LINE), -1).length - 1;
            assertThat(printedAfterRestart).isEqualTo(printed).isEqualTo(1);
        }
    }

    @Test
    void withARealKeyAndNoOperatorStartUpStopsWithOneLineNamingTheVariables(CapturedOutput output) {
        String database = "jdbc:h2:mem:bootstrap-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        assertThatThrownBy(() -> start(database, "--pok.api-key=pk_live_x", "--openedx.webhook-token=tok_1234567890abcdef",
                "--pok.api-url=http://127.0.0.1:9/")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("POK_ADMIN_USERNAME: and POK_ADMIN_PASSWORD are required: there is no operator "
                        + "yet to log in to the console");
        assertThat(output.getOut() + output.getErr())
                .contains("Invalid configuration: POK_ADMIN_USERNAME: and POK_ADMIN_PASSWORD are required")
                .doesNotContain("\tat org.springframework");
    }

    @Test
    void theVariablesCreateTheAdministratorWhoseLaterPasswordChangeIsKept(CapturedOutput output) {
        String database = "jdbc:h2:mem:bootstrap-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        String[] real = {"--pok.api-key=pk_live_x", "--openedx.webhook-token=tok_1234567890abcdef",
                "--pok.api-url=http://127.0.0.1:9/", "--pok.admin-username=chief", "--pok.admin-password=first-password!"};
        try (ConfigurableApplicationContext context = start(database, real)) {
            int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
            ConsoleSession.loggedIn(port, "chief", "first-password!");
            context.getBean(com.openedxpok.operator.OperatorService.class)
                    .changePassword("chief", "first-password!", "changed-password!");
        }
        try (ConfigurableApplicationContext context = start(database, real)) {
            int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
            ConsoleSession.loggedIn(port, "chief", "changed-password!");
        }
        assertThat(output.getOut()).doesNotContain("first-password!").doesNotContain("changed-password!");
    }

    private static ConfigurableApplicationContext start(String database, String... arguments) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("--server.port=0",
                "--spring.datasource.url=" + database));
        // The test properties name an administrator; unless a test names its own, these tests are about none.
        if (java.util.Arrays.stream(arguments).noneMatch(a -> a.startsWith("--pok.admin-username="))) {
            all.add("--pok.admin-username=");
            all.add("--pok.admin-password=");
        }
        all.addAll(java.util.List.of(arguments));
        return new SpringApplicationBuilder(OpenedxPokApplication.class).run(all.toArray(String[]::new));
    }
}
