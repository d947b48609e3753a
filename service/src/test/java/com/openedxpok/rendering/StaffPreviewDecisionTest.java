package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.openedxpok.openedx.RenderContext;
import com.openedxpok.config.Secret;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.RenderPathEnqueuer.ViewKind;
import com.openedxpok.lms.LmsModels;
import com.openedxpok.rendering.PreviewReferences.Reference;
import com.openedxpok.testsupport.MutableClock;
import com.openedxpok.testsupport.CapturedRequest;

/**
 * How a view of a certificate we hold nothing for is told apart, from the render contexts openedx-webhooks really
 * sent: a learner's own certificate (fixtures 13/14) and a course team member's Studio preview (15/16). And the signed
 * references of the preview images.
 */
class StaffPreviewDecisionTest {

    private static final String LEARNER_JSON = "13-render-learner-certificate-json.json";
    private static final String LEARNER_FORM = "14-render-learner-certificate-form.json";
    private static final String PREVIEW_JSON = "15-render-staff-preview-honor-json.json";
    private static final String PREVIEW_FORM = "16-render-staff-preview-honor-form.json";
    /** The verify_uuid of the learner's certificate in fixtures 13/14. */
    private static final String LEARNER_UUID = "3b9f2c7e8d4a4f1b9c6e2a7d5f8b1c04";

    private static RenderContext context(String fixture) {
        return RenderContext.read(CapturedRequest.load(fixture).body());
    }

    private static Optional<LmsModels.Certificate> lms(String status, String downloadUrl) {
        return Optional.of(new LmsModels.Certificate("someone", status, "verified", new BigDecimal("0.87"),
                LmsModels.Certificate.verifyUuidOf(downloadUrl)));
    }

    @ParameterizedTest
    @ValueSource(strings = {PREVIEW_JSON, PREVIEW_FORM})
    void theStudioPreviewContextIsReadAsSuch(String fixture) {
        RenderContext context = context(fixture);

        assertThat(context.userId()).isEqualTo(5L);
        assertThat(context.username()).isEqualTo("jperez_staff");
        assertThat(context.courseId()).isEqualTo("course-v1:ExampleU+CS101+2026_T2");
        assertThat(context.courseMode()).isEqualTo("honor");
        assertThat(context.certificateIdNumber()).isEqualTo("40979f64eacb46dd958c2b98ee7160b0");
        assertThat(RenderDecider.mode(context.courseMode())).isEqualTo("honor");
    }

    @ParameterizedTest
    @ValueSource(strings = {PREVIEW_JSON, PREVIEW_FORM})
    void staffWithoutAnOpenEdxCertificateSeeThePreview(String fixture) {
        RenderContext context = context(fixture);

        assertThat(ViewKind.of(Optional.empty(), context.certificateIdNumber())).isEqualTo(ViewKind.PREVIEW);
        assertThat(ViewKind.of(lms("notpassing", null), context.certificateIdNumber())).isEqualTo(ViewKind.PREVIEW);
        assertThat(ViewKind.of(lms("audit_passing", null), context.certificateIdNumber()))
                .isEqualTo(ViewKind.PREVIEW);
    }

    @ParameterizedTest
    @ValueSource(strings = {PREVIEW_JSON, PREVIEW_FORM})
    void staffWhoAlsoPassedTheCourseSeeThePreviewOfAnotherUuid(String fixture) {
        RenderContext context = context(fixture);

        assertThat(ViewKind.of(lms("downloadable", "/certificates/0123456789abcdef0123456789abcdef"),
                context.certificateIdNumber())).isEqualTo(ViewKind.PREVIEW_BY_A_CERTIFIED_VIEWER);
    }

    @ParameterizedTest
    @ValueSource(strings = {LEARNER_JSON, LEARNER_FORM})
    void aLearnersOwnCertificateIsALearnersView(String fixture) {
        RenderContext context = context(fixture);
        assertThat(context.userId()).isEqualTo(42L);
        assertThat(context.certificateIdNumber()).isEqualTo(LEARNER_UUID);

        assertThat(ViewKind.of(lms("downloadable", "/certificates/" + LEARNER_UUID), context.certificateIdNumber()))
                .isEqualTo(ViewKind.LEARNER);
        assertThat(ViewKind.of(lms("downloadable", "https://lms.example.org/certificates/" + LEARNER_UUID.toUpperCase()),
                context.certificateIdNumber())).as("absolute URL, other case").isEqualTo(ViewKind.LEARNER);
        // A PDF certificate (or an LMS that gives no URL): nothing to compare, so never taken for a preview.
        assertThat(ViewKind.of(lms("downloadable", "https://cdn.example.org/cert.pdf"), context.certificateIdNumber()))
                .isEqualTo(ViewKind.LEARNER);
        assertThat(ViewKind.of(lms("generating", null), context.certificateIdNumber())).isEqualTo(ViewKind.LEARNER);
        assertThat(ViewKind.of(lms("downloadable", "/certificates/" + LEARNER_UUID), null))
                .as("a context without certificate_id_number").isEqualTo(ViewKind.LEARNER);
    }

    @Test
    void theVerifyUuidIsReadOnlyFromAWebCertificateUrl() {
        assertThat(LmsModels.Certificate.verifyUuidOf("/certificates/" + LEARNER_UUID)).isEqualTo(LEARNER_UUID);
        assertThat(LmsModels.Certificate.verifyUuidOf("/certificates/" + LEARNER_UUID + "/?x=1")).isEqualTo(LEARNER_UUID);
        assertThat(LmsModels.Certificate.verifyUuidOf("/certificates/user/5/course/course-v1:A+B+C")).isNull();
        assertThat(LmsModels.Certificate.verifyUuidOf("/certificates/" + LEARNER_UUID + "0")).isNull();
        assertThat(LmsModels.Certificate.verifyUuidOf("")).isNull();
        assertThat(LmsModels.Certificate.verifyUuidOf(null)).isNull();
    }

    @Test
    void onlyModeSlugsReachAPreviewUrl() {
        assertThat(RenderDecider.mode("verified")).isEqualTo("verified");
        assertThat(RenderDecider.mode("no-id-professional")).isEqualTo("no-id-professional");
        assertThat(RenderDecider.mode("<b>honor</b>")).isNull();
        assertThat(RenderDecider.mode(null)).isNull();
    }

    // ---- the preview image's signed reference -------------------------------------------------------------

    private static final Reference REFERENCE = new Reference(CourseKey.parse("course-v1:ExampleU+CS101+2026_T2"),
            "demo-template", "honor");

    @Test
    void aReferenceWeSignedIsReadBackUntilItExpires() {
        MutableClock clock = new MutableClock();
        PreviewReferences references = new PreviewReferences(Secret.of("a-webhook-token-of-enough-length"), clock);
        String signed = references.sign(REFERENCE);

        assertThat(signed).doesNotContain("a-webhook-token").matches("[A-Za-z0-9_.-]+");
        assertThat(references.verify(signed)).contains(REFERENCE);
        clock.advance(PreviewReferences.STEP.minusSeconds(1));
        assertThat(references.verify(signed)).as("at least one step").contains(REFERENCE);
        clock.advance(PreviewReferences.STEP.plusSeconds(1));
        assertThat(references.verify(signed)).as("at most two steps").isEmpty();
    }

    @Test
    void theSameStepGivesTheSameUrlSoThatBrowsersMayCacheTheImage() {
        MutableClock clock = new MutableClock();
        PreviewReferences references = new PreviewReferences(Secret.of("a-webhook-token-of-enough-length"), clock);
        String first = references.sign(REFERENCE);
        clock.advance(Duration.ofSeconds(5));
        assertThat(references.sign(REFERENCE)).isEqualTo(first);
    }

    @Test
    void aTamperedOrForeignReferenceIsRefused() {
        MutableClock clock = new MutableClock();
        PreviewReferences references = new PreviewReferences(Secret.of("a-webhook-token-of-enough-length"), clock);
        String signed = references.sign(REFERENCE);
        String[] parts = signed.split("\\.");

        String otherCourse = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("course-v1:Other+X+1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(references.verify(otherCourse + signed.substring(parts[0].length()))).isEmpty();
        assertThat(references.verify(String.join(".", parts[0], parts[1], parts[2],
                String.valueOf(Long.parseLong(parts[3]) + 3600), parts[4]))).as("a later expiry").isEmpty();
        // The first character of the signature carries six bits of it (the last one partly padding).
        String signature = parts[4];
        String forged = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
        assertThat(references.verify(String.join(".", parts[0], parts[1], parts[2], parts[3], forged))).isEmpty();
        assertThat(new PreviewReferences(Secret.of("another-token-of-enough-length"), clock).verify(signed))
                .as("signed with another key").isEmpty();
        assertThat(references.verify("")).isEmpty();
        assertThat(references.verify("a.b.c")).isEmpty();
        assertThat(references.verify("!!.!!.!!.x.!!")).isEmpty();
        assertThat(references.verify("x".repeat(5000))).isEmpty();
    }
}
