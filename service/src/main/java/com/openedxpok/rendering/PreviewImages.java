package com.openedxpok.rendering;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.openedxpok.config.PublicUrl;
import com.openedxpok.issuance.EligibilityPolicy;
import com.openedxpok.issuance.IssuanceTarget;
import com.openedxpok.issuance.IssueRequestFactory;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.Texts;
import com.openedxpok.pok.PokClient;
import com.openedxpok.pok.PokException;
import com.openedxpok.rendering.CertificateImages.ImageUnavailableException;
import com.openedxpok.rendering.PreviewReferences.Reference;

/**
 * The template preview images of the preview pages course staff see (see {@link RenderDecider}). The render webfilter
 * only writes our URL with a signed reference into the page, and never waits for POK; the staff browser then loads the
 * image from {@code GET /certificates/preview/<ref>/image}, which asks POK for a preview on a cache miss and fetches
 * it with the rules of {@link CertificateImages} (POK's host only, an image type, the size cap).
 */
@Component
class PreviewImages {

    private static final Logger log = LoggerFactory.getLogger(PreviewImages.class);
    static final Duration CACHED_FOR = Duration.ofMinutes(10);

    /** A preview image, ready to send. */
    record Image(String mediaType, byte[] bytes) {
    }

    private final PreviewReferences references;
    private final EligibilityPolicy eligibility;
    private final IssueRequestFactory requests;
    private final PokClient pok;
    private final CertificateImages images;
    private final PublicUrl publicUrl;
    private final Clock clock;
    /** Bounded by bytes; a course's preview changes only when its template or mappings do. */
    private final Cache<Reference, Image> cache = Caffeine.newBuilder()
            .maximumWeight(48L * 1024 * 1024)
            .weigher((Reference key, Image image) -> image.bytes().length)
            .expireAfterWrite(CACHED_FOR)
            .build();

    PreviewImages(PreviewReferences references, EligibilityPolicy eligibility, IssueRequestFactory requests,
            PokClient pok, CertificateImages images, PublicUrl publicUrl, Clock clock) {
        this.references = references;
        this.eligibility = eligibility;
        this.requests = requests;
        this.pok = pok;
        this.images = images;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** Our URL of the preview image of what {@code courseKey} issues with. Pure computation: no I/O. */
    String url(CourseKey courseKey, IssuanceTarget target, String mode) {
        return publicUrl.resolve("certificates/preview/"
                + references.sign(new Reference(courseKey, target.templateId(), mode)) + "/image");
    }

    /**
     * @throws ImageUnavailableException 404 for a reference that is not ours, expired, or for a course that no longer
     *                                   issues with that template; 502 when POK could not make or send the preview
     */
    Image open(String reference) {
        Reference ref = references.verify(reference)
                .orElseThrow(() -> new ImageUnavailableException(HttpStatus.NOT_FOUND, "unknown or expired preview"));
        Image cached = cache.getIfPresent(ref);
        if (cached != null) {
            return cached;
        }
        IssuanceTarget target = eligibility.target(ref.courseKey())
                .filter(t -> t.templateId().equals(ref.templateId()))
                .orElseThrow(() -> new ImageUnavailableException(HttpStatus.NOT_FOUND,
                        "the course no longer issues with this template"));
        return cache.get(ref, key -> load(key, target));
    }

    private Image load(Reference ref, IssuanceTarget target) {
        String subject = "of the template preview of " + ref.courseKey();
        String url;
        try {
            url = pok.previewTemplate(requests.preview(ref.courseKey(), target, Texts.blankToNull(ref.mode()),
                    clock.instant())).url();
        } catch (PokException e) {
            log.warn("Image {} unavailable: {}", subject, e.getMessage());
            throw new ImageUnavailableException(HttpStatus.BAD_GATEWAY, "POK could not make the preview");
        }
        if (url == null || url.isBlank()) {
            log.warn("Image {} unavailable: POK's preview answer has no URL", subject);
            throw new ImageUnavailableException(HttpStatus.BAD_GATEWAY, "POK gave no preview URL");
        }
        try (CertificateImages.FetchedImage fetched = images.fetch(url, subject, type -> "preview")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.max(0, fetched.length()));
            fetched.copyTo(bytes);
            return new Image(fetched.mediaType(), bytes.toByteArray());
        } catch (IOException e) {
            log.warn("Image {} unavailable: reading it failed ({})", subject, e.getClass().getSimpleName());
            throw new ImageUnavailableException(HttpStatus.BAD_GATEWAY, "reading the preview failed");
        }
    }
}
