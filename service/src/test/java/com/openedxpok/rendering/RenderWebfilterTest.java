package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.PokCredential;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The render webfilter's answer, as JSON, for every state a learner's certificate can be in. Every call also checks
 * HTTP 200 and that POK received no request ({@link RenderingAppTestBase#render}).
 */
@ExtendWith(OutputCaptureExtension.class)
class RenderWebfilterTest extends RenderingAppTestBase {

    private static final String COURSE = "course-v1:Org+CS101+2025";

    @Autowired
    JdbcClient jdbc;

    // ---- Open edX renders its own page ---------------------------------------------------------------------

    @Test
    void courseNotEnabledForPokAnswersEmpty() {
        long user = newUserId();
        String course = "course-v1:Org+Disabled" + user + "+2025";
        disableCourse(course);
        certificate(user, course, "Ana", CertificateStatus.EMITTED, emitted("T", "E", null));

        assertThat(render(payload(user, course)).propertyNames()).isEmpty();
    }

    @Test
    void noPokCertificateAnswersEmpty() {
        assertThat(render(payload(newUserId(), COURSE)).propertyNames()).isEmpty();
    }

    // ---- emitted -------------------------------------------------------------------------------------------

    @Test
    void emittedAnswersOurCertificatePage() {
        long user = newUserId();
        Certificate stored = certificate(user, COURSE, "Ana García López", CertificateStatus.EMITTED,
                emitted("Introduction to Computer Science", "Example University", FakePok.stubImage("/img/a.png")));
        FakePok.reset();

        String html = customContent(render(payload(user, COURSE)));

        String page = url("/certificates/" + stored.publicId());
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<html lang=\"en\"")
                .contains("<h1 id=\"certificate-title\">Introduction to Computer Science</h1>")
                .contains("Ana García López")
                .contains("Example University")
                .contains("June 1, 2025")
                .contains("src=\"" + page + "/image\"")
                .contains("href=\"" + page + "/image?download=1\"")
                .contains("href=\"https://view.pok.tech/credential/abc123\"")
                .contains("<meta property=\"og:image\" content=\"" + page + "/image\">")
                .contains("<meta property=\"og:url\" content=\"" + page + "\">")
                .contains("<meta name=\"twitter:card\" content=\"summary_large_image\">")
                .contains("Example Learning")
                .contains("src=\"/static/images/logo.png\"")
                // self-contained: nothing loaded from elsewhere, no script at all
                .doesNotContain("<script").doesNotContain("<link rel=\"stylesheet\"").doesNotContain("@import")
                .doesNotContain("fonts.googleapis");
        assertThat(html).as("POK's possibly temporary image URL is never in the page").doesNotContain("/img/a.png");
    }

    @Test
    void emittedPageFallsBackToTheContextForFactsPokDidNotGive() {
        long user = newUserId();
        certificate(user, COURSE, null, CertificateStatus.EMITTED,
                emitted(null, null, null));

        String html = customContent(render(payload(user, COURSE)));

        assertThat(html).contains("<h1 id=\"certificate-title\">Introduction to Computer Science</h1>")
                .contains("<dd id=\"organization\">Example University</dd>")
                .contains("<dd id=\"learner-name\">Ana García López</dd>")
                .contains("class=\"no-image\"");
    }

    @Test
    void emittedPageIsInTheLearnersLanguage() {
        long user = newUserId();
        certificate(user, COURSE, "Ana", CertificateStatus.EMITTED, emitted("Programación", "Universidad",
                FakePok.baseUrl() + "img/es.png"));
        ObjectNode payload = payload(user, COURSE);
        ((ObjectNode) payload.get("context")).put("user_language", "es");

        String html = customContent(render(payload));

        assertThat(html).contains("<html lang=\"es\"").contains("Emitido por").contains("Descargar")
                .contains("1 de junio de 2025").contains("Añadir a LinkedIn").doesNotContain("Issued by");
    }

    @Test
    void brazilianPortugueseToo() {
        long user = newUserId();
        certificate(user, COURSE, "Ana", CertificateStatus.EMITTED, emitted("Programação", "Universidade", null));
        ObjectNode payload = payload(user, COURSE);
        ((ObjectNode) payload.get("context")).put("user_language", "pt-br");

        assertThat(customContent(render(payload))).contains("<html lang=\"pt-BR\"").contains("Emitido por")
                .contains("Compartilhar").contains("1 de junho de 2025");
    }

    @Test
    void anUnsupportedLanguageFallsBackToTheDefaultLanguageTag() {
        long user = newUserId();
        certificate(user, COURSE, "Ana", CertificateStatus.EMITTED, emitted("T", "E", null));
        ObjectNode payload = payload(user, COURSE);
        ((ObjectNode) payload.get("context")).put("user_language", "fr");

        assertThat(customContent(render(payload))).contains("<html lang=\"en-US\"").contains("Issued by");
    }

    // ---- not emitted yet -----------------------------------------------------------------------------------

    @Test
    void queuedAnswersAStatusPageThatRefreshesItself() {
        String html = statusPage(CertificateStatus.QUEUED, null);
        assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"3\">")
                .contains("Your certificate has been requested");
    }

    @ParameterizedTest
    @EnumSource(value = CertificateStatus.class, names = {"SUBMITTING", "PROCESSING", "RETRY_WAIT"})
    void inProgressAnswersAStatusPageThatRefreshesItself(CertificateStatus status) {
        String html = statusPage(status, status == CertificateStatus.SUBMITTING ? null : "processing");
        assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"3\">")
                .contains("Your certificate is being issued")
                .contains("Introduction to Computer Science");
    }

    @Test
    void waitingForTheLearnersAcceptanceAsksToCheckTheirEmail() {
        String html = statusPage(CertificateStatus.PROCESSING, "waitingForApproval");
        assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"3\">")
                .contains("Check your email to accept your certificate");
    }

    @Test
    void anUnknownPokStateIsStillInProgress() {
        assertThat(statusPage(CertificateStatus.PROCESSING, "requestingSignature"))
                .contains("Your certificate is being issued");
    }

    @ParameterizedTest
    @EnumSource(value = CertificateStatus.class, names = {"FAILED", "HELD", "UNCERTAIN"})
    void needsAnOperatorAnswersACalmPageWithoutInternalDetail(CertificateStatus status) {
        String html = statusPage(status, null);
        assertThat(html).contains("Your certificate is being prepared")
                .doesNotContain("http-equiv=\"refresh\"")
                .doesNotContain("internal detail").doesNotContain("tpl-9").doesNotContain(status.name())
                .doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("failed");
    }

    // ---- invalid -------------------------------------------------------------------------------------------

    @Test
    void revokedAnswersOpenedxsInvalidCertificatePage() {
        long user = newUserId();
        certificate(user, COURSE, "Ana", CertificateStatus.REVOKED, emitted("T", "E", null));

        assertThat(json.writeValueAsString(render(payload(user, COURSE))))
                .isEqualTo("{\"exception\":{\"RenderAlternativeInvalidCertificate\":{\"template_name\":\"\"}}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aborted", "revoked", "signatureRejected"})
    void aFinalNotViewablePokStateAnswersInvalidEvenWhileProcessing(String pokState) {
        long user = newUserId();
        certificate(user, COURSE, "Ana", CertificateStatus.PROCESSING, inPokState(pokState));

        assertThat(json.writeValueAsString(render(payload(user, COURSE))))
                .isEqualTo("{\"exception\":{\"RenderAlternativeInvalidCertificate\":{\"template_name\":\"\"}}}");
    }

    // ---- zero POK requests, whatever the state --------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(CertificateStatus.class)
    void theRenderPathNeverCallsPok(CertificateStatus status) {
        long user = newUserId();
        String imageUrl = FakePok.stubImage("/img/" + user + ".png");
        certificate(user, COURSE, "Ana", status, status == CertificateStatus.EMITTED
                ? emitted("T", "E", imageUrl) : inPokState("processing"));
        FakePok.reset();

        render(payload(user, COURSE)); // asserts zero requests to POK
        render(payload(user, COURSE));
        assertThat(FakePok.requestCount()).isZero();
    }

    // ---- escaping ------------------------------------------------------------------------------------------

    @Test
    void markupInTitlesAndNamesIsShownAsText() {
        long user = newUserId();
        String title = "<script>alert('title')</script>";
        String name = "<img src=x onerror=alert(1)>\"'&";
        certificate(user, COURSE, name, CertificateStatus.EMITTED, emitted(title, "Org <b>bold</b>", null));
        ObjectNode payload = payload(user, COURSE);
        ((ObjectNode) payload.get("context")).put("platform_name", "<script>evil()</script>")
                .put("logo_src", "javascript:alert(1)");

        String html = customContent(render(payload));

        // A long title gets <wbr> break points after its separators; the text itself stays escaped.
        html = html.replace("<wbr>", "");
        assertThat(html).doesNotContain("<script").doesNotContain("<img src=x").doesNotContain("<b>bold")
                .doesNotContain("javascript:")
                .contains("<h1 id=\"certificate-title\">&lt;script&gt;alert('title')&lt;/script&gt;</h1>")
                .contains("<dd id=\"learner-name\">&lt;img src=x onerror=alert(1)&gt;\"'&amp;</dd>")
                .contains("<dd id=\"organization\">Org &lt;b&gt;bold&lt;/b&gt;</dd>")
                .contains("<span>&lt;script&gt;evil()&lt;/script&gt;</span>")
                // in an attribute, quotes are escaped too: the value cannot end the attribute
                .contains("<meta name=\"description\" content=\"&lt;img src=x onerror=alert(1)>&#34;&#39;&amp; ");
    }

    // ---- the wire format: JSON, numbers as strings, forms ----------------------------------------------------

    @Test
    void numbersMayArriveAsStrings() {
        long user = newUserId();
        certificate(user, COURSE, "Ana", CertificateStatus.QUEUED, PokCredential.NONE);
        ObjectNode payload = payload(user, COURSE);
        ((ObjectNode) payload.get("context")).put("accomplishment_user_id", String.valueOf(user));

        assertThat(customContent(render(payload))).contains("Your certificate has been requested");
    }

    @Test
    void theFlattenedPayloadThePluginPostsAsJsonUnderAFormContentTypeIsUnderstood() {
        long user = newUserId();
        certificate(user, COURSE, null, CertificateStatus.EMITTED, emitted("Título", null, null));
        // What openedx-webhooks sends with "Use WWW form encoding": json.dumps(flatten_dict(payload)), str() values.
        String body = json.writeValueAsString(Map.of(
                "context_course_id", COURSE,
                "context_accomplishment_user_id", String.valueOf(user),
                "context_accomplishment_copy_name", "José Núñez",
                "context_user_language", "es",
                "context_organization_long_name", "Universidad Ejemplo",
                "context_platform_name", "None",
                "context_certificate_data_course_title", "Curso",
                "event_metadata_event_type", "CertificateRenderStarted"));

        String html = customContent(render(body, "application/x-www-form-urlencoded"));

        assertThat(html).contains("<html lang=\"es\"").contains("José Núñez").contains("Universidad Ejemplo")
                .contains("Título").doesNotContain(">None<");
    }

    @Test
    void aRealFormEncodedBodyIsUnderstood() {
        long user = newUserId();
        certificate(user, COURSE, null, CertificateStatus.EMITTED, emitted("T", null, null));
        StringJoiner form = new StringJoiner("&");
        Map.of("context_course_id", COURSE, "context_accomplishment_user_id", String.valueOf(user),
                "context_accomplishment_copy_name", "Zoë Ñandú", "context_user_language", "pt_BR",
                "context_accomplishment_copy_course_org", "OrgX")
                .forEach((k, v) -> form.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));

        String html = customContent(render(form.toString(), "application/x-www-form-urlencoded"));

        assertThat(html).contains("<html lang=\"pt-BR\"").contains("Zoë Ñandú").contains("OrgX");
    }

    // ---- malformed context: {} and a warning, never an error ---------------------------------------------------

    @Test
    void noUserIdAnswersEmptyAndWarnsWithoutPersonalData(CapturedOutput output) {
        ObjectNode payload = payload(1, COURSE);
        ((ObjectNode) payload.get("context")).remove("accomplishment_user_id");

        assertThat(render(payload).propertyNames()).isEmpty();
        assertThat(output.getOut()).contains("WARN").contains("no usable context.accomplishment_user_id")
                .doesNotContain("Ana García").doesNotContain("Example University");
    }

    @Test
    void aBadCourseKeyAnswersEmptyAndWarns(CapturedOutput output) {
        assertThat(render(payload(newUserId(), "not a course key")).propertyNames()).isEmpty();
        assertThat(output.getOut()).contains("WARN").contains("course_id is missing or not a course key")
                .doesNotContain("not a course key'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json at all", "[1,2,3]", "{\"context\": ", "null", "{\"context\": {\"accomplishment_user_id\": -4, \"course_id\": \"course-v1:A+B+C\"}}",
            "{\"context\": {\"accomplishment_user_id\": \"abc\", \"course_id\": \"course-v1:A+B+C\"}}"})
    void unreadablePayloadsAnswerEmpty(String body) {
        assertThat(render(body, "application/json").propertyNames()).isEmpty();
    }

    @Test
    void anyFailureOnThePathAnswersEmptyAndWarns(CapturedOutput output) {
        long user = newUserId();
        Certificate stored = certificate(user, COURSE, "Ana", CertificateStatus.QUEUED, PokCredential.NONE);
        // A row our code cannot read (as if written by a newer version) makes the lookup throw.
        jdbc.sql("UPDATE pok_certificate SET status = 'FROM_THE_FUTURE' WHERE id = :id").param("id", stored.id())
                .update();

        assertThat(render(payload(user, COURSE)).propertyNames()).isEmpty();
        assertThat(output.getOut()).contains("WARN").contains("Render webfilter failed with")
                .doesNotContain("FROM_THE_FUTURE");
    }

    @Test
    void theSameTokenRuleAsCreationApplies() {
        String body = json.writeValueAsString(payload(newUserId(), COURSE));
        String withoutToken = url(RenderWebfilterController.PATH);
        try {
            var response = HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(withoutToken))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String statusPage(CertificateStatus status, String pokState) {
        long user = newUserId();
        certificate(user, COURSE, "Ana", status, pokState == null ? PokCredential.NONE : inPokState(pokState));
        return customContent(render(payload(user, COURSE)));
    }
}
