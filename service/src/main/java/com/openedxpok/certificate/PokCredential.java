package com.openedxpok.certificate;

import java.time.Instant;
import java.util.List;

import com.openedxpok.kernel.EmissionType;

/** What POK told us about the credential it issued for a certificate. Every field may still be empty. */
public record PokCredential(
        String credentialId,
        String state,
        String viewUrl,
        String imageUrl,
        Instant imageFetchedAt,
        EmissionType emissionType,
        Instant emissionDate,
        String title,
        String emitter,
        List<String> tags,
        String pageId) {

    public static final PokCredential NONE = new PokCredential(null, null, null, null, null, null, null, null, null,
            List.of(), null);

    public PokCredential {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The same credential with the image URL POK gave at {@code fetchedAt} (image URLs expire). */
    public PokCredential withImage(String newImageUrl, Instant fetchedAt) {
        return new PokCredential(credentialId, state, viewUrl, newImageUrl, fetchedAt, emissionType, emissionDate,
                title, emitter, tags, pageId);
    }
}
