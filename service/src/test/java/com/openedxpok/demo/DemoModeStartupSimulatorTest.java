package com.openedxpok.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import com.openedxpok.OpenedxPokApplication;
import com.openedxpok.config.InvalidConfigurationException;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.pok.PokEndpoint;
import com.openedxpok.simulator.PokSimulator;

/** Demo mode as an operator meets it: the log line, the lifecycle, and when it does not apply. */
@ExtendWith(OutputCaptureExtension.class)
class DemoModeStartupSimulatorTest {

    @Test
    void demoModeSaysWhereTheSimulatorIsAndStopsItWithTheService(CapturedOutput output) throws Exception {
        String database = "jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        int port;
        try (ConfigurableApplicationContext context = start(database)) {
            PokSimulator simulator = context.getBean(PokSimulator.class);
            port = simulator.port();
            assertThat(output.getOut()).contains("go to the built-in POK SIMULATOR at http://127.0.0.1:" + port
                    + "/ and nothing is issued for real");
            assertThat(output.getOut()).doesNotContain(simulator.apiKey().reveal());
            // An operator's change to the demo course must survive the next start.
            CourseTemplateRepository repository = context.getBean(CourseTemplateRepository.class);
            CourseTemplate seeded = repository.findByCourse(CourseKey.parse(DemoCourseTemplateSeeder.DEMO_COURSE_KEY))
                    .orElseThrow();
            repository.update(new CourseTemplate(seeded.id(), seeded.courseKey(), "plain-template",
                    seeded.emissionType(), null, null, null, true, false, java.util.List.of(), null, null),
                    Instant.now());
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);

        try (ConfigurableApplicationContext again = start(database)) {
            CourseTemplate kept = again.getBean(CourseTemplateRepository.class)
                    .findByCourse(CourseKey.parse(DemoCourseTemplateSeeder.DEMO_COURSE_KEY)).orElseThrow();
            assertThat(kept.templateId()).isEqualTo("plain-template");
            assertThat(kept.enabled()).isFalse();
        }
    }

    private static ConfigurableApplicationContext start(String database) {
        // Command-line arguments, because builder properties rank below the test application.properties.
        return new SpringApplicationBuilder(OpenedxPokApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + database, "--pok.api-key=",
                        "--pok.simulator-emit-delay=250ms");
    }

    @Test
    void withAnApiKeyThereIsNoSimulator() {
        new ApplicationContextRunner().withUserConfiguration(DemoModeConfiguration.class)
                .withPropertyValues("pok.api-key=pk_live_x")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(PokSimulator.class);
                    assertThat(context).doesNotHaveBean(PokEndpoint.class);
                });
    }

    @Test
    void aBadSimulatorPortIsAConfigurationErrorNamingTheVariable() {
        new ApplicationContextRunner().withUserConfiguration(DemoModeConfiguration.class)
                .withBean(ServiceConfig.class, () -> mock(ServiceConfig.class))
                .withBean(CourseTemplateRepository.class, () -> mock(CourseTemplateRepository.class))
                .withPropertyValues("pok.simulator-port=banana")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessageContaining("POK_SIMULATOR_PORT"));
        new ApplicationContextRunner().withUserConfiguration(DemoModeConfiguration.class)
                .withBean(ServiceConfig.class, () -> mock(ServiceConfig.class))
                .withBean(CourseTemplateRepository.class, () -> mock(CourseTemplateRepository.class))
                .withPropertyValues("pok.simulator-emit-delay=soon")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessageContaining("POK_SIMULATOR_EMIT_DELAY"));
    }

    @Test
    void demoModeInABuildWithoutTheSimulatorFailsSayingHowToGetIt() {
        new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(PokSimulator.class))
                .withUserConfiguration(DemoModeConfiguration.class, SimulatorMissingConfiguration.class)
                .withPropertyValues("pok.api-key=")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessageStartingWith("POK_API_KEY: is not set")
                        .hasMessageContaining("leaves the simulator out")
                        .hasMessageContaining("./mvnw -B -Pdemo package"));
    }

    @Test
    void withAnApiKeyABuildWithoutTheSimulatorStartsWithNeitherDemoConfiguration() {
        new ApplicationContextRunner().withClassLoader(new FilteredClassLoader(PokSimulator.class))
                .withUserConfiguration(DemoModeConfiguration.class, SimulatorMissingConfiguration.class)
                .withPropertyValues("pok.api-key=pk_live_x")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(PokEndpoint.class);
                });
    }

    @Test
    void withTheSimulatorPresentTheMissingSimulatorConfigurationStaysOut() {
        new ApplicationContextRunner().withUserConfiguration(SimulatorMissingConfiguration.class)
                .withPropertyValues("pok.api-key=")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(PokEndpoint.class);
                });
    }
}
