package com.openedxpok.pok;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The production {@link PokClient}: one pooled HTTP client per endpoint. It never retries and never follows
 * redirects; it reports each failure with its {@link PokFailure} and leaves the decision to the caller.
 */
public class HttpPokClient implements PokClient, AutoCloseable {

    public static final int DEFAULT_MAX_CONNECTIONS = 64;
    static final String METRIC = "pok.client.requests";

    private static final Logger log = LoggerFactory.getLogger(HttpPokClient.class);
    private static final ContentType JSON = ContentType.create("application/json");
    /** A POK answer is a few kilobytes; a body beyond this is not one, and must not exhaust memory. */
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /**
     * A pooled connection idle for longer is checked before reuse: POK (or a proxy) may have closed it, and sending
     * an issue request into a dead connection would turn a harmless reconnect into an AMBIGUOUS failure.
     */
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);

    private final PokEndpoint endpoint;
    private final MeterRegistry registry;
    private final PokFailureClassifier classifier;
    private final CloseableHttpClient http;

    public HttpPokClient(PokEndpoint endpoint, MeterRegistry registry) {
        this(endpoint, registry, DEFAULT_MAX_CONNECTIONS);
    }

    /** @param maxConnections the pool size, in total and for POK's host (there is only one) */
    public HttpPokClient(PokEndpoint endpoint, MeterRegistry registry, int maxConnections) {
        this(endpoint, registry, maxConnections, Clock.systemUTC());
    }

    HttpPokClient(PokEndpoint endpoint, MeterRegistry registry, int maxConnections, Clock clock) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.classifier = new PokFailureClassifier(clock);
        Timeout timeout = Timeout.of(endpoint.timeout());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout)
                                .setSocketTimeout(timeout)
                                .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent("openedx-pok")
                .build();
    }

    @Override
    public IssuedCredential issueCredential(IssueRequest request) {
        Objects.requireNonNull(request, "request");
        return call(PokOperation.ISSUE_CREDENTIAL, "credential", PokJson.issueBody(request),
                PokJson::issuedCredential);
    }

    @Override
    public CredentialDetails credential(String credentialId) {
        return call(PokOperation.CREDENTIAL, "credential/" + segment(credentialId), null,
                PokJson::credentialDetails);
    }

    @Override
    public CredentialImage decryptedImage(String credentialId) {
        return call(PokOperation.DECRYPTED_IMAGE, "credential/" + segment(credentialId) + "/decrypted-image", null,
                PokJson::credentialImage);
    }

    @Override
    public PokTemplate template(String templateId) {
        return call(PokOperation.TEMPLATE, "template/" + segment(templateId), null, PokJson::template);
    }

    @Override
    public List<PokTemplate> templates(int limit) {
        return call(PokOperation.TEMPLATES, "template?limit=" + positive(limit), null, PokJson::templates);
    }

    @Override
    public TemplatePreview previewTemplate(PreviewRequest request) {
        Objects.requireNonNull(request, "request");
        return call(PokOperation.PREVIEW_TEMPLATE, "template/preview", PokJson.previewBody(request),
                PokJson::templatePreview);
    }

    @Override
    public List<PokPage> pages(int limit) {
        return call(PokOperation.PAGES, "page?limit=" + positive(limit), null, PokJson::pages);
    }

    @Override
    public Organization organization() {
        return call(PokOperation.ORGANIZATION, "organization/me", null, PokJson::organization);
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }

    private <T> T call(PokOperation operation, String path, String body, Function<String, T> reader) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            T result = exchange(operation, endpoint.baseUrl().resolve(path), body, reader);
            outcome = "success";
            return result;
        } catch (PokException e) {
            outcome = e.failure().name().toLowerCase(Locale.ROOT);
            throw e;
        } finally {
            sample.stop(Timer.builder(METRIC)
                    .description("Calls to the POK API, by operation and outcome (success or failure class)")
                    .tag("operation", operation.label())
                    .tag("outcome", outcome)
                    .register(registry));
        }
    }

    private <T> T exchange(PokOperation operation, URI uri, String body, Function<String, T> reader) {
        HttpUriRequestBase request = new HttpUriRequestBase(operation.method(), uri);
        request.setHeader(HttpHeaders.AUTHORIZATION, "ApiKey " + endpoint.apiKey().reveal());
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        if (body != null) {
            request.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), JSON));
        }
        String target = request.getMethod() + " " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Set<String> knownValues = new HashSet<>(PokRedactor.sensitiveValues(body));
        knownValues.add(endpoint.apiKey().reveal());
        if (log.isDebugEnabled()) {
            log.debug("POK request {} body={}", target,
                    body == null ? "(none)" : PokRedactor.forLog(body, knownValues));
        }
        long started = System.nanoTime();
        PokAnswer answer;
        try {
            answer = http.execute(request, HttpPokClient::read);
        } catch (IOException e) {
            log.debug("POK response to {}: no answer after {} ms ({})", target, millisSince(started),
                    e.getClass().getSimpleName());
            throw classifier.classify(operation, new PokFailureClassifier.NoAnswer(e));
        }
        if (log.isDebugEnabled()) {
            log.debug("POK response to {}: HTTP {} after {} ms body={}", target, answer.status(),
                    millisSince(started), PokRedactor.forLog(answer.body(), knownValues));
        }
        if (!answer.isSuccess()) {
            throw classifier.classify(operation, new PokFailureClassifier.Refused(answer, knownValues));
        }
        try {
            return reader.apply(answer.body());
        } catch (PokJson.Unreadable e) {
            throw classifier.classify(operation, new PokFailureClassifier.Unusable(answer, e.getMessage()));
        }
    }

    private static PokAnswer read(ClassicHttpResponse response) throws IOException {
        HttpEntity entity = response.getEntity();
        String body = "";
        if (entity != null) {
            ContentType type = ContentType.parseLenient(entity.getContentType());
            // JSON is UTF-8 unless POK says otherwise; HttpClient's own default would be ISO-8859-1.
            Charset charset = type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
            body = new String(EntityUtils.toByteArray(entity, MAX_BODY_BYTES), charset);
        }
        return new PokAnswer(response.getCode(), header(response, HttpHeaders.RETRY_AFTER),
                header(response, HttpHeaders.LOCATION), body);
    }

    private static String header(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    /** An id as one path segment, so that no id can reach another path. */
    private static String segment(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a POK id must not be blank");
        }
        return URLEncoder.encode(id.strip(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return limit;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
