package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Instant;

import org.springframework.beans.factory.annotation.Autowired;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.AppliedFault;
import com.openedxpok.simulator.FaultPlan;
import com.openedxpok.simulator.SimOperation;
import com.openedxpok.simulator.RecordedRequest;
import com.openedxpok.simulator.SimulatedCredential;
import com.openedxpok.testsupport.TestDatabase;

/** Issuance end to end against the POK simulator, on H2 and on PostgreSQL. */
class IssuanceTest {

    @Nested
    class OnH2 extends IssuanceScenarios {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            pokProperties(registry);
        }
    }

    @Nested
    class OnPostgresql extends IssuanceScenarios {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            TestDatabase.POSTGRESQL.register(registry);
            pokProperties(registry);
        }
    }

    abstract static class IssuanceScenarios extends IssuanceAppTestBase {

        @Autowired
        OperatorActionService operatorActions;

        @Test
        void aLearnerRequestedIsEmittedWithTheRequestPokExpects() {
            CourseKey course = course("Basic", EmissionType.POK);
            long user = newUserId();

            request(user, course);

            await().atMost(Duration.ofSeconds(30)).until(() -> certificateOf(user, course).status()
                    == CertificateStatus.EMITTED);
            Certificate emitted = certificateOf(user, course);
            assertThat(emitted.pok().viewUrl()).startsWith(pok.baseUrl().toString());
            assertThat(emitted.pok().imageUrl()).startsWith(pok.baseUrl().toString());
            assertThat(emitted.pok().state()).isEqualTo("emitted");

            SimulatedCredential sent = pok.credentialsCreatedFor(String.valueOf(user)).get(0);
            assertThat(sent.firstName()).isEqualTo("Ana");
            assertThat(sent.lastName()).isEqualTo("García López");
            assertThat(sent.languageTag()).isEqualTo("es-ES");
            assertThat(sent.email()).isEqualTo("learner" + user + "@example.org");
            assertThat(sent.title()).isEqualTo("Course Basic");
            assertThat(sent.emitter()).isEqualTo("Demo University (simulated)");
            assertThat(sent.tags()).containsExactly("StudentId:" + user, "CourseId:" + course, "Mode:verified");
            assertThat(sent.customParameters()).containsEntry("grade", "87%").containsEntry("platform", "Test Platform");
            assertThat(sent.dateFormat()).isEqualTo("dd/MM/yyyy");
            assertThat(sent.pageId()).isEqualTo("demo-page");
            assertThat(historyKinds(emitted)).containsSubsequence("REQUESTED", "SUBMITTING", "SUBMITTED", "EMITTED");
        }

        @Test
        void fiftyConcurrentDuplicateRequestsMakeExactlyOnePokIssueCall() throws Exception {
            CourseKey course = course("Dup", EmissionType.POK);
            long user = newUserId();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return postCreation(creationPayload(user, course)).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
            pool.shutdown();

            await().atMost(Duration.ofSeconds(30)).until(() -> certificateOf(user, course).status()
                    == CertificateStatus.EMITTED);
            assertThat(pok.issueAttemptsFor(String.valueOf(user))).isEqualTo(1);
            assertThat(pok.credentialsCreatedFor(String.valueOf(user))).hasSize(1);
        }

        @Test
        void fiveHundredLearnersThroughFivexxThrottlingAndTimeoutsAreAllEmittedOnce() throws Exception {
            CourseKey course = course("Storm", EmissionType.POK);
            pok.setFaults(FaultPlan.none().withServerErrors(0.30).withThrottling(0.05, Duration.ofMillis(200))
                    .withTimeouts(0.05, Duration.ofMillis(1500)).withSeed(4242));
            List<Long> users = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                users.add(newUserId());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            for (long user : users) {
                sent.add(pool.submit(() -> request(user, course)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            pool.shutdown();

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> users.stream()
                    .allMatch(u -> certificateOf(u, course).status() == CertificateStatus.EMITTED));

            List<RecordedRequest> issues = pok.requests(SimOperation.ISSUE_CREDENTIAL);
            assertThat(issues.stream().filter(r -> r.fault() != AppliedFault.NONE)).as("faults were injected")
                    .hasSizeGreaterThan(100);
            int duplicatesThroughUncertain = 0;
            for (long user : users) {
                String id = String.valueOf(user);
                long successfulAnswers = issues.stream().filter(r -> id.equals(r.identification()))
                        .filter(r -> r.status() / 100 == 2).count();
                assertThat(successfulAnswers).as("successful issue answers for learner " + user).isEqualTo(1);
                Certificate certificate = certificateOf(user, course);
                List<SimulatedCredential> created = pok.credentialsCreatedFor(id);
                assertThat(created).extracting(SimulatedCredential::id).contains(certificate.pok().credentialId());
                if (created.size() > 1) {
                    // Only a request that may have reached POK (a timeout after sending) can duplicate.
                    assertThat(historyKinds(certificate)).as("learner " + user).contains("UNCERTAIN");
                    duplicatesThroughUncertain++;
                }
            }
            assertThat(duplicatesThroughUncertain).isLessThan(users.size() / 10);
        }

        @Test
        void aRefusedKeyPausesIssuanceForEveryoneAndItResumesByItselfWhenTheKeyWorksAgain() {
            CourseKey course = course("Key", EmissionType.POK);
            pok.setKeyAccepted(false);
            long first = newUserId();
            long second = newUserId();
            request(first, course);
            request(second, course);

            await().atMost(Duration.ofSeconds(20)).until(() -> pause.isPaused());
            assertThat(pause.reason()).get().asString().contains("POK refused the API key");
            long callsWhilePaused = pok.count(SimOperation.ISSUE_CREDENTIAL);
            // Paused: the queued certificates wait without calling POK again and again.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> pok.count(SimOperation.ISSUE_CREDENTIAL) <= callsWhilePaused + 1);
            assertThat(certificateOf(first, course).status()).isIn(CertificateStatus.QUEUED, CertificateStatus.RETRY_WAIT);

            pok.setKeyAccepted(true);

            await().atMost(Duration.ofSeconds(90)).until(() -> !pause.isPaused()
                    && certificateOf(first, course).status() == CertificateStatus.EMITTED
                    && certificateOf(second, course).status() == CertificateStatus.EMITTED);
        }

        /** Before #16 this ended FAILED with POK's "Not enough credits"; see CreditsExhaustedTest. */
        @Test
        void aBlockchainRequestWithoutCreditsIsHeldNotFailed() {
            CourseKey course = course("Refused", EmissionType.BLOCKCHAIN);
            pok.setAvailableCredits(0);
            long user = newUserId();

            request(user, course);

            await().atMost(Duration.ofSeconds(20)).until(() -> certificateOf(user, course).status()
                    == CertificateStatus.HELD);
            assertThat(certificateOf(user, course).lastError()).isEqualTo(CreditGuard.REASON);
            assertThat(pok.issueAttemptsFor(String.valueOf(user))).isLessThanOrEqualTo(1);
        }

        @Test
        void aTemplateParameterWithoutAValueHoldsTheCertificateUntilItIsMapped() {
            pok.addTemplate("signed-template", "Signed", java.util.Map.of("dean", "Dean's name", "grade", "Grade"));
            CourseKey course = CourseKey.parse("course-v1:Test+Held+2026");
            CourseTemplate template = templates.insert(new CourseTemplate(0, course, "signed-template",
                    EmissionType.POK, null, "Held course", null, true, true, List.of(), null, null), Instant.now());
            long user = newUserId();

            request(user, course);

            await().atMost(Duration.ofSeconds(20)).until(() -> certificateOf(user, course).status()
                    == CertificateStatus.HELD);
            assertThat(certificateOf(user, course).lastError())
                    .isEqualTo("POK template 'signed-template' parameter 'dean' (Dean's name) has no value: map it in "
                            + "the course template of " + course);
            assertThat(pok.issueAttemptsFor(String.valueOf(user))).isZero();

            templates.update(new CourseTemplate(template.id(), course, "signed-template", EmissionType.POK, null,
                    "Held course", null, true, true, List.of(new ParameterMapping("dean", "Dean's name", null,
                            ParameterSource.CONSTANT, "Dr. Rivera")), null, null), Instant.now());
            assertThat(operatorActions.releaseHeld(course, "alice")).isEqualTo(1);

            await().atMost(Duration.ofSeconds(30)).until(() -> certificateOf(user, course).status()
                    == CertificateStatus.EMITTED);
            assertThat(pok.credentialsCreatedFor(String.valueOf(user)).get(0).customParameters())
                    .containsEntry("dean", "Dr. Rivera").containsEntry("grade", "87%");
            assertThat(events.history(certificateOf(user, course).id())).anySatisfy(e -> {
                assertThat(e.actor()).isEqualTo("operator:alice");
                assertThat(e.toStatus()).isEqualTo(CertificateStatus.QUEUED);
            });
        }

        @Test
        void ineligibleAndMalformedRequestsStoreNothing() {
            CourseKey course = course("Elig", EmissionType.POK);
            long auditor = newUserId();
            String audit = creationPayload(auditor, course).replace("\"verified\"", "\"audit\"");
            assertThat(postCreation(audit).body()).isEqualTo("{}");
            long failing = newUserId();
            String notPassing = creationPayload(failing, course).replace("\"downloadable\"", "\"notpassing\"");
            assertThat(postCreation(notPassing).body()).isEqualTo("{}");
            long other = newUserId();
            String otherCourse = creationPayload(other, course).replace(course.value(), "course-v1:Not+Enabled+2026");
            assertThat(postCreation(otherCourse).body()).isEqualTo("{}");
            var broken = postCreation("{\"user\": {\"id\": 5}, \"course_key\": \"nope\"}");
            assertThat(broken.statusCode()).isEqualTo(400);
            assertThat(broken.body()).contains("is not a course key");

            assertThat(certificates.findByLearnerAndCourse(auditor, course)).isEmpty();
            assertThat(certificates.findByLearnerAndCourse(failing, course)).isEmpty();
            assertThat(certificates.findByLearnerAndCourse(other, CourseKey.parse("course-v1:Not+Enabled+2026")))
                    .isEmpty();
        }

        @Test
        void aWrongOrMissingTokenIsRefused() throws Exception {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                            + "/openedx/webfilters/certificate-creation-requested?token=wrong-token-0123456789"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build();
            assertThat(HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(401);
        }
    }
}
