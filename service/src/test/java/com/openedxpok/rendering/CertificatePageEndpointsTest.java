package com.openedxpok.rendering;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.PokCredential;
import com.openedxpok.pok.PokEndpoint;

/**
 * {@code GET /certificates/{publicId}} (our public page, the share target) and {@code GET /certificates/{publicId}/image}
 * (the image, fetched from the POK host only).
 */
class CertificatePageEndpointsTest extends RenderingAppTestBase {

    private static final String COURSE = "course-v1:Org+CS101+2025";

    @Autowired
    ApplicationContext context;

    private Certificate emittedWithImage(String imageUrl) {
        return certificate(newUserId(), COURSE, "Ana García", CertificateStatus.EMITTED,
                emitted("Introduction to Computer Science", "Example University", imageUrl));
    }

    private HttpResponse<byte[]> get(String path, String acceptLanguage) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // ---- the image -----------------------------------------------------------------------------------------

    @Test
    void theImageIsServedInlineWithItsContentTypeAndAReadableName() throws Exception {
        Certificate stored = emittedWithImage(FakePok.stubImage("/images/inline.png"));

        HttpResponse<byte[]> response = get("/certificates/" + stored.publicId() + "/image", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(FakePok.png());
        assertThat(response.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .contains("inline; filename=\"certificate-CS101.png\"");
        assertThat(response.headers().firstValue("Cache-Control")).contains("public, no-cache");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void downloadMakesItAnAttachment() throws Exception {
        Certificate stored = emittedWithImage(FakePok.stubImage("/images/download.png"));

        HttpResponse<byte[]> response = get("/certificates/" + stored.publicId() + "/image?download=1", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"certificate-CS101.png\"");
        assertThat(response.body()).isEqualTo(FakePok.png());
    }

    @Test
    void unknownOrMalformedPublicIdsAre404() throws Exception {
        assertThat(get("/certificates/AAAAAAAAAAAAAAAAAAAAAA/image", null).statusCode()).isEqualTo(404);
        assertThat(get("/certificates/..%2f..%2fetc/image", null).statusCode()).isIn(400, 404);
        assertThat(FakePok.requestCount()).isZero();
    }

    @Test
    void aCertificateWithoutImageYetIs404() throws Exception {
        Certificate stored = emittedWithImage(null);
        assertThat(get("/certificates/" + stored.publicId() + "/image", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anImageUrlOnAnotherHostIsNeverFetched() throws Exception {
        FakePok.stubImage("/images/elsewhere.png");
        Certificate stored = emittedWithImage(FakePok.otherHostUrl() + "images/elsewhere.png");

        assertThat(get("/certificates/" + stored.publicId() + "/image", null).statusCode()).isEqualTo(502);
        assertThat(FakePok.requestCount()).as("requests made to the other host").isZero();
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() throws Exception {
        FakePok.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/images/moved.png"))
                .willReturn(aResponse().withStatus(302)
                        .withHeader("Location", FakePok.otherHostUrl() + "images/target.png")));
        FakePok.stubImage("/images/target.png");
        Certificate stored = emittedWithImage(FakePok.baseUrl() + "images/moved.png");

        assertThat(get("/certificates/" + stored.publicId() + "/image", null).statusCode()).isEqualTo(502);
        assertThat(FakePok.requestCount()).as("only the first, same-host request").isEqualTo(1);
    }

    @Test
    void aRedirectWithinThePokHostIsFollowed() throws Exception {
        FakePok.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/images/old.png"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "/images/new.png")));
        FakePok.stubImage("/images/new.png");
        Certificate stored = emittedWithImage(FakePok.baseUrl() + "images/old.png");

        HttpResponse<byte[]> response = get("/certificates/" + stored.publicId() + "/image", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(FakePok.png());
    }

    @Test
    void somethingThatIsNotAnImageIsRefused() throws Exception {
        FakePok.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/images/page.html"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                        .withBody("<script>alert(1)</script>")));
        Certificate stored = emittedWithImage(FakePok.baseUrl() + "images/page.html");

        HttpResponse<byte[]> response = get("/certificates/" + stored.publicId() + "/image", null);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new String(response.body())).doesNotContain("<script>");
    }

    @Test
    void anHttpsImageUrlOnAnotherOriginThatResolvesToLoopbackIsRefusedButThePokOriginIsNot() throws Exception {
        // POK is http://localhost:<port>; https://localhost:<port> is another origin whose name resolves to loopback.
        URI pok = FakePok.baseUrl();
        FakePok.stubImage("/images/loopback.png");
        Certificate elsewhere = emittedWithImage("https://localhost:" + pok.getPort() + "/images/loopback.png");
        Certificate onPok = emittedWithImage(pok + "images/loopback.png");
        CertificateImages images = context.getBean(CertificateImages.class);

        assertThatThrownBy(() -> images.open(elsewhere.publicId()))
                .isInstanceOfSatisfying(CertificateImages.ImageUnavailableException.class,
                        e -> assertThat(e.status().value()).isEqualTo(502))
                .hasMessageContaining("resolves to a loopback address");
        assertThat(FakePok.requestCount()).isZero();
        try (CertificateImages.FetchedImage image = images.open(onPok.publicId())) {
            assertThat(image.mediaType()).isEqualTo("image/png");
        }
    }

    @Test
    void aFailedFetchShowsAnImageNotAvailableCardInTheLearnersLanguageButADownloadIsNotACard() throws Exception {
        Certificate stored = emittedWithImage("https://10.1.2.3/images/x.png");

        HttpResponse<byte[]> response = get("/certificates/" + stored.publicId() + "/image", "es-ES,es;q=0.9");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("image/svg+xml");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .contains(CertificatePageController.IMAGE_CSP);
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("<svg").contains("aún no está disponible").doesNotContain("10.1.2.3");
        HttpResponse<byte[]> download = get("/certificates/" + stored.publicId() + "/image?download=1", null);
        assertThat(download.statusCode()).isEqualTo(502);
        assertThat(download.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
    }

    @Test
    void pokFailingIsA502() throws Exception {
        FakePok.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/images/gone.png"))
                .willReturn(aResponse().withStatus(404)));
        Certificate stored = emittedWithImage(FakePok.baseUrl() + "images/gone.png");

        assertThat(get("/certificates/" + stored.publicId() + "/image", null).statusCode()).isEqualTo(502);
    }

    @Test
    void imagesOverTheSizeCapAreRefusedWithOrWithoutAContentLength() throws Exception {
        CertificateImages capped = new CertificateImages(certificates, context.getBeanProvider(PokEndpoint.class),
                config, 1000);
        FakePok.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/images/big.png"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                        .withBody(new byte[1001])));
        FakePok.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/images/chunked.png"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                        .withBody(new byte[5000]).withChunkedDribbleDelay(5, 50)));
        FakePok.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/images/small.png"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                        .withBody(new byte[1000])));

        for (String path : new String[] {"images/big.png", "images/chunked.png"}) {
            Certificate stored = emittedWithImage(FakePok.baseUrl() + path);
            assertThatThrownBy(() -> capped.open(stored.publicId()))
                    .isInstanceOfSatisfying(CertificateImages.ImageUnavailableException.class,
                            e -> assertThat(e.status().value()).isEqualTo(502))
                    .hasMessageContaining("larger than 1000 bytes");
        }
        Certificate atTheCap = emittedWithImage(FakePok.baseUrl() + "images/small.png");
        try (CertificateImages.FetchedImage image = capped.open(atTheCap.publicId())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            image.copyTo(out);
            assertThat(out.toByteArray()).hasSize(1000);
        }
    }

    // ---- our public page -------------------------------------------------------------------------------------

    @Test
    void thePublicPageCarriesThePreviewTagsForSharing() throws Exception {
        Certificate stored = emittedWithImage(FakePok.baseUrl() + "images/x.png");
        String page = url("/certificates/" + stored.publicId());

        HttpResponse<byte[]> response = get("/certificates/" + stored.publicId(), "es-AR,es;q=0.9,en;q=0.5");
        String html = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/html;charset=UTF-8");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'none'").contains("img-src 'self'"));
        assertThat(html).contains("<html lang=\"es-AR\"")
                .contains("<meta property=\"og:title\" content=\"Introduction to Computer Science\">")
                .contains("<meta property=\"og:image\" content=\"" + page + "/image\">")
                .contains("<meta name=\"twitter:image\" content=\"" + page + "/image\">")
                .contains("<meta property=\"og:description\" content=\"Ana García obtuvo el certificado")
                .doesNotContain("Example Learning");
        assertThat(FakePok.requestCount()).isZero();
    }

    @Test
    void thePublicPageOfACertificateNotEmittedYetIsItsStatusPage() throws Exception {
        Certificate stored = certificate(newUserId(), COURSE, "Ana", CertificateStatus.PROCESSING,
                inPokState("waitingForApproval"));

        HttpResponse<byte[]> response = get("/certificates/" + stored.publicId(), null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("Check your email to accept your certificate");
    }

    @Test
    void unknownAndRevokedCertificatesHaveNoPublicPage() throws Exception {
        Certificate revoked = certificate(newUserId(), COURSE, "Ana", CertificateStatus.REVOKED, PokCredential.NONE);

        for (String id : new String[] {"AAAAAAAAAAAAAAAAAAAAAA", revoked.publicId(), "not*valid"}) {
            HttpResponse<byte[]> response = get("/certificates/" + id, null);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("This certificate is not available");
        }
    }
}
