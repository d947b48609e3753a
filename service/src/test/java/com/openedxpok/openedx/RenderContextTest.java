package com.openedxpok.openedx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.openedxpok.testsupport.CapturedRequest;

class RenderContextTest {


    private RenderContext read(String body) {
        return RenderContext.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheFieldsWeUseFromTheNestedJsonPayload() {
        RenderContext context = read("""
                {"context": {"course_id": "course-v1:Org+CS101+2025", "accomplishment_user_id": 17,
                  "accomplishment_copy_name": "Ana García", "username": "ana", "user_language": "es",
                  "platform_name": "Example", "logo_src": "/static/logo.png", "course_mode": "verified",
                  "logo_url": "https://lms.example.org",
                  "accomplishment_copy_course_name": "Intro", "accomplishment_copy_course_org": "Org",
                  "organization_long_name": "Example University", "certificate_id_number": "3b9f2c7e",
                  "certificate_data": {"course_title": "Introduction", "signatories": [{"name": "Dr. R"}]}},
                 "user": {"password": "pbkdf2_sha256$..."},
                 "event_metadata": {"event_type": "CertificateRenderStarted"}}""");

        assertThat(context).isEqualTo(new RenderContext(17L, "course-v1:Org+CS101+2025", "es", "Example",
                "/static/logo.png", "Ana García", "Introduction", "Intro", "Example University", "Org", "verified",
                "ana", java.util.List.of(new com.openedxpok.kernel.CourseFacts.Signatory("Dr. R", null, null)),
                "3b9f2c7e", "https://lms.example.org"));
    }

    /** Fixtures 13 and 14: the same learner's view in JSON and in form mode, as openedx-webhooks 21.0.0 sends them. */
    @Test
    void theCapturedFormPayloadReadsExactlyLikeTheCapturedJsonOneSignatoriesIncluded() {
        RenderContext json = RenderContext.read(fixtureBody("13-render-learner-certificate-json"));
        RenderContext form = RenderContext.read(fixtureBody("14-render-learner-certificate-form"));

        assertThat(json.signatories()).containsExactly(
                new com.openedxpok.kernel.CourseFacts.Signatory("Dra. Lucía Rivera", "Profesora titular",
                        "Universidad de Ejemplo"),
                new com.openedxpok.kernel.CourseFacts.Signatory("Ing. Tomás Aguirre", "Coordinador académico",
                        "Universidad de Ejemplo"));
        assertThat(json.userId()).isEqualTo(42L);
        assertThat(json.learnerName()).isEqualTo("Ana García López");
        assertThat(form).isEqualTo(json);
    }

    private static byte[] fixtureBody(String name) {
        return CapturedRequest.load(name + ".json").body();
    }

    @Test
    void numbersMayBeStringsOrPythonFloats() {
        assertThat(read("{\"context\": {\"accomplishment_user_id\": \"17\"}}").userId()).isEqualTo(17L);
        assertThat(read("{\"context\": {\"accomplishment_user_id\": 17.0}}").userId()).isEqualTo(17L);
        assertThat(read("{\"context\": {\"accomplishment_user_id\": \" 42 \"}}").userId()).isEqualTo(42L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc\"", "-3", "0", "null", "\"\"", "{}", "[17]", "\"99999999999999999999\""})
    void unusableUserIdsAreAbsent(String value) {
        assertThat(read("{\"context\": {\"accomplishment_user_id\": " + value + "}}").userId()).isNull();
    }

    @Test
    void theFlattenedPayloadWorksAsJsonAndAsAForm() {
        RenderContext fromJson = read("{\"context_accomplishment_user_id\": \"17\", \"context_course_id\": \"c\","
                + " \"context_certificate_data_course_title\": \"T\", \"context_platform_name\": \"None\"}");
        RenderContext fromForm = read("context_accomplishment_user_id=17&context_course_id=c"
                + "&context_certificate_data_course_title=T&context_platform_name=None&context_accomplishment_copy_name="
                + "Jos%C3%A9+N%C3%BA%C3%B1ez");

        assertThat(fromJson.userId()).isEqualTo(17L);
        assertThat(fromJson.courseTitle()).isEqualTo("T");
        assertThat(fromJson.platformName()).as("Python's str(None)").isNull();
        assertThat(fromForm.userId()).isEqualTo(17L);
        assertThat(fromForm.courseId()).isEqualTo("c");
        assertThat(fromForm.courseTitle()).isEqualTo("T");
        assertThat(fromForm.platformName()).isNull();
        assertThat(fromForm.learnerName()).isEqualTo("José Núñez");
    }

    @Test
    void veryLongStringsAreCut() {
        String longName = "x".repeat(5000);
        assertThat(read("{\"context\": {\"accomplishment_copy_name\": \"" + longName + "\"}}").learnerName())
                .hasSize(RenderContext.MAX_FIELD_LENGTH);
    }

    @Test
    void aFormWithoutContextFieldsReadsAsAnEmptyContext() {
        RenderContext context = read("a=b&c=d");
        assertThat(context.userId()).isNull();
        assertThat(context.courseId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{not json", "[1, 2]", "%zz=1", "just text"})
    void unreadableBodiesAreRefusedWithAMessageThatDoesNotQuoteThem(String body) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(com.openedxpok.openedx.MalformedPayloadException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("zz").doesNotContain("not json"));
    }
}
