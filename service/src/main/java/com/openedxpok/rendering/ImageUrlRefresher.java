package com.openedxpok.rendering;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateLifecycle;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.pok.CredentialImage;
import com.openedxpok.pok.PokClient;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokFailure;

/**
 * Keeps the stored POK image URLs fresh: POK's decrypted-image location may be temporary, and the certificate page
 * must never wait for POK while a learner looks at it. Meant to run as a recurring background job
 * ({@code POK_IMAGE_MAX_AGE} is the age to pass in); it is deliberately not a bean here, because the POK client bean
 * and the job scheduler are wired by the issuance side.
 */
public class ImageUrlRefresher {

    private static final Logger log = LoggerFactory.getLogger(ImageUrlRefresher.class);

    private final CertificateRepository certificates;
    private final CertificateLifecycle lifecycle;
    private final PokClient pok;
    private final Clock clock;

    public ImageUrlRefresher(CertificateRepository certificates, CertificateLifecycle lifecycle, PokClient pok,
            Clock clock) {
        this.certificates = certificates;
        this.lifecycle = lifecycle;
        this.pok = pok;
        this.clock = clock;
    }

    /**
     * Refreshes the image URL of at most {@code batchSize} emitted certificates whose URL was fetched more than
     * {@code age} ago (or never), oldest first.
     *
     * @return how many certificates got a new image URL
     */
    public int refreshOlderThan(Duration age, int batchSize) {
        List<Certificate> due = certificates.findEmittedWithImageFetchedBefore(clock.instant().minus(age), batchSize);
        int refreshed = 0;
        for (Certificate certificate : due) {
            CredentialImage image;
            try {
                image = pok.decryptedImage(certificate.pok().credentialId());
            } catch (PokException e) {
                log.warn("Image URL of certificate {} not refreshed: {} ({})", certificate.id(), e.getMessage(),
                        e.failure());
                if (e.failure() != PokFailure.PERMANENT) {
                    // Key refused, POK down or too slow: the rest of the batch would fail the same way. Next run.
                    break;
                }
                continue;
            }
            if (image == null || image.location() == null || image.location().isBlank()) {
                log.warn("Image URL of certificate {} not refreshed: POK returned no location", certificate.id());
                continue;
            }
            Instant now = clock.instant();
            if (lifecycle.imageRefreshed(certificate, image.location(), now).isPresent()) {
                refreshed++;
            } else {
                // Someone else changed the certificate meanwhile (a revocation, an operator): their write wins, and
                // a still-old image URL comes back in a later batch.
                log.info("Image URL of certificate {} not saved: the certificate changed meanwhile", certificate.id());
            }
        }
        return refreshed;
    }
}
