package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.reissue.NeedsReissueList;
import com.openedxpok.simulator.SimulatedCredential;

/**
 * Open edX reports another name or email for a learner whose certificate is emitted (Open edX regenerating the
 * certificate through the creation webfilter, a certificate event): the certificate is listed under "needs re-issue",
 * once however often Open edX repeats it, and a re-issue gives POK a second credential with the new details. With
 * {@code POK_REISSUE_ON_LEARNER_CHANGE=reissue-pok}, a {@code pok} emission is re-issued at once and a
 * {@code blockchain} one waits on the list.
 */
class LearnerChangeAfterEmissionTest {

    abstract static class Scenarios extends IssuanceAppTestBase {

        @Autowired
        NeedsReissueList needsReissue;

        Certificate emitted(CourseKey course, long user) {
            request(user, course);
            await().atMost(Duration.ofSeconds(30)).until(() -> certificateOf(user, course).status()
                    == CertificateStatus.EMITTED);
            return certificateOf(user, course);
        }

        void regenerateWithName(long user, CourseKey course, String name) {
            HttpResponse<String> response = postCreation(creationPayload(user, course)
                    .replace("\"Ana García López\"", "\"" + name + "\""));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        void certificateEventWithEmail(long user, CourseKey course, String email) {
            String body = """
                    {"openedx_events.learning.data.CertificateData": {
                       "user": {"id": %d, "is_active": true,
                                "pii": {"username": "learner%d", "email": "%s", "name": "Ana García López"}},
                       "course": {"course_key": "%s", "display_name": "Course"},
                       "mode": "verified", "grade": "0.87", "current_status": "downloadable",
                       "previous_status": "downloadable", "download_url": "", "name": ""},
                     "event_metadata": {"id": "2f6c1c2e-0000-11ef-8000-0242ac140099",
                       "event_type": "org.openedx.learning.certificate.changed.v1",
                       "time": "2026-06-01 14:03:00.123456+00:00"}}
                    """.formatted(user, user, email, course.value());
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                + "/openedx/webhooks/events?token=" + TOKEN))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void awaitNewCredential(long user, CourseKey course, Certificate before) {
            await().atMost(Duration.ofSeconds(30)).until(() -> certificateOf(user, course).status()
                    == CertificateStatus.EMITTED && !before.pok().credentialId().equals(
                            certificateOf(user, course).pok().credentialId()));
        }

        List<NeedsReissueList.Item> listed(Certificate c) {
            return needsReissue.pending().stream().filter(i -> i.certificate().id() == c.id()).toList();
        }

        SimulatedCredential latestCredential(long user) {
            return pok.credentialsCreatedFor(String.valueOf(user)).stream()
                    .max(Comparator.comparing(SimulatedCredential::createdAt)).orElseThrow();
        }
    }

    @Nested
    class ListOnly extends Scenarios {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            pokProperties(registry);
        }

        @Test
        void aNewNameFromARegeneratedCertificateIsListedOnceAndReissuedWithIt() {
            CourseKey course = course("Renamed", EmissionType.POK);
            long user = newUserId();
            Certificate c = emitted(course, user);

            regenerateWithName(user, course, "Ana García Pérez");
            regenerateWithName(user, course, "Ana García Pérez");

            assertThat(certificateOf(user, course).status()).isEqualTo(CertificateStatus.EMITTED);
            List<NeedsReissueList.Item> items = listed(c);
            assertThat(items).hasSize(1);
            assertThat(items.get(0).changed()).isEqualTo("name");
            assertThat(items.get(0).newName()).isEqualTo("Ana García Pérez");
            assertThat(items.get(0).newEmail()).isNull();
            assertThat(items.get(0).reportedBy()).startsWith("creation webfilter");
            assertThat(historyKinds(certificateOf(user, course)).stream().filter("LEARNER_CHANGED"::equals))
                    .as("Open edX repeating itself is one history line").hasSize(1);
            assertThat(events.history(c.id()).stream().map(CertificateEvent::detail).toList())
                    .noneMatch(d -> d != null && d.contains("Pérez"));

            needsReissue.reissue(c.id(), "olga");

            awaitNewCredential(user, course, c);
            assertThat(pok.credentialsCreatedFor(String.valueOf(user))).hasSize(2);
            assertThat(latestCredential(user).receiverName()).isEqualTo("Ana García Pérez");
            assertThat(certificateOf(user, course).learner().name()).isEqualTo("Ana García Pérez");
            assertThat(listed(c)).isEmpty();
            assertThat(historyKinds(certificateOf(user, course))).contains("QUEUED");
        }

        @Test
        void aNewEmailFromACertificateEventIsListedAndCanBeKept() {
            CourseKey course = course("NewEmail", EmissionType.BLOCKCHAIN);
            long user = newUserId();
            Certificate c = emitted(course, user);

            certificateEventWithEmail(user, course, "ana.new@example.org");

            List<NeedsReissueList.Item> items = listed(c);
            assertThat(items).hasSize(1);
            assertThat(items.get(0).changed()).isEqualTo("email");
            assertThat(items.get(0).newEmail()).isEqualTo("ana.new@example.org");
            assertThat(items.get(0).reportedBy()).startsWith("event:");

            needsReissue.dismiss(c.id(), "olga");

            assertThat(listed(c)).isEmpty();
            assertThat(certificateOf(user, course).pok().credentialId()).isEqualTo(c.pok().credentialId());
            assertThat(pok.credentialsCreatedFor(String.valueOf(user))).hasSize(1);
            assertThat(historyKinds(certificateOf(user, course))).contains("REISSUE_DISMISSED");
            assertThatThrownBy(() -> needsReissue.reissue(c.id(), "olga"))
                    .isInstanceOf(OperatorActionService.NotAllowedException.class).hasMessageContaining("not on the");
        }

        @Test
        void theSameNameAndAnEmailInAnotherCaseAreNoChange() {
            CourseKey course = course("Unchanged", EmissionType.POK);
            long user = newUserId();
            Certificate c = emitted(course, user);

            regenerateWithName(user, course, "Ana García López");
            certificateEventWithEmail(user, course, "LEARNER" + user + "@Example.org");

            assertThat(listed(c)).isEmpty();
            assertThat(historyKinds(certificateOf(user, course))).doesNotContain("LEARNER_CHANGED");
        }
    }

    @Nested
    class ReissuePokAutomatically extends Scenarios {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            pokProperties(registry);
            registry.add("pok.reissue-on-learner-change", () -> "reissue-pok");
        }

        @Test
        void aPokEmissionIsReissuedAtOnceAndABlockchainOneWaitsOnTheList() {
            CourseKey standard = course("AutoPok", EmissionType.POK);
            CourseKey blockchain = course("AutoChain", EmissionType.BLOCKCHAIN);
            long user = newUserId();
            Certificate pokOne = emitted(standard, user);
            Certificate chainOne = emitted(blockchain, user);

            regenerateWithName(user, standard, "Ana García Pérez");
            regenerateWithName(user, blockchain, "Ana García Pérez");

            assertThat(listed(pokOne)).isEmpty();
            assertThat(listed(chainOne)).hasSize(1);
            awaitNewCredential(user, standard, pokOne);
            assertThat(certificateOf(user, standard).learner().name()).isEqualTo("Ana García Pérez");
            assertThat(certificateOf(user, blockchain).pok().credentialId()).isEqualTo(chainOne.pok().credentialId());
        }
    }
}
