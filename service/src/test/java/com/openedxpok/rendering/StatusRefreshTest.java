package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.CourseKey;

/** The status pages reload fast while a certificate is fresh, then back off; computed server-side, no script. */
class StatusRefreshTest extends RenderingAppTestBase {

    private static final String COURSE = "course-v1:Org+Refresh+2025";

    @Test
    void theIntervalBacksOffWithTheTimeSinceTheCertificateWasQueued() {
        assertThat(StatusKind.refreshSeconds(Duration.ZERO)).isEqualTo(3);
        assertThat(StatusKind.refreshSeconds(Duration.ofSeconds(59))).isEqualTo(3);
        assertThat(StatusKind.refreshSeconds(Duration.ofSeconds(60))).isEqualTo(10);
        assertThat(StatusKind.refreshSeconds(Duration.ofMinutes(10).minusSeconds(1))).isEqualTo(10);
        assertThat(StatusKind.refreshSeconds(Duration.ofMinutes(10))).isEqualTo(30);
        assertThat(StatusKind.refreshSeconds(Duration.ofDays(3))).isEqualTo(30);
    }

    @Test
    void aCertificateBeingIssuedReloadsIn3SecondsThen10ThenEvery30() throws Exception {
        assertThat(page(inProgressQueuedAgo(Duration.ofSeconds(5))))
                .contains("<meta http-equiv=\"refresh\" content=\"3\">").contains("every 3 seconds");
        assertThat(page(inProgressQueuedAgo(Duration.ofMinutes(4))))
                .contains("<meta http-equiv=\"refresh\" content=\"10\">").contains("every 10 seconds");
        assertThat(page(inProgressQueuedAgo(Duration.ofHours(2))))
                .contains("<meta http-equiv=\"refresh\" content=\"30\">").contains("every 30 seconds");
    }

    @Test
    void aCertificateAnOperatorMustLookAtDoesNotReload() throws Exception {
        Certificate held = certificate(newUserId(), COURSE, "Ana", CertificateStatus.HELD, inPokState(null));
        assertThat(page(held)).doesNotContain("http-equiv=\"refresh\"").doesNotContain("refresh-note");
    }

    private Certificate inProgressQueuedAgo(Duration age) {
        long userId = newUserId();
        Instant queued = Instant.now().minus(age).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Learner learner = new Learner(userId, "user" + userId, "Ana", "user" + userId + "@example.org", "en",
                "verified", new BigDecimal("0.9"));
        Certificate created = TestCertificates.insert(certificates, CourseKey.parse(COURSE), learner, CertificateStatus.QUEUED,
                queued).certificate();
        assertThat(created.queuedAt()).isEqualTo(queued);
        return TestCertificates.save(certificates, created.withStatus(CertificateStatus.PROCESSING, 1, null, null)
                .withPok(inPokState("processing")), Instant.now()).orElseThrow();
    }

    private String page(Certificate certificate) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/certificates/"
                + certificate.publicId()))).header("Accept-Language", "en").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
