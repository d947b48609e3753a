package com.openedxpok.rendering;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The public certificate page and its image, both reached by the certificate's unguessable public id. */
@Controller
class CertificatePageController {

    /** The page has no script and loads nothing but its own image (the LMS frame with its logo is not shown here). */
    static final String PAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** An SVG opened directly must not run script on our origin. */
    static final String IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    private final PublicCertificatePage page;
    private final CertificateImages images;

    CertificatePageController(PublicCertificatePage page, CertificateImages images) {
        this.page = page;
        this.images = images;
    }

    @GetMapping(path = "/certificates/{publicId}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String publicId,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
        PublicCertificatePage.Page rendered = page.render(publicId, acceptLanguage);
        return ResponseEntity.status(rendered.status())
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", PAGE_CSP)
                .body(rendered.html());
    }

    @GetMapping("/certificates/{publicId}/image")
    void image(@PathVariable String publicId, @RequestParam(name = "download", required = false) String download,
            HttpServletResponse response) throws IOException {
        try (CertificateImages.FetchedImage image = images.open(publicId)) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(image.mediaType());
            response.setContentLengthLong(image.length());
            boolean attachment = download != null && !download.equals("0") && !download.equalsIgnoreCase("false");
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                    (attachment ? ContentDisposition.attachment() : ContentDisposition.inline())
                            .filename(image.fileName()).build().toString());
            // Short: POK's image URL may be temporary, and the certificate may be revoked.
            response.setHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300");
            response.setHeader("Content-Security-Policy", IMAGE_CSP);
            image.copyTo(response.getOutputStream());
        } catch (CertificateImages.ImageUnavailableException e) {
            response.setStatus(e.status().value());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.getWriter().write(e.status().value() == 404 ? "No such certificate image."
                    : "The certificate image cannot be fetched right now.");
        }
    }
}
