package com.openedxpok.rendering;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.pok.PokEndpoint;

/**
 * Fetches a certificate's image for {@code GET /certificates/{publicId}/image}. The URL comes only from our database
 * (what POK's decrypted-image call returned). POK may name its images on another host than its API, so any https
 * host is fetched, but only if every address it resolves to is public ({@link ImageAddresses}), and the connection
 * goes to the addresses checked; the POK origin in use is the one exception (the simulator on 127.0.0.1 in demo
 * mode). So the endpoint can never be turned into a proxy into our own network. Redirects are followed only within
 * the first URL's origin. This is not the render webfilter's path: the webfilter never does network I/O.
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
    private final Resolver resolver;

    @Autowired
    CertificateImages(CertificateRepository certificates, ObjectProvider<PokEndpoint> endpoints, ServiceConfig config) {
        this(certificates, endpoints, config, MAX_IMAGE_BYTES, InetAddress::getAllByName);
    }

    /** @param maxBytes the size cap; tests use a small one */
    CertificateImages(CertificateRepository certificates, ObjectProvider<PokEndpoint> endpoints, ServiceConfig config,
            long maxBytes) {
        this(certificates, endpoints, config, maxBytes, InetAddress::getAllByName);
    }

    /** @param resolver the DNS look-up; tests pass one that counts or answers what they need */
    CertificateImages(CertificateRepository certificates, ObjectProvider<PokEndpoint> endpoints, ServiceConfig config,
            long maxBytes, Resolver resolver) {
        this.resolver = resolver;
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
        private final Runnable release;

        FetchedImage(String mediaType, long length, InputStream body, String fileName, long maxBytes,
                Runnable release) {
            this.release = release;
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
            try {
                body.close();
            } finally {
                release.run();
            }
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
     * Fetches an image POK named, with this class's rules: the URL is on the POK origin in use, or on any https host
     * whose addresses are all public ({@link ImageAddresses}); the connection goes to exactly the addresses checked
     * (one look-up, {@link CheckedDns}); redirects stay on the first URL's origin; an {@code image/*} type; the size
     * cap. Also used for template previews ({@link PreviewImages}).
     *
     * @param subject  for the log line when it fails, for example "of certificate 12"
     * @param fileName the file name to offer, from the image's media type
     * @throws ImageUnavailableException 502 when the URL is refused or the fetch fails
     */
    FetchedImage fetch(String imageUrl, String subject, java.util.function.UnaryOperator<String> fileName) {
        PokEndpoint endpoint = endpoint();
        URI uri = parse(imageUrl).orElseThrow(() -> refused(subject, "the image URL is not an absolute URL"));
        boolean pokOrigin = sameOrigin(uri, endpoint.baseUrl());
        refusal(uri, pokOrigin).ifPresent(reason -> {
            throw refused(subject, reason);
        });
        CheckedDns dns = new CheckedDns(uri.getHost(), pokOrigin, resolver);
        CloseableHttpClient http = client(dns, endpoint.timeout());
        ClassicHttpResponse response = null;
        try {
            for (int redirects = 0; ; redirects++) {
                HttpGet request = new HttpGet(uri);
                request.setHeader("Accept", "image/*");
                response = http.executeOpen(RoutingSupport.determineHost(request), request, null);
                int status = response.getCode();
                if (status < 300 || status >= 400) {
                    break;
                }
                closeQuietly(response);
                URI current = uri;
                Header location = response.getFirstHeader("Location");
                Optional<URI> next = Optional.ofNullable(location).flatMap(l -> resolve(current, l.getValue()))
                        .filter(target -> sameOrigin(target, current));
                if (next.isEmpty() || redirects >= MAX_REDIRECTS) {
                    throw refused(subject, "POK redirected the image off its host (or too often)");
                }
                uri = next.get();
            }
            return checked(subject, fileName, response, http);
        } catch (IOException e) {
            closeQuietly(response);
            closeQuietly(http);
            String reason = refusedAddress(e).map(r -> "the image host " + r.getMessage())
                    .orElse("fetching the image failed: " + e.getClass().getSimpleName());
            throw refused(subject, reason);
        } catch (HttpException e) {
            closeQuietly(response);
            closeQuietly(http);
            throw refused(subject, "fetching the image failed: " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            closeQuietly(response);
            closeQuietly(http);
            throw e;
        }
    }

    /**
     * Why {@code uri} must not be fetched before any look-up, or empty. The POK origin in use is trusted as configured
     * (the simulator on 127.0.0.1 in demo mode); anything else must be https, carry no user info, and if its host is
     * an address literal, a public one. Names are checked when they are resolved ({@link CheckedDns}).
     */
    static Optional<String> refusal(URI uri, boolean pokOrigin) {
        if (uri.getRawUserInfo() != null) {
            return Optional.of("the image URL carries user info");
        }
        if (pokOrigin) {
            return Optional.empty();
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("the image URL is neither on the POK origin nor https");
        }
        return literalAddress(uri.getHost()).flatMap(address -> ImageAddresses.refusal(address)
                .map(reason -> "the image host is a " + reason));
    }

    /** The address a host that is an IP literal names, parsed without any look-up; empty for a name. */
    static Optional<InetAddress> literalAddress(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // Java reads these as address literals (dotted forms like 127.1 too) and never asks DNS for them.
        if (!bare.contains(":") && !bare.matches("[0-9.]+")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<RefusedAddressException> refusedAddress(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedAddressException refused) {
                return Optional.of(refused);
            }
        }
        return Optional.empty();
    }

    /** How {@link CheckedDns} says no: an unknown host to the HTTP client, so it never connects. */
    static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String message) {
            super(message);
        }
    }

    /**
     * The only DNS the image client has: it answers for the one host of the URL being fetched, looks it up once (a
     * redirect on the same host reuses the answer), and refuses the whole answer if any address is not public (unless
     * the host is the POK origin). The client connects to what this returns, so the address checked is the address
     * used: a second, different DNS answer (rebinding) never gets a say.
     */
    static final class CheckedDns implements DnsResolver {
        private final String host;
        private final boolean trusted;
        private final Resolver resolver;
        private InetAddress[] checked;

        CheckedDns(String host, boolean trusted, Resolver resolver) {
            this.host = host;
            this.trusted = trusted;
            this.resolver = resolver;
        }

        @Override
        public synchronized InetAddress[] resolve(String name) throws UnknownHostException {
            if (!host.equalsIgnoreCase(name)) {
                throw new RefusedAddressException(name + " is not the host that was checked");
            }
            if (checked == null) {
                InetAddress[] addresses = resolver.resolve(name);
                if (addresses.length == 0) {
                    throw new UnknownHostException(name);
                }
                if (!trusted) {
                    for (InetAddress address : addresses) {
                        Optional<String> reason = ImageAddresses.refusal(address);
                        if (reason.isPresent()) {
                            throw new RefusedAddressException("resolves to a " + reason.get());
                        }
                    }
                }
                checked = addresses.clone();
            }
            return checked.clone();
        }

        @Override
        public String resolveCanonicalHostname(String name) {
            return name;
        }
    }

    /** A DNS look-up; tests pass their own to count them. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private FetchedImage checked(String subject, java.util.function.UnaryOperator<String> fileName,
            ClassicHttpResponse response, CloseableHttpClient http) throws IOException {
        if (response.getCode() / 100 != 2) {
            throw refused(subject, "POK answered HTTP " + response.getCode() + " for the image");
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            throw refused(subject, "POK's image answer has no body");
        }
        String mediaType = Optional.ofNullable(response.getFirstHeader("Content-Type")).map(Header::getValue)
                .map(type -> type.split(";")[0].strip().toLowerCase(Locale.ROOT)).orElse("");
        if (!mediaType.matches("image/[a-z0-9.+-]+")) {
            throw refused(subject, "POK's image is not an image (Content-Type '" + mediaType + "')");
        }
        long length = entity.getContentLength();
        if (length > maxBytes) {
            throw refused(subject, "image larger than " + maxBytes + " bytes");
        }
        InputStream body = entity.getContent();
        if (length < 0) {
            // Unknown size: read it (at most the cap) now, so that an oversized image is a clean 502, not a cut file.
            byte[] bytes = body.readNBytes((int) maxBytes + 1);
            body.close();
            if (bytes.length > maxBytes) {
                throw refused(subject, "image larger than " + maxBytes + " bytes");
            }
            body = new ByteArrayInputStream(bytes);
            length = bytes.length;
            closeQuietly(response);
            closeQuietly(http);
            return new FetchedImage(mediaType, length, body, fileName.apply(mediaType), maxBytes, () -> { });
        }
        return new FetchedImage(mediaType, length, body, fileName.apply(mediaType), maxBytes, () -> {
            closeQuietly(response);
            closeQuietly(http);
        });
    }

    private Optional<Certificate> findCertificate(String publicId) {
        // Public ids are 22 URL-safe characters; anything else cannot exist, so it costs no query.
        return publicId != null && publicId.matches("[A-Za-z0-9_-]{1,32}") ? certificates.findByPublicId(publicId)
                : Optional.empty();
    }

    /** An absolute http(s) URL with a host, or empty. */
    static Optional<URI> parse(String url) {
        try {
            URI uri = new URI(url.strip());
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Same scheme, host and port. */
    static boolean sameOrigin(URI uri, URI base) {
        return uri.getScheme() != null && uri.getHost() != null && uri.getScheme().equalsIgnoreCase(base.getScheme())
                && uri.getHost().equalsIgnoreCase(base.getHost()) && port(uri) == port(base);
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

    /** A client for one fetch: its only DNS is the fetch's {@link CheckedDns}, it follows no redirect itself. */
    private static CloseableHttpClient client(CheckedDns dns, Duration timeout) {
        Timeout t = Timeout.of(timeout);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(dns)
                        .setMaxConnTotal(1)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(t)
                                .setSocketTimeout(t).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(t).setResponseTimeout(t)
                        .setRedirectsEnabled(false).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("openedx-pok")
                .build();
    }

    private static ImageUnavailableException refused(String subject, String reason) {
        log.warn("Image {} unavailable: {}", subject, reason);
        return new ImageUnavailableException(HttpStatus.BAD_GATEWAY, reason);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }
}
