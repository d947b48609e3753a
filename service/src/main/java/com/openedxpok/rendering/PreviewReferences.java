package com.openedxpok.rendering;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.openedxpok.config.Secret;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.kernel.CourseKey;

/**
 * The signed, expiring references in the URLs of template preview images ({@code /certificates/preview/<ref>/image}).
 * Only the render webfilter makes them, so the image endpoint previews only what a preview page showed, and cannot be
 * used to make us call POK for anything else. A reference reads
 * {@code base64url(course key).base64url(template id).base64url(mode).expiry.base64url(HMAC-SHA256)}.
 *
 * <p>The HMAC key is derived from the webhook token (HMAC-SHA256 of a fixed label under the token), so every instance
 * of a cluster accepts the references of the others and the token itself never leaves the service. The expiry is
 * rounded up to a {@link #STEP}: between one and two steps ahead, and the same for every page rendered within one
 * step, so that a browser may cache the image.
 */
@Component
class PreviewReferences {

    static final Duration STEP = Duration.ofMinutes(10);
    /** Longer references are not ours (a course key is at most 255 characters); refused before any decoding. */
    static final int MAX_LENGTH = 1200;
    private static final String KEY_LABEL = "openedx-pok template preview images v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What a preview image shows: the course's template, for an enrollment mode (empty when not known). */
    record Reference(CourseKey courseKey, String templateId, String mode) {

        Reference {
            mode = mode == null ? "" : mode;
        }
    }

    private final SecretKeySpec key;
    private final Clock clock;

    @Autowired
    PreviewReferences(ServiceConfig config, Clock clock) {
        this(config.openedx().webhookToken(), clock);
    }

    PreviewReferences(Secret secret, Clock clock) {
        this.key = new SecretKeySpec(derive(secret), "HmacSHA256");
        this.clock = clock;
    }

    String sign(Reference reference) {
        long step = STEP.toSeconds();
        long expiry = (clock.instant().getEpochSecond() / step + 2) * step;
        String signed = encode(reference.courseKey().value()) + "." + encode(reference.templateId()) + "."
                + encode(reference.mode()) + "." + expiry;
        return signed + "." + ENCODER.encodeToString(mac(signed));
    }

    /** The reference, if it was signed with our key and has not expired; empty for anything else. */
    Optional<Reference> verify(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int last = text.lastIndexOf('.');
        String[] parts = text.split("\\.", -1);
        if (parts.length != 5 || last < 0) {
            return Optional.empty();
        }
        try {
            byte[] given = DECODER.decode(parts[4]);
            // Constant time: the comparison must not tell how much of a forged signature was right.
            if (!MessageDigest.isEqual(given, mac(text.substring(0, last)))) {
                return Optional.empty();
            }
            long expiry = Long.parseLong(parts[3]);
            if (!clock.instant().isBefore(Instant.ofEpochSecond(expiry))) {
                return Optional.empty();
            }
            String course = decode(parts[0]);
            String templateId = decode(parts[1]);
            if (!CourseKey.isValid(course) || templateId.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Reference(CourseKey.parse(course), templateId, decode(parts[2])));
        } catch (IllegalArgumentException | java.time.DateTimeException unreadable) {
            return Optional.empty();
        }
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] derive(Secret secret) {
        if (secret.isEmpty()) {
            // Cannot happen in the application (a token is generated when none is set); a random key then.
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(KEY_LABEL.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static String encode(String text) {
        return ENCODER.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String part) {
        return new String(DECODER.decode(part), StandardCharsets.UTF_8);
    }
}
