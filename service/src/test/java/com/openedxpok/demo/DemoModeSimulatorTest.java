package com.openedxpok.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.pok.PokEndpoint;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.simulator.SimulatedCredential;

/** The real application without an API key: demo mode, against the built-in simulator. */
@SpringBootTest(properties = {"pok.api-key=", "pok.timeout=7"})
class DemoModeSimulatorTest {

    @Autowired
    PokEndpoint endpoint;

    @Autowired
    PokSimulator simulator;

    @Autowired
    CourseTemplateRepository courseTemplates;

    @Autowired
    com.openedxpok.issuance.IssuanceService issuance;

    @Autowired
    com.openedxpok.certificate.CertificateRepository certificates;

    @Test
    void thePokEndpointIsTheRunningSimulator() throws Exception {
        assertThat(endpoint.simulated()).isTrue();
        assertThat(endpoint.baseUrl()).isEqualTo(simulator.baseUrl());
        assertThat(endpoint.baseUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(endpoint.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(endpoint.apiKey().reveal()).startsWith("demo-").hasSizeGreaterThan(20);

        HttpResponse<String> organization = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "organization/me"))
                        .header("Authorization", "ApiKey " + endpoint.apiKey().reveal()).build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(organization.statusCode()).isEqualTo(200);
        assertThat(organization.body()).contains("Demo University (simulated)");
        assertThat(simulator.emitDelay()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theDemoCourseIsSeededWithTheDemoTemplate() {
        CourseTemplate template = courseTemplates.findByCourse(CourseKey.parse("course-v1:DemoX+POK101+2026"))
                .orElseThrow();

        assertThat(template.templateId()).isEqualTo("demo-template");
        assertThat(template.emissionType()).isEqualTo(EmissionType.POK);
        assertThat(template.enabled()).isTrue();
        assertThat(template.parameters()).extracting(ParameterMapping::parameterId, ParameterMapping::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("grade", ParameterSource.GRADE),
                        org.assertj.core.groups.Tuple.tuple("platform", ParameterSource.PLATFORM_NAME));
    }

    @Test
    void theReadmesDemoLearnerGetsTheDemoCoursesRealTitleNotItsKey() {
        CourseKey demo = CourseKey.parse(DemoCourseTemplateSeeder.DEMO_COURSE_KEY);
        // Ana, as the README's curl sends her.
        issuance.request(new com.openedxpok.issuance.CertificateRequest(new com.openedxpok.certificate.Learner(42, "ana",
                "Ana García", "ana@example.org", "es", "verified", new java.math.BigDecimal("0.92")), demo,
                "downloadable", "README"));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> certificates
                .findByLearnerAndCourse(42, demo).map(c -> c.status() == com.openedxpok.certificate.CertificateStatus
                        .EMITTED).orElse(false));
        SimulatedCredential credential = simulator.credentialsCreatedFor("42").get(0);
        assertThat(credential.title()).isEqualTo(DemoCourseTemplateSeeder.DEMO_COURSE_TITLE).doesNotContain("course-v1");
        assertThat(credential.emitter()).isEqualTo(DemoCourseTemplateSeeder.DEMO_ORGANIZATION);
        assertThat(credential.customParameters()).containsEntry("platform", DemoCourseTemplateSeeder.DEMO_PLATFORM_NAME);
    }
}
