package com.openedxpok.openedx;

import com.openedxpok.kernel.CourseKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import tools.jackson.databind.json.JsonMapper;

/** How the event payloads, their datetimes and the URL token are read, without a server. */
class EventPayloadTest {

    private static WebhookPayload payload(String body, String contentType) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/openedx/webhooks/events");
        request.setContentType(contentType);
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return WebhookPayload.read(request);
    }

    @Test
    void aCertificateEventIsReducedToTheFieldsWeUse() {
        String json = JsonMapper.builder().build().writeValueAsString(EventsWebhookTest.event(
                OpenedxCertificateEvent.Type.CREATED.eventType(), 17, "course-v1:Org+CS101+2025", "Downloadable"));

        OpenedxCertificateEvent event = OpenedxCertificateEvent.read(OpenedxCertificateEvent.Type.CREATED,
                payload(json, "application/json"));

        assertThat(event.userId()).isEqualTo(17);
        assertThat(event.username()).isEqualTo("learner17");
        assertThat(event.email()).isEqualTo("learner17@example.org");
        assertThat(event.courseKey().value()).isEqualTo("course-v1:Org+CS101+2025");
        assertThat(event.courseName()).isEqualTo("POK Demo Course");
        assertThat(event.currentStatus()).isEqualTo("downloadable");
        assertThat(event.passing()).isTrue();
        assertThat(event.grade()).isEqualByComparingTo("0.87");
        assertThat(event.time()).isEqualTo(Instant.parse("2025-06-01T14:03:00.123456Z"));
        assertThat(event.learner().languageTag()).isNull();
        assertThat(event.toString()).doesNotContain("learner17@example.org").doesNotContain("learner17,");
    }

    @Test
    void aFlattenedPayloadReadsTheSameAndPythonsNoneIsEmpty() {
        String data = OpenedxCertificateEvent.DATA;
        String flat = "{\"" + data + "_user_id\": \"17\", \"" + data + "_user_pii_email\": \"None\", \"" + data
                + "_course_course_key\": \"course-v1:Org+CS101+2025\", \"" + data + "_grade\": \"Pass\", \"" + data
                + "_current_status\": \"generating\", \"event_metadata_event_type\": \"x\", "
                + "\"event_metadata_time\": \"2025-06-01 14:03:00\"}";

        WebhookPayload payload = payload(flat, "application/x-www-form-urlencoded");
        OpenedxCertificateEvent event = OpenedxCertificateEvent.read(OpenedxCertificateEvent.Type.CHANGED, payload);

        assertThat(OpenedxCertificateEvent.eventType(payload)).isEqualTo("x");
        assertThat(event.userId()).isEqualTo(17);
        assertThat(event.email()).isNull();
        assertThat(event.grade()).as("unreadable grade is unknown, not an error").isNull();
        assertThat(event.passing()).isTrue();
        assertThat(event.time()).isEqualTo(Instant.parse("2025-06-01T14:03:00Z"));
    }

    @Test
    void aRealFormIsReadToo() {
        String data = OpenedxCertificateEvent.DATA;
        WebhookPayload payload = payload(data + "_user_id=18&" + data + "_course_course_key=course-v1%3AOrg%2BX%2B1"
                + "&event_metadata_event_type=org.openedx.learning.certificate.revoked.v1&" + data + "_grade=87",
                "application/x-www-form-urlencoded");

        OpenedxCertificateEvent event = OpenedxCertificateEvent.read(OpenedxCertificateEvent.Type.REVOKED, payload);

        assertThat(event.userId()).isEqualTo(18);
        assertThat(event.courseKey().value()).isEqualTo("course-v1:Org+X+1");
        assertThat(event.grade()).isEqualByComparingTo("0.87");
        assertThat(OpenedxCertificateEvent.Type.of(OpenedxCertificateEvent.eventType(payload)))
                .contains(OpenedxCertificateEvent.Type.REVOKED);
    }

    @Test
    void whatCannotBeUsedIsMalformed() {
        assertThatThrownBy(() -> OpenedxCertificateEvent.eventType(payload("{\"a\": 1}", "application/json")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("event_type");
        assertThatThrownBy(() -> OpenedxCertificateEvent.read(OpenedxCertificateEvent.Type.CREATED, payload(
                "{\"" + OpenedxCertificateEvent.DATA + "\": {\"user\": {\"id\": -3}}}", "application/json")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> OpenedxCertificateEvent.read(OpenedxCertificateEvent.Type.CREATED, payload(
                "{\"" + OpenedxCertificateEvent.DATA + "\": {\"user\": {\"id\": 3}, \"course\": {\"course_key\": "
                        + "\"x y\"}}}", "application/json")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("Course key 'x y'");
    }

    @Test
    void pythonDatetimes() {
        assertThat(PythonDateTime.parse("2023-06-14 16:11:08.341205+00:00"))
                .contains(Instant.parse("2023-06-14T16:11:08.341205Z"));
        assertThat(PythonDateTime.parse("2023-06-14 18:11:08+02:00")).contains(Instant.parse("2023-06-14T16:11:08Z"));
        assertThat(PythonDateTime.parse("2023-06-14T16:11:08Z")).contains(Instant.parse("2023-06-14T16:11:08Z"));
        assertThat(PythonDateTime.parse("yesterday")).isEmpty();
        assertThat(PythonDateTime.parse(null)).isEmpty();
    }

    @Test
    void theTokenIsTakenFromTheQueryStringOnly() {
        assertThat(OpenedxTokenFilter.tokenFromQueryString("token=abc%2Bdef")).isEqualTo("abc+def");
        assertThat(OpenedxTokenFilter.tokenFromQueryString("x=1&token=t-1&y=2")).isEqualTo("t-1");
        assertThat(OpenedxTokenFilter.tokenFromQueryString("tokens=t")).isNull();
        assertThat(OpenedxTokenFilter.tokenFromQueryString(null)).isNull();
    }

    @Test
    void renderContextFactsKeepTheCourseAndNeverPrintTheLearner() {
        RenderContextFacts facts = RenderContext.read("""
                {"context": {"course_id": "course-v1:Org+CS101+2025", "accomplishment_copy_name": "Ana García López",
                 "platform_name": "Example Learning", "organization_long_name": "Example University",
                 "accomplishment_copy_course_name": "Intro to CS", "user_language": "es", "course_mode": "verified",
                 "certificate_data": {"course_title": "Introduction to Computer Science",
                   "signatories": [{"name": "Dr. Rivera", "title": "Professor", "organization": "Example University"},
                                   {"title": "nameless"}]}}}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)).facts();

        assertThat(facts.courseTitle()).isEqualTo("Introduction to Computer Science");
        assertThat(facts.signatories()).extracting(s -> s.name()).containsExactly("Dr. Rivera");
        assertThat(facts.learnerName()).isEqualTo("Ana García López");
        assertThat(facts.toString()).doesNotContain("Ana");
        CourseInfo info = CourseInfo.empty(CourseKey.parse("course-v1:Org+CS101+2025"))
                .with(facts.courseObservation());
        assertThat(info.details().title()).isEqualTo("Introduction to Computer Science");
        assertThat(info.details().organization()).isEqualTo("Example University");
        assertThat(info.details().platformName()).isEqualTo("Example Learning");
    }

    @Test
    void theCourseApisOrgCodeIsNotAnEmitterButADisplayOrganizationIs() {
        CourseKey key = CourseKey.parse("course-v1:Org+CS101+2025");
        CourseInfo code = CourseInfo.empty(key).with(new CourseInfo.Observation(null, "Intro", null, "Org", null,
                null));
        CourseInfo display = CourseInfo.empty(key).with(new CourseInfo.Observation(null, "Intro", null,
                "Example University", null, null));

        assertThat(code.details().organization()).isNull();
        assertThat(code.details().title()).isEqualTo("Intro");
        assertThat(display.details().organization()).isEqualTo("Example University");
    }
}
