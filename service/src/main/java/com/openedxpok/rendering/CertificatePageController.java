package com.openedxpok.rendering;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
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

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.certificate.Certificate;

/** The public certificate page and its image, both reached by the certificate's unguessable public id. */
@Controller
class CertificatePageController {

    /** The page has no script and loads nothing but its own image (the LMS frame with its logo is not shown here). */
    static final String PAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** An SVG opened directly must not run script on our origin. */
    static final String IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
    /** A certificate's image: caches keep it only if they revalidate it before each use (it can be revoked). */
    static final String IMAGE_CACHE_CONTROL = "public, no-cache";

    private final PublicCertificatePage page;
    private final CertificateImages images;
    private final PreviewImages previews;
    private final CertificatePageRenderer renderer;
    private final ServiceConfig config;

    CertificatePageController(PublicCertificatePage page, CertificateImages images, PreviewImages previews,
            CertificatePageRenderer renderer, ServiceConfig config) {
        this.page = page;
        this.images = images;
        this.previews = previews;
        this.renderer = renderer;
        this.config = config;
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

    /**
     * The template preview image of a preview page, by the signed reference the page carries. Unknown, tampered or
     * expired: 404. POK cannot make it: 502 with a placeholder image that says so, in the browser's language.
     */
    @GetMapping("/certificates/preview/{reference}/image")
    void previewImage(@PathVariable String reference,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
            HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", IMAGE_CSP);
        response.setHeader("X-Robots-Tag", "noindex");
        try {
            PreviewImages.Image image = previews.open(reference);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(image.mediaType());
            response.setContentLength(image.bytes().length);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.inline().filename("certificate-preview").build().toString());
            // Only the staff browser that got the page has the URL; it expires with its reference.
            response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=600");
            response.getOutputStream().write(image.bytes());
        } catch (CertificateImages.ImageUnavailableException e) {
            response.setStatus(e.status().value());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            if (e.status().value() == 404) {
                response.setContentType(MediaType.TEXT_PLAIN_VALUE);
                response.getWriter().write("No such preview image.");
                return;
            }
            String text = renderer.message("preview.imageUnavailable",
                    PageLocales.fromAcceptLanguage(acceptLanguage, config.pok().defaultLanguageTag()));
            response.setContentType("image/svg+xml;charset=UTF-8");
            response.getWriter().write(placeholder(text));
        }
    }

    /**
     * A plain card with the message, the size of a certificate, so that the page keeps its layout. A long message is
     * set on two lines (after its first sentence, else at the space nearest the middle), so it stays inside the card.
     */
    static String placeholder(String text) {
        List<String> lines = new ArrayList<>();
        int split = text.length() <= 40 ? -1 : splitPoint(text);
        if (split < 0) {
            lines.add(text);
        } else {
            lines.add(text.substring(0, split).strip());
            lines.add(text.substring(split).strip());
        }
        String escaped = escapeXml(text);
        StringBuilder tspans = new StringBuilder();
        int y = lines.size() == 1 ? 440 : 415;
        for (String line : lines) {
            tspans.append("<tspan x=\"600\" y=\"").append(y).append("\">").append(escapeXml(line)).append("</tspan>");
            y += 50;
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"850\" viewBox=\"0 0 1200 850\" "
                + "role=\"img\" aria-label=\"" + escaped + "\"><rect width=\"1200\" height=\"850\" fill=\"#f3f4f6\"/>"
                + "<rect x=\"30\" y=\"30\" width=\"1140\" height=\"790\" fill=\"none\" stroke=\"#9ca3af\" "
                + "stroke-width=\"6\" stroke-dasharray=\"24 16\"/><text text-anchor=\"middle\" "
                + "font-family=\"system-ui, sans-serif\" font-size=\"36\" fill=\"#374151\">" + tspans
                + "</text></svg>";
    }

    private static int splitPoint(String text) {
        int sentence = text.indexOf(". ");
        if (sentence > 0 && sentence < text.length() - 2) {
            return sentence + 1;
        }
        int middle = text.length() / 2;
        for (int i = 0; i < middle; i++) {
            if (middle + i < text.length() && text.charAt(middle + i) == ' ') {
                return middle + i;
            }
            if (text.charAt(middle - i) == ' ') {
                return middle - i;
            }
        }
        return -1;
    }

    private static String escapeXml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * The certificate's image, as long as its page shows the certificate; 404 once it is revoked (here or in POK).
     * Every certificate can be revoked, so caches may keep the image but must revalidate it before each use
     * ({@code no-cache}): a revoked one then gets the 404 ({@code no-store}) and is dropped, a shown one a 304 by its
     * ETag, without fetching it from POK again. When POK's image cannot be fetched: 502 with a placeholder card
     * saying "not available yet" (plain text for {@code ?download=1}, so no one saves the card as their certificate).
     */
    @GetMapping("/certificates/{publicId}/image")
    void image(@PathVariable String publicId, @RequestParam(name = "download", required = false) String download,
            @RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean attachment = download != null && !download.equals("0") && !download.equalsIgnoreCase("false");
        try {
            Certificate shown = images.shown(publicId);
            String etag = CertificateImages.etag(shown);
            if (matches(request.getHeaders(HttpHeaders.IF_NONE_MATCH), etag)) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                response.setHeader(HttpHeaders.CACHE_CONTROL, IMAGE_CACHE_CONTROL);
                response.setHeader(HttpHeaders.ETAG, etag);
                return;
            }
            try (CertificateImages.FetchedImage image = images.open(shown)) {
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType(image.mediaType());
                response.setContentLengthLong(image.length());
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                        (attachment ? ContentDisposition.attachment() : ContentDisposition.inline())
                                .filename(image.fileName()).build().toString());
                response.setHeader(HttpHeaders.CACHE_CONTROL, IMAGE_CACHE_CONTROL);
                response.setHeader(HttpHeaders.ETAG, etag);
                response.setHeader("Content-Security-Policy", IMAGE_CSP);
                image.copyTo(response.getOutputStream());
            }
        } catch (CertificateImages.ImageUnavailableException e) {
            response.setStatus(e.status().value());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            if (e.status().value() != 404 && !attachment) {
                // The page shows this in place of the image (browsers draw an image whatever the status), so a
                // failed fetch is a clean card in the learner's language, not a broken-image icon; and no script.
                String text = renderer.message("page.imageUnavailable",
                        PageLocales.fromAcceptLanguage(acceptLanguage, config.pok().defaultLanguageTag()));
                response.setHeader("Content-Security-Policy", IMAGE_CSP);
                response.setContentType("image/svg+xml;charset=UTF-8");
                response.getWriter().write(placeholder(text));
                return;
            }
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.getWriter().write(e.status().value() == 404 ? "No such certificate image."
                    : "The certificate image cannot be fetched right now.");
        }
    }

    /** {@code If-None-Match}: one of the listed tags (weak comparison, as RFC 9110 asks for it), or {@code *}. */
    static boolean matches(java.util.Enumeration<String> ifNoneMatch, String etag) {
        while (ifNoneMatch != null && ifNoneMatch.hasMoreElements()) {
            for (String tag : ifNoneMatch.nextElement().split(",")) {
                String candidate = tag.strip();
                if (candidate.equals("*") || (candidate.startsWith("W/") ? candidate.substring(2) : candidate)
                        .equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }
}
