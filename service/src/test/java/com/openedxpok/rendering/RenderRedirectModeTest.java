package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.PokCredential;

/** {@code POK_RENDER_MODE=redirect}: an emitted certificate sends the learner to POK's view page. */
@TestPropertySource(properties = "pok.render-mode=redirect")
class RenderRedirectModeTest extends RenderingAppTestBase {

    private static final String COURSE = "course-v1:Org+CS101+2025";

    @Test
    void emittedRedirectsToPoksViewUrl() {
        long user = newUserId();
        certificate(user, COURSE, "Ana", CertificateStatus.EMITTED, emitted("T", "E", null));

        assertThat(json.writeValueAsString(render(payload(user, COURSE)))).isEqualTo(
                "{\"exception\":{\"RedirectToPage\":{\"redirect_to\":\"https://view.pok.tech/credential/abc123\"}}}");
    }

    @Test
    void withoutAUsableViewUrlTheLearnerStillGetsOurPage() {
        long user = newUserId();
        PokCredential pok = emitted("T", "E", null);
        certificate(user, COURSE, "Ana", CertificateStatus.EMITTED, new PokCredential(pok.credentialId(), pok.state(),
                "javascript:alert(1)", null, null, pok.emissionType(), pok.emissionDate(), "Title", "Org", pok.tags(),
                null));

        assertThat(customContent(render(payload(user, COURSE)))).contains("Title").doesNotContain("javascript:");
    }

    @Test
    void statesOtherThanEmittedAreAnsweredAsInPageMode() {
        long user = newUserId();
        certificate(user, COURSE, "Ana", CertificateStatus.PROCESSING, PokCredential.NONE);

        assertThat(customContent(render(payload(user, COURSE)))).contains("Your certificate is being issued");
    }

    @Test
    void ourOwnShareTargetStaysAPageInRedirectMode() throws Exception {
        long user = newUserId();
        Certificate stored = certificate(user, COURSE, "Ana", CertificateStatus.EMITTED, emitted("Shared", "E", null));

        var response = HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url("/certificates/" + stored.publicId()))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<meta property=\"og:title\" content=\"Shared\">");
    }
}
