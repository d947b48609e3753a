package com.openedxpok.issuance;

import com.openedxpok.certificate.TestCertificates;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.Learner;
import com.openedxpok.certificate.PokCredential;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.EmissionType;

/**
 * The render webfilter answers from our database only: for every status a certificate can be in, a view makes no
 * request at all to POK (counted by the simulator that the service is configured with).
 */
class RenderMakesNoPokCallsTest extends IssuanceAppTestBase {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        pokProperties(registry);
    }

    @ParameterizedTest(name = "{0} / POK state {1}")
    @CsvSource(nullValues = "NULL", value = {
            "QUEUED,NULL,RenderCustomResponse", "SUBMITTING,NULL,RenderCustomResponse",
            "PROCESSING,processing,RenderCustomResponse", "PROCESSING,waitingForApproval,RenderCustomResponse",
            "RETRY_WAIT,NULL,RenderCustomResponse", "UNCERTAIN,NULL,RenderCustomResponse",
            "FAILED,NULL,RenderCustomResponse", "HELD,NULL,RenderCustomResponse",
            "EMITTED,emitted,RenderCustomResponse", "REVOKED,NULL,RenderAlternativeInvalidCertificate",
            "FAILED,aborted,RenderAlternativeInvalidCertificate"})
    void aViewInAnyStateMakesNoPokRequest(CertificateStatus status, String pokState, String answer) throws Exception {
        CourseKey course = course("Render", EmissionType.POK);
        long user = newUserId();
        Certificate stored = TestCertificates.insert(certificates, course, new Learner(user, "u" + user, "Ana García",
                "a@example.org", "es", "verified", new BigDecimal("0.9")), CertificateStatus.QUEUED, Instant.now())
                .certificate();
        PokCredential credential = new PokCredential("cred-" + user, pokState,
                pok.baseUrl() + "view/cred-" + user, pok.baseUrl() + "images/cred-" + user + ".png", Instant.now(),
                EmissionType.POK, Instant.parse("2025-06-01T14:03:00Z"), "Course Render", "Example University",
                List.of(), null);
        TestCertificates.save(certificates, stored.withPok(credential).withStatus(status, 1, null, null), Instant.now()).orElseThrow();
        pok.clearRequests();

        String body = """
                {"context": {"course_id": "%s", "accomplishment_user_id": %d, "user_language": "es",
                 "platform_name": "Test Platform", "accomplishment_copy_name": "Ana García"}}""".formatted(course, user);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/openedx/webfilters/certificate-render-started?token=" + TOKEN))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(answer);
        assertThat(pok.requests()).as("requests POK received while rendering").isEmpty();
    }
}
