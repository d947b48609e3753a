package com.openedxpok.rendering;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.issuance.Certificate;
import com.openedxpok.issuance.CertificateRepository;
import com.openedxpok.pok.PokEndpoint;

/**
 * Fetches a certificate's image for {@code GET /certificates/{publicId}/image}. The URL comes only from our database
 * (what POK's decrypted-image call returned) and is fetched only if it points at the POK host in use (the simulator
 * in demo mode), so the endpoint can never be turned into a proxy to anywhere else. Redirects are followed only
 * within that host. This is not the render webfilter's path: the webfilter never does network I/O.
 */
@Component
class CertificateImages {

    private static final Logger log = LoggerFactory.getLogger(CertificateImages.class);
    static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
    private static final int MAX_REDIRECTS = 3;

    private final CertificateRepository certificates;
    private final ObjectProvider<PokEndpoint> endpoints;
    private final ServiceConfig config;
    private final long maxBytes;
    private volatile HttpClient client;

    @Autowired
    CertificateImages(CertificateRepository certificates, ObjectProvider<PokEndpoint> endpoints, ServiceConfig config) {
        this(certificates, endpoints, config, MAX_IMAGE_BYTES);
    }

    /** @param maxBytes the size cap; tests use a small one */
    CertificateImages(CertificateRepository certificates, ObjectProvider<PokEndpoint> endpoints, ServiceConfig config,
            long maxBytes) {
        this.certificates = certificates;
        this.endpoints = endpoints;
        this.config = config;
        this.maxBytes = maxBytes;
    }

    /** Why there is no image to send; {@code status} is the HTTP status our endpoint answers. */
    static final class ImageUnavailableException extends RuntimeException {
        private final HttpStatus status;

        ImageUnavailableException(HttpStatus status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        HttpStatus status() {
            return status;
        }
    }

    /** An image ready to be sent. Close it when done. */
    static final class FetchedImage implements AutoCloseable {
        private final String mediaType;
        private final long length;
        private final InputStream body;
        private final String fileName;
        private final long maxBytes;

        FetchedImage(String mediaType, long length, InputStream body, String fileName, long maxBytes) {
            this.mediaType = mediaType;
            this.length = length;
            this.body = body;
            this.fileName = fileName;
            this.maxBytes = maxBytes;
        }

        String mediaType() {
            return mediaType;
        }

        /** The byte count, known before sending. */
        long length() {
            return length;
        }

        /** A readable name for the saved file, for example {@code certificate-CS101.png}. */
        String fileName() {
            return fileName;
        }

        /** Copies at most {@link #length()} bytes (which is within the cap). */
        void copyTo(OutputStream out) throws IOException {
            byte[] buffer = new byte[16 * 1024];
            long remaining = Math.min(length, maxBytes);
            int read;
            while (remaining > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, remaining))) != -1) {
                out.write(buffer, 0, read);
                remaining -= read;
            }
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * The certificate whose image may be shown: the same rule as its public page, so a certificate revoked (here or
     * in POK), not emitted yet or re-issued has no image either, and shared {@code og:image} links stop showing it.
     *
     * @throws ImageUnavailableException 404 for an unknown certificate, one not shown, or one without an image
     */
    Certificate shown(String publicId) {
        Certificate certificate = findCertificate(publicId)
                .orElseThrow(() -> new ImageUnavailableException(HttpStatus.NOT_FOUND, "unknown certificate"));
        if (!(RenderDecider.forCertificate(certificate) instanceof RenderOutcome.EmittedCertificate)) {
            throw new ImageUnavailableException(HttpStatus.NOT_FOUND, "certificate not shown");
        }
        String imageUrl = certificate.pok().imageUrl();
        if (imageUrl == null || imageUrl.isBlank()) {
            throw new ImageUnavailableException(HttpStatus.NOT_FOUND, "certificate has no image yet");
        }
        return certificate;
    }

    /** @throws ImageUnavailableException 404 as {@link #shown}, else 502 */
    FetchedImage open(String publicId) {
        return open(shown(publicId));
    }

    /** @param certificate one {@link #shown} returned */
    FetchedImage open(Certificate certificate) {
        return fetch(certificate.pok().imageUrl(), "of certificate " + certificate.id(),
                mediaType -> fileName(certificate, mediaType));
    }

    /**
     * A strong validator of the image a shown certificate has: it changes with the stored POK image URL (a new
     * credential, a refreshed URL). A hash, so that POK's URL (possibly signed) never leaves the service.
     */
    static String etag(Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((certificate.publicId() + "\n"
                    + certificate.pok().imageUrl()).getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * Fetches an image from the POK host in use, with this class's rules (same origin, redirects within it, an
     * {@code image/*} type, the size cap). Also used for template previews ({@link PreviewImages}).
     *
     * @param subject  for the log line when it fails, for example "of certificate 12"
     * @param fileName the file name to offer, from the image's media type
     * @throws ImageUnavailableException 502 when the URL is not on the POK host or the fetch fails
     */
    FetchedImage fetch(String imageUrl, String subject, java.util.function.UnaryOperator<String> fileName) {
        PokEndpoint endpoint = endpoint();
        URI uri = allowed(imageUrl, endpoint.baseUrl()).orElseThrow(() -> refused(subject,
                "image URL is not on the POK host " + endpoint.baseUrl().getHost()));
        HttpResponse<InputStream> response = null;
        try {
            for (int redirects = 0; ; redirects++) {
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(endpoint.timeout()).GET()
                        .header("Accept", "image/*").build();
                response = client(endpoint.timeout()).send(request, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status < 300 || status >= 400) {
                    break;
                }
                response.body().close();
                URI current = uri;
                Optional<URI> next = response.headers().firstValue("Location")
                        .flatMap(location -> resolve(current, location))
                        .flatMap(target -> allowed(target.toString(), endpoint.baseUrl()));
                if (next.isEmpty() || redirects >= MAX_REDIRECTS) {
                    throw refused(subject, "POK redirected the image elsewhere (or too often)");
                }
                uri = next.get();
            }
            return checked(subject, fileName, response);
        } catch (IOException e) {
            closeQuietly(response);
            throw refused(subject, "fetching the image failed: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(subject, "interrupted");
        } catch (RuntimeException e) {
            closeQuietly(response);
            throw e;
        }
    }

    private FetchedImage checked(String subject, java.util.function.UnaryOperator<String> fileName,
            HttpResponse<InputStream> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw refused(subject, "POK answered HTTP " + response.statusCode() + " for the image");
        }
        String mediaType = response.headers().firstValue("Content-Type")
                .map(type -> type.split(";")[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        if (!mediaType.matches("image/[a-z0-9.+-]+")) {
            throw refused(subject, "POK's image is not an image (Content-Type '" + mediaType + "')");
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (length > maxBytes) {
            throw refused(subject, "image larger than " + maxBytes + " bytes");
        }
        InputStream body = response.body();
        if (length < 0) {
            // Unknown size: read it (at most the cap) now, so that an oversized image is a clean 502, not a cut file.
            byte[] bytes = body.readNBytes((int) maxBytes + 1);
            body.close();
            if (bytes.length > maxBytes) {
                throw refused(subject, "image larger than " + maxBytes + " bytes");
            }
            body = new ByteArrayInputStream(bytes);
            length = bytes.length;
        }
        return new FetchedImage(mediaType, length, body, fileName.apply(mediaType), maxBytes);
    }

    private Optional<Certificate> findCertificate(String publicId) {
        // Public ids are 22 URL-safe characters; anything else cannot exist, so it costs no query.
        return publicId != null && publicId.matches("[A-Za-z0-9_-]{1,32}") ? certificates.findByPublicId(publicId)
                : Optional.empty();
    }

    /** The image URL, if it is on the same scheme, host and port as the POK base URL. */
    static Optional<URI> allowed(String url, URI base) {
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            boolean sameOrigin = uri.getScheme().equalsIgnoreCase(base.getScheme())
                    && uri.getHost().equalsIgnoreCase(base.getHost()) && port(uri) == port(base);
            return sameOrigin ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> resolve(URI current, String location) {
        try {
            return Optional.of(current.resolve(new URI(location.strip())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    static String fileName(Certificate certificate, String mediaType) {
        String number = certificate.courseKey().number().replaceAll("[^A-Za-z0-9._-]", "-");
        String extension = switch (mediaType) {
            case "image/jpeg" -> "jpg";
            case "image/svg+xml" -> "svg";
            default -> mediaType.substring("image/".length()).replaceAll("[^a-z0-9]", "");
        };
        return "certificate-" + number + "." + extension;
    }

    private PokEndpoint endpoint() {
        // The POK client's configuration provides the endpoint (the simulator's in demo mode). Until it is there,
        // the configured POK URL is the host images are allowed from.
        PokEndpoint endpoint = endpoints.getIfAvailable();
        return endpoint != null ? endpoint
                : new PokEndpoint(config.pok().apiUrl(), config.pok().apiKey(), config.pok().timeout(),
                        config.pok().demoMode());
    }

    private HttpClient client(Duration timeout) {
        HttpClient current = client;
        if (current == null) {
            current = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1).build();
            client = current;
        }
        return current;
    }

    private static ImageUnavailableException refused(String subject, String reason) {
        log.warn("Image {} unavailable: {}", subject, reason);
        return new ImageUnavailableException(HttpStatus.BAD_GATEWAY, reason);
    }

    private static void closeQuietly(HttpResponse<InputStream> response) {
        if (response != null) {
            try {
                response.body().close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
