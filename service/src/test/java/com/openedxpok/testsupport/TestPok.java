package com.openedxpok.testsupport;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.issuance.IssuancePause;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.PokSimulator;

/** Wiring the whole service to a POK simulator started by the test, the way every application test does it. */
public final class TestPok {

    private TestPok() {
    }

    /**
     * The service issues with this simulator and takes Open edX's calls with this token; the platform name is set so
     * that templates with a platform parameter never wait for it. The simulator is read when the context starts.
     */
    public static void connect(DynamicPropertyRegistry registry, Supplier<PokSimulator> pok, String webhookToken,
            String platformName) {
        registry.add("pok.api-key", () -> pok.get().apiKey().reveal());
        registry.add("pok.api-url", () -> pok.get().baseUrl().toString());
        registry.add("openedx.webhook-token", () -> webhookToken);
        registry.add("openedx.platform-name", () -> platformName);
    }

    /** Retries, polls and uncertain resubmissions within a second, so that a test sees many attempts. */
    public static void shortDelays(DynamicPropertyRegistry registry) {
        registry.add("pok.timeout", () -> "1");
        registry.add("pok.retry-base-delay", () -> "100ms");
        registry.add("pok.retry-max-delay", () -> "1s");
        registry.add("pok.uncertain-retry-delay", () -> "300ms");
        registry.add("pok.poll-max-delay", () -> "1s");
    }

    /**
     * POK refuses the key and issuance is paused, so the worker moves no certificate on its own: the state a test
     * finds after a request is that request's doing.
     */
    public static void holdStill(PokSimulator pok, IssuancePause pause, String why) {
        pok.setKeyAccepted(false);
        pause.pause(why);
    }

    /** The simulator's demo-template parameter {@code grade}, given the learner's grade. */
    public static final List<ParameterMapping> GRADE = List.of(
            new ParameterMapping("grade", "Grade", null, ParameterSource.GRADE, null));

    /**
     * Enables the course with the simulator's {@code demo-template} (page {@code demo-page}), unless it has a course
     * template already: test classes share application contexts, so the first one to ask creates it.
     */
    public static void enableDemoTemplate(CourseTemplateRepository templates, CourseKey course, EmissionType type,
            String title, List<ParameterMapping> parameters) {
        if (templates.findByCourse(course).isEmpty()) {
            templates.insert(new CourseTemplate(0, course, "demo-template", type, "demo-page", title, null, true, true,
                    parameters, null, null), Instant.now());
        }
    }
}
