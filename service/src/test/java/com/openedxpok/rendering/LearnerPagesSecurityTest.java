package com.openedxpok.rendering;

import com.openedxpok.kernel.Actor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.certificate.PokCredential;

/**
 * The learner pages' surface: {@code /certificates/{publicId}} and its image, reachable by anyone who holds the link
 * (a shared post, an {@code og:image} crawler, a cache in between).
 */
class LearnerPagesSecurityTest extends RenderingAppTestBase {

    private static final String COURSE = "course-v1:Org+SEC101+2025";

    @Autowired
    CertificateLifecycle lifecycle;

    /** Issue #14, item 8: the page went 404 at revocation but the image, and so every shared og:image, stayed. */
    @Test
    void aRevokedCertificatesImageIs404LikeItsPageAlsoAsADownloadAndForACacheRevalidating() throws Exception {
        String path = "/images/revoked-later.png";
        Certificate emitted = certificate(newUserId(), COURSE, "Ana García", CertificateStatus.EMITTED,
                emitted("Security 101", "Example University", FakePok.stubImage(path)));
        String page = "/certificates/" + emitted.publicId();
        HttpResponse<byte[]> before = get(page + "/image", null);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(text(get(page, null))).contains("<meta property=\"og:image\" content=\"");
        // (The ETag's presence is asserted below, in the caching test.)
        String etag = before.headers().firstValue("ETag").orElse("\"no-etag\"");

        lifecycle.revoked(emitted, Actor.OPENEDX, "revoked in Open edX").orElseThrow();
        int fetchesBefore = FakePok.server().findAll(getRequestedFor(urlPathEqualTo(path))).size();

        assertThat(get(page, null).statusCode()).isEqualTo(404);
        for (String image : new String[] {page + "/image", page + "/image?download=1"}) {
            HttpResponse<byte[]> response = get(image, null);
            assertThat(response.statusCode()).as(image).isEqualTo(404);
            assertThat(response.headers().firstValue("Cache-Control")).as(image).hasValue("no-store");
            assertThat(response.headers().firstValue("ETag")).as(image).isEmpty();
            assertThat(response.headers().firstValue("Content-Disposition")).as(image).isEmpty();
            assertThat(text(response)).isEqualTo("No such certificate image.");
        }
        // A cache that kept the image asks whether it may still show it: no.
        assertThat(get(page + "/image", etag).statusCode()).isEqualTo(404);
        assertThat(FakePok.server().findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(fetchesBefore);
    }

    /** POK's final word (revoked, aborted or its signature rejected there) hides the certificate even while our row still says EMITTED. */
    @Test
    void anImageOfACredentialPokNoLongerShowsIs404() throws Exception {
        for (String state : new String[] {"revoked", "aborted", "signatureRejected"}) {
            PokCredential shown = emitted("Security 101", "Example University",
                    FakePok.stubImage("/images/pok-" + state + ".png"));
            PokCredential gone = new PokCredential(shown.credentialId(), state, shown.viewUrl(), shown.imageUrl(),
                    shown.imageFetchedAt(), shown.emissionType(), shown.emissionDate(), shown.title(), shown.emitter(),
                    shown.tags(), shown.pageId());
            Certificate certificate = certificate(newUserId(), COURSE, "Ana", CertificateStatus.EMITTED, gone);

            assertThat(get("/certificates/" + certificate.publicId(), null).statusCode()).as(state).isEqualTo(404);
            assertThat(get("/certificates/" + certificate.publicId() + "/image", null).statusCode()).as(state)
                    .isEqualTo(404);
        }
    }

    /** Re-issued (back in the queue with the old credential's image URL): its page is a status page, no image. */
    @Test
    void anImageIsNotShownWhileTheCertificateIsNotEmitted() throws Exception {
        Certificate requeued = certificate(newUserId(), COURSE, "Ana", CertificateStatus.QUEUED,
                emitted("Security 101", "Example University", FakePok.stubImage("/images/requeued.png")));

        assertThat(get("/certificates/" + requeued.publicId() + "/image", null).statusCode()).isEqualTo(404);
    }

    /**
     * Every certificate can be revoked, so caches may keep its image but must ask again before each use
     * ({@code no-cache}); the ETag makes that question cheap: 304 without fetching the image from POK again.
     */
    @Test
    void cachesRevalidateAShownImageEveryTimeAndGetA304WithoutAFetchFromPok() throws Exception {
        String path = "/images/revalidated.png";
        Certificate emitted = certificate(newUserId(), COURSE, "Ana", CertificateStatus.EMITTED,
                emitted("Security 101", "Example University", FakePok.stubImage(path)));
        String image = "/certificates/" + emitted.publicId() + "/image";

        HttpResponse<byte[]> first = get(image, null);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, no-cache");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(get(image + "?download=1", null).headers().firstValue("ETag")).hasValue(etag);
        int fetches = FakePok.server().findAll(getRequestedFor(urlPathEqualTo(path))).size();

        HttpResponse<byte[]> again = get(image, etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(again.headers().firstValue("Cache-Control")).hasValue("public, no-cache");
        assertThat(FakePok.server().findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(fetches);
        // Another ETag (an older image of the certificate) gets the image.
        assertThat(get(image, "\"AAAAAAAAAAAAAAAAAAAAAA\"").statusCode()).isEqualTo(200);
    }

    private HttpResponse<byte[]> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
