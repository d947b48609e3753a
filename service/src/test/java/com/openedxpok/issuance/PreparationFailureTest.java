package com.openedxpok.issuance;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.coursetemplate.CourseTemplate;
import com.openedxpok.coursetemplate.ParameterMapping;
import com.openedxpok.coursetemplate.ParameterSource;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.simulator.FaultPlan;
import com.openedxpok.simulator.SimOperation;

/**
 * POK down or answering 503 while the worker prepares the request (the template read before submitting): every
 * attempt is counted, backs off, is in the history and the log, and the certificate fails at POK_RETRY_MAX_AGE.
 * Delays of seconds, not milliseconds: db-scheduler polls every second, which would hide a backoff below that.
 */
@ExtendWith(OutputCaptureExtension.class)
class PreparationFailureTest extends IssuanceAppTestBase {

    private static final Pattern NEXT_ATTEMPT = Pattern.compile("next attempt at (\\S+)$");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        pokProperties(registry);
        registry.add("pok.retry-base-delay", () -> "1s");
        registry.add("pok.retry-max-delay", () -> "4s");
        registry.add("pok.retry-max-age", () -> "10s");
    }

    @Test
    void aTemplateAnswering5xxIsRetriedWithGrowingDelaysAndFailsAtTheMaximumAge(CapturedOutput output) {
        CourseKey course = courseWithOwnTemplate("Down503");
        pok.setFaults(FaultPlan.none().withServerErrors(1.0).onlyFor(SimOperation.GET_TEMPLATE));
        long user = newUserId();

        request(user, course);

        await().atMost(Duration.ofSeconds(60)).until(() -> certificateOf(user, course).status()
                == CertificateStatus.FAILED);
        Certificate failed = certificateOf(user, course);
        long templateReads = pok.count(SimOperation.GET_TEMPLATE);
        // One template read per attempt, every one counted; a constant 1 s delay would have made about 10 in 10 s.
        assertThat(failed.attempts()).isEqualTo((int) templateReads);
        assertThat(templateReads).isBetween(3L, 7L);
        assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isZero();
        assertThat(failed.lastError()).startsWith("Gave up after " + templateReads + " attempts over PT10S: cannot "
                + "prepare the request: GET /template/{id}: POK is unavailable (HTTP 500)");

        List<CertificateEvent> history = events.history(failed.id());
        List<CertificateEvent> retries = history.stream().filter(e -> e.kind().equals("RETRY_SCHEDULED")).toList();
        assertThat(retries).hasSize((int) templateReads - 1);
        assertThat(retries.get(0).fromStatus()).isEqualTo(CertificateStatus.QUEUED);
        assertThat(retries).allSatisfy(e -> {
            assertThat(e.toStatus()).isEqualTo(CertificateStatus.RETRY_WAIT);
            assertThat(e.detail()).startsWith("Cannot prepare the request: GET /template/{id}: POK is unavailable");
        });
        // The planned delays double (1 s, 2 s, then the 4 s cap, each ±20%).
        List<Duration> delays = retries.stream().map(PreparationFailureTest::plannedDelay).toList();
        assertThat(delays.get(0)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1250));
        assertThat(delays.get(1)).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2450));
        assertThat(historyKinds(failed)).endsWith("FAILED");
        assertThat(output.getOut()).contains("Certificate " + failed.id() + ": Cannot prepare the request: "
                + "GET /template/{id}: POK is unavailable (HTTP 500) [RETRYABLE] (attempt 1); next attempt at");
        assertThat(output.getOut()).contains("Certificate " + failed.id() + " failed: Gave up after");

        // Given up: POK is not asked again.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> pok.count(SimOperation.GET_TEMPLATE) == templateReads);
    }

    /** The simulator's outage answers 503 with a Retry-After of the time left: the worker waits that long. */
    @Test
    void aCertificateWaitingThroughA503OutageHonoursRetryAfterAndIsEmittedWhenItEnds() {
        CourseKey course = courseWithOwnTemplate("Outage");
        pok.setFaults(FaultPlan.none().withOutageUntil(Instant.now().plusSeconds(5))
                .onlyFor(SimOperation.GET_TEMPLATE));
        long user = newUserId();

        request(user, course);

        await().atMost(Duration.ofSeconds(10)).until(() -> certificateOf(user, course).status()
                == CertificateStatus.RETRY_WAIT);
        Certificate waiting = certificateOf(user, course);
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.lastError()).isEqualTo("Cannot prepare the request: GET /template/{id}: POK is "
                + "unavailable (HTTP 503) [RETRYABLE]");
        await().atMost(Duration.ofSeconds(30)).until(() -> certificateOf(user, course).status()
                == CertificateStatus.EMITTED);
        Certificate emitted = certificateOf(user, course);
        assertThat(historyKinds(emitted)).containsSubsequence("RETRY_SCHEDULED", "SUBMITTING", "SUBMITTED",
                "EMITTED");
        CertificateEvent retry = events.history(emitted.id()).stream()
                .filter(e -> e.kind().equals("RETRY_SCHEDULED")).findFirst().orElseThrow();
        // The backoff alone would have waited about 1 s; Retry-After asked for the rest of the outage (4-5 s).
        assertThat(plannedDelay(retry)).isGreaterThan(Duration.ofMillis(3500));
        assertThat(pok.count(SimOperation.GET_TEMPLATE)).isEqualTo(2);
        assertThat(pok.count(SimOperation.ISSUE_CREDENTIAL)).isEqualTo(1);
    }

    /** A course whose POK template nobody has read yet in this application (the catalog caches templates). */
    private CourseKey courseWithOwnTemplate(String name) {
        String templateId = "template-" + name.toLowerCase();
        pok.addTemplate(templateId, "Template " + name, Map.of("grade", "Grade"));
        CourseKey key = CourseKey.parse("course-v1:Test+" + name + "+2026");
        templates.insert(new CourseTemplate(0, key, templateId, EmissionType.POK, "demo-page", "Course " + name,
                null, true, true, List.of(new ParameterMapping("grade", "Grade", null, ParameterSource.GRADE, null)),
                null, null), Instant.now());
        return key;
    }

    private static Duration plannedDelay(CertificateEvent event) {
        Matcher m = NEXT_ATTEMPT.matcher(event.detail());
        assertThat(m.find()).as(event.detail()).isTrue();
        return Duration.between(event.occurredAt(), Instant.parse(m.group(1)));
    }
}
