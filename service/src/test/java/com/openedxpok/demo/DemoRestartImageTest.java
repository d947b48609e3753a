package com.openedxpok.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.openedxpok.OpenedxPokApplication;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.simulator.PokSimulator;

/**
 * The demo as the README has it, restarted: a certificate issued before the restart still shows its image after it,
 * because the demo's simulator keeps its credentials (and its port) in the data directory.
 */
class DemoRestartImageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void aCertificateIssuedBeforeARestartStillHasItsImageAfterIt() throws Exception {
        String database = "jdbc:h2:mem:demo-restart-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        CourseKey course = CourseKey.parse(DemoCourseTemplateSeeder.DEMO_COURSE_KEY);
        String publicId;
        int simulatorPort;
        byte[] before;
        String apiKey;
        try (ConfigurableApplicationContext demo = start(database)) {
            demo.getBean(IssuanceService.class).request(new CertificateRequest(new Learner(4711, "grace",
                    "Grace Hopper", "grace@example.org", "en", "verified", new BigDecimal("0.95")), course,
                    "downloadable", "test"));
            CertificateRepository certificates = demo.getBean(CertificateRepository.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> certificates.findByLearnerAndCourse(4711, course)
                    .filter(c -> c.status() == CertificateStatus.EMITTED && c.pok().imageUrl() != null).isPresent());
            Certificate emitted = certificates.findByLearnerAndCourse(4711, course).orElseThrow();
            publicId = emitted.publicId();
            simulatorPort = demo.getBean(PokSimulator.class).port();
            apiKey = demo.getBean(PokSimulator.class).apiKey().reveal();
            HttpResponse<byte[]> image = image(demo, publicId);
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
            before = image.body();
        }
        assertThat(dataDir.resolve(DemoModeConfiguration.STATE_FILE)).exists();
        assertThat(Files.readString(dataDir.resolve(DemoModeConfiguration.STATE_FILE))).contains("grace@example.org")
                .doesNotContain(apiKey); // the run's API key is never written

        try (ConfigurableApplicationContext again = start(database)) {
            PokSimulator simulator = again.getBean(PokSimulator.class);
            assertThat(simulator.port()).isEqualTo(simulatorPort);
            assertThat(simulator.credentialsCreatedFor("4711")).singleElement()
                    .satisfies(c -> assertThat(c.state()).isEqualTo("emitted"));
            HttpResponse<byte[]> image = image(again, publicId);
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
            assertThat(image.body()).isEqualTo(before);
        }
    }

    private ConfigurableApplicationContext start(String database) {
        return new SpringApplicationBuilder(OpenedxPokApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + database, "--pok.api-key=",
                        "--pok.simulator-emit-delay=250ms", "--pok.simulator-data-dir=" + dataDir);
    }

    private static HttpResponse<byte[]> image(ConfigurableApplicationContext context, String publicId)
            throws Exception {
        String port = context.getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/certificates/" + publicId
                + "/image")).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
