package com.openedxpok.openedx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import com.openedxpok.issuance.CertificateRequest;

/** What the creation webfilter reads from the two encodings openedx-webhooks uses, and what it refuses. */
class CreationPayloadTest {

    static final String FULL_JSON = """
            {"user": {"id": 17, "username": "ana", "email": "ana@example.org", "first_name": "", "last_name": "",
                      "password": "pbkdf2_sha256$600000$salt$hash", "is_staff": false, "is_superuser": false,
                      "is_active": true, "last_login": "2025-06-01 14:03:00.123456+00:00", "date_joined": "..."},
             "profile": {"id": 13, "user_id": 17, "name": "Ana García López", "language": "es", "country": "AR",
                         "year_of_birth": 1990, "gender": "f", "mailing_address": "Calle 1", "city": "Córdoba"},
             "course_key": "course-v1:Org+CS101+2025",
             "mode": "verified",
             "status": "downloadable",
             "grade": {"percent": 0.87, "passed": true, "letter_grade": "Pass",
                       "user": {"id": 17, "password": "pbkdf2_sha256$600000$salt$hash"}},
             "generation_mode": "self",
             "completion_summary": {"complete_count": 40, "incomplete_count": 0, "locked_count": 0},
             "event_metadata": {"event_type": "CertificateCreationRequested", "time": "2025-06-01 14:03:00.123456"}}
            """;

    private static CertificateRequest json(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return CreationWebfilterController.toRequest(WebhookPayload.read(request));
    }

    private static CertificateRequest form(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
        request.setContentType("application/x-www-form-urlencoded; charset=utf-8");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return CreationWebfilterController.toRequest(WebhookPayload.read(request));
    }

    @Test
    void readsOnlyWhatPokNeedsFromTheJsonPayload() {
        CertificateRequest request = json(FULL_JSON);
        assertThat(request.learner().userId()).isEqualTo(17);
        assertThat(request.learner().username()).isEqualTo("ana");
        assertThat(request.learner().email()).isEqualTo("ana@example.org");
        assertThat(request.learner().name()).isEqualTo("Ana García López");
        assertThat(request.learner().languageTag()).isEqualTo("es");
        assertThat(request.learner().mode()).isEqualTo("verified");
        assertThat(request.learner().grade()).isEqualByComparingTo("0.87");
        assertThat(request.courseKey().value()).isEqualTo("course-v1:Org+CS101+2025");
        assertThat(request.enrollmentStatus()).isEqualTo("downloadable");
        assertThat(request.source()).isEqualTo("creation webfilter (self)");
        assertThat(request.toString()).doesNotContain("pbkdf2").doesNotContain("Córdoba").doesNotContain("1990");
    }

    @Test
    void readsTheFormEncodingWithUnderscoreKeysAndStringValues() {
        CertificateRequest request = form("user_id=17&user_username=ana&user_email=ana%40example.org"
                + "&user_password=pbkdf2_sha256%24x&profile_name=Ana+Garc%C3%ADa&profile_language=pt-br"
                + "&course_key=course-v1%3AOrg%2BCS101%2B2025&mode=honor&status=downloadable"
                + "&grade_percent=0.5&grade_passed=True&generation_mode=batch");
        assertThat(request.learner().userId()).isEqualTo(17);
        assertThat(request.learner().name()).isEqualTo("Ana García");
        assertThat(request.learner().email()).isEqualTo("ana@example.org");
        assertThat(request.learner().grade()).isEqualByComparingTo("0.5");
        assertThat(request.courseKey().value()).isEqualTo("course-v1:Org+CS101+2025");
        assertThat(request.source()).isEqualTo("creation webfilter (batch)");
    }

    @Test
    void numbersAsStringsAndALazyEmptyUserAreAccepted() {
        CertificateRequest request = json("""
                {"user": {}, "profile": {"user_id": "42", "name": "Bo"}, "course_key": "Org/CS1/2025",
                 "grade": {"percent": "87", "passed": "true"}}""");
        assertThat(request.learner().userId()).isEqualTo(42);
        assertThat(request.learner().email()).isNull();
        assertThat(request.learner().grade()).isEqualByComparingTo("0.87");
    }

    @Test
    void malformedPayloadsAreRefusedWithAShortReason() {
        assertThatThrownBy(() -> json("{\"course_key\": \"course-v1:A+B+C\"}")).hasMessage("user.id is missing");
        assertThatThrownBy(() -> json("{\"user\": {\"id\": 1}, \"course_key\": \"not a key\"}"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("is not a course key");
        assertThatThrownBy(() -> json("{\"user\": {\"id\": \"seventeen\"}, \"course_key\": \"course-v1:A+B+C\"}"))
                .hasMessage("'user.id' must be a whole number");
        assertThatThrownBy(() -> json("{\"user\": {\"id\": -3}, \"course_key\": \"course-v1:A+B+C\"}"))
                .hasMessage("user.id must be a positive number");
        assertThatThrownBy(() -> json("{\"user\": \"ana\", \"course_key\": \"course-v1:A+B+C\"}"))
                .hasMessageContaining("not an object");
        assertThatThrownBy(() -> json("{\"user\": {\"id\": 1}}")).hasMessage("course_key is missing");
        assertThatThrownBy(() -> json("{\"user\": {\"id\": 1, \"username\": [1]}, \"course_key\": \"course-v1:A+B+C\"}"))
                .hasMessage("'user.username' must be a single value");
        assertThatThrownBy(() -> json("{\"user\": {\"id\": 1}, \"course_key\": \"course-v1:A+B+C\", "
                + "\"grade\": {\"percent\": 250}}")).hasMessage("grade.percent must be between 0 and 1");
        assertThatThrownBy(() -> json("{broken")).hasMessage("the body is not valid JSON");
        assertThatThrownBy(() -> json("[1,2]")).hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> json("")).hasMessage("empty body");
    }

    @Test
    void aBodyLargerThanTheCapIsRefusedEvenWithoutContentLength() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
        request.setContentType("application/json");
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        request.setContent(huge);
        assertThatThrownBy(() -> WebhookPayload.read(request)).hasMessage("payload larger than 1024 KiB");
    }
}
