package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.openedxpok.config.Database;
import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.FaultPlan;
import com.openedxpok.simulator.SimOperation;
import com.openedxpok.simulator.PokSimulator;
import com.openedxpok.testsupport.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The service killed with SIGKILL while certificates are being submitted, then started again: nothing is lost, and
 * the certificates caught mid-submit follow the UNCERTAIN policy (pok: retried; blockchain: held for an operator).
 * The service runs as a real separate JVM, so the kill is a real kill.
 */
class IssuanceRestartTest {

    private static final String TOKEN = "restart-webhook-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Process> processes = new ArrayList<>();
    private PokSimulator pok;
    private TestDatabase.Created database;
    private HikariDataSource dataSource;

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        if (pok != null) {
            pok.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void certificatesCaughtMidSubmitByAKillAreNeitherLostNorSilentlyDuplicated() throws Exception {
        pok = PokSimulator.builder().emitDelay(Duration.ofMillis(200)).start();
        // Slow submits: the kill will find certificates SUBMITTING.
        pok.setFaults(FaultPlan.none().withLatency(Duration.ofSeconds(4), Duration.ZERO)
                .onlyFor(SimOperation.ISSUE_CREDENTIAL));
        database = TestDatabase.POSTGRESQL.create();

        Process first = startService("first");
        int firstPort = portOf(first);
        dataSource = (HikariDataSource) database.dataSource();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        CertificateRepository certificates = new CertificateRepository(jdbc, Database.of(dataSource));
        CourseTemplateRepository templates = new CourseTemplateRepository(jdbc);
        CourseKey pokCourse = course(templates, "PokKill", EmissionType.POK);
        CourseKey chainCourse = course(templates, "ChainKill", EmissionType.BLOCKCHAIN);

        List<long[]> learners = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            learners.add(new long[] {100 + i, 0});
            learners.add(new long[] {200 + i, 1});
        }
        for (long[] learner : learners) {
            CourseKey course = learner[1] == 0 ? pokCourse : chainCourse;
            HttpResponse<String> answer = post(firstPort, payload(learner[0], course));
            assertThat(answer.body()).isEqualTo("{}");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> countIn(jdbc, "SUBMITTING") >= 4);

        first.destroyForcibly().waitFor();
        List<Long> caughtPok = idsIn(jdbc, "SUBMITTING", pokCourse);
        List<Long> caughtChain = idsIn(jdbc, "SUBMITTING", chainCourse);
        assertThat(caughtPok.size() + caughtChain.size()).isGreaterThanOrEqualTo(4);
        pok.clearFaults();

        startService("second");

        // pok emissions: every one ends EMITTED, the ones caught mid-submit by way of UNCERTAIN.
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() ->
                learners.stream().filter(l -> l[1] == 0).allMatch(l -> certificates
                        .findByLearnerAndCourse(l[0], pokCourse).orElseThrow().status() == CertificateStatus.EMITTED));
        // blockchain emissions caught mid-submit wait for an operator; the others are emitted.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                learners.stream().filter(l -> l[1] == 1).allMatch(l -> {
                    Certificate c = certificates.findByLearnerAndCourse(l[0], chainCourse).orElseThrow();
                    return caughtChain.contains(c.id()) ? c.status() == CertificateStatus.UNCERTAIN
                            && c.nextAttemptAt() == null : c.status() == CertificateStatus.EMITTED;
                }));

        assertThat(jdbc.sql("SELECT COUNT(*) FROM pok_certificate").query(Long.class).single()).isEqualTo(24);
        CertificateEventRepository events = new CertificateEventRepository(jdbc);
        for (long id : caughtPok) {
            assertThat(events.history(id)).extracting(CertificateEvent::kind).contains("UNCERTAIN", "EMITTED");
        }
        for (long[] learner : learners) {
            Certificate c = certificates.findByLearnerAndCourse(learner[0],
                    learner[1] == 0 ? pokCourse : chainCourse).orElseThrow();
            int created = pok.credentialsCreatedFor(String.valueOf(learner[0])).size();
            boolean wentThroughUncertain = caughtPok.contains(c.id()) || caughtChain.contains(c.id());
            if (!wentThroughUncertain) {
                assertThat(created).as("credentials for learner " + learner[0]).isEqualTo(1);
            } else if (learner[1] == 1) {
                assertThat(created).as("a held blockchain emission is not sent again").isLessThanOrEqualTo(1);
            }
        }
    }

    private static CourseKey course(CourseTemplateRepository templates, String name, EmissionType type) {
        CourseKey key = CourseKey.parse("course-v1:Test+" + name + "+2026");
        templates.insert(new CourseTemplate(0, key, "demo-template", type, null, "Course " + name, null, true, true,
                List.of(new ParameterMapping("platform", null, null, ParameterSource.CONSTANT, "Test Platform")),
                null, null), Instant.now());
        return key;
    }

    private Process startService(String name) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", "restart-test-" + name + ".log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", classpath,
                "com.openedxpok.OpenedxPokApplication",
                "--server.port=" + port,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=",
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--spring.datasource.hikari.minimum-idle=1",
                "--pok.api-key=" + pok.apiKey().reveal(),
                "--pok.api-url=" + pok.baseUrl(),
                "--pok.timeout=10",
                "--openedx.webhook-token=" + TOKEN,
                "--pok.uncertain-retry-delay=1s",
                "--pok.retry-base-delay=200ms",
                "--pok.poll-max-delay=1s",
                "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(process);
        portsByProcess.put(process, port);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited early; see " + log.toAbsolutePath());
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        return process;
    }

    private final java.util.Map<Process, Integer> portsByProcess = new java.util.HashMap<>();

    private int portOf(Process process) {
        return portsByProcess.get(process);
    }

    private static String payload(long userId, CourseKey course) {
        return """
                {"user": {"id": %d, "username": "u%d", "email": "u%d@example.org"},
                 "profile": {"name": "Learner %d", "language": "en"},
                 "course_key": "%s", "mode": "verified", "status": "downloadable",
                 "grade": {"percent": 0.9, "passed": true}}""".formatted(userId, userId, userId, userId, course);
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/openedx/webfilters/certificate-creation-requested?token=" + TOKEN))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long countIn(JdbcClient jdbc, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM pok_certificate WHERE status = :s").param("s", status)
                .query(Long.class).single();
    }

    private static List<Long> idsIn(JdbcClient jdbc, String status, CourseKey course) {
        return jdbc.sql("SELECT id FROM pok_certificate WHERE status = :s AND course_key = :c")
                .param("s", status).param("c", course.value()).query(Long.class).list();
    }
}
