package com.openedxpok.lms;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.lms.LmsException.Kind;

/**
 * HTTP to the Open edX API: the OAuth2 client-credentials token (JWT), cached and refreshed before it expires; one
 * fresh token and one retry when a call is answered 401; every request bounded by the timeout (the whole answer, not
 * only the connection) and retried a bounded number of times on timeouts, connection failures, 429 and 5xx.
 * Nothing secret or personal is logged: operations are named, URLs are not.
 */
public class LmsHttp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LmsHttp.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Open edX answers are a few kilobytes; a page of 100 grades is far below this. */
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
    /** A token is renewed this long before it expires, or at half its life when it lives shorter than twice this. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /** Retry-After beyond this is not waited for inside one call: the caller tries again later instead. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    private final ServiceConfig.Lms settings;
    private final Clock clock;
    private final Duration backoffBase;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Object tokenLock = new Object();
    private volatile AccessToken token;

    /** An access token and when to stop using it. The value is never printed. */
    record AccessToken(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "AccessToken[refreshAt=" + refreshAt + "]";
        }
    }

    /** An answer: its status and, for 2xx, its JSON body (never null then). */
    record Answer(int status, JsonNode body) {
    }

    public LmsHttp(ServiceConfig.Lms settings, Clock clock) {
        this(settings, clock, Duration.ofMillis(250));
    }

    LmsHttp(ServiceConfig.Lms settings, Clock clock, Duration backoffBase) {
        this.settings = settings;
        this.clock = clock;
        this.backoffBase = backoffBase;
        // Daemon threads: a request abandoned at its timeout must never keep the JVM alive.
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "lms-http");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    public boolean configured() {
        return settings.configured();
    }

    public ServiceConfig.Lms settings() {
        return settings;
    }

    /**
     * GET with the access token. A 404 is an answer ({@link Answer#status()}), not a failure.
     *
     * @throws LmsException when no usable answer came within the allowed attempts
     */
    Answer get(URI uri, LmsOperation operation) {
        boolean refreshed = false;
        int attempt = 1;
        while (true) {
            String accessToken = accessToken();
            HttpRequest request = HttpRequest.newBuilder(uri).GET()
                    .header("Authorization", "JWT " + accessToken)
                    .header("Accept", "application/json")
                    .timeout(settings.timeout())
                    .build();
            Outcome outcome = exchange(request, operation);
            if (outcome instanceof Received received) {
                int status = received.status();
                if (status == 401 && !refreshed) {
                    // The token may have been revoked or expired early: one fresh token, one more try.
                    invalidate(accessToken);
                    refreshed = true;
                    continue;
                }
                if (status == 401) {
                    throw new LmsException(Kind.REFUSED, "The LMS refused a fresh access token for the "
                            + operation.label() + " call (HTTP 401): check the OAuth2 application's user");
                }
                if (status == 403) {
                    throw new LmsException(Kind.REFUSED, "The LMS does not let the OAuth2 application's user read the "
                            + operation.label() + " (HTTP 403): it must be a staff user");
                }
                if (status == 404) {
                    return new Answer(404, null);
                }
                if (status >= 200 && status < 300) {
                    return new Answer(status, parse(received.body(), operation));
                }
                if (!retryable(status)) {
                    throw new LmsException(Kind.BAD_RESPONSE, "The LMS answered the " + operation.label()
                            + " call with HTTP " + status);
                }
            }
            if (attempt >= settings.maxAttempts() || !waitBeforeRetry(outcome, attempt, operation)) {
                throw unavailable(outcome, operation, attempt);
            }
            attempt++;
        }
    }

    /** The cached token, or a new one when there is none or it is about to expire. */
    String accessToken() {
        AccessToken current = token;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.value();
        }
        synchronized (tokenLock) {
            current = token;
            if (current == null || !clock.instant().isBefore(current.refreshAt())) {
                current = fetchToken();
                token = current;
            }
            return current.value();
        }
    }

    /** Forgets {@code used} if it is still the cached token (another thread may already have replaced it). */
    void invalidate(String used) {
        synchronized (tokenLock) {
            if (token != null && token.value().equals(used)) {
                token = null;
            }
        }
    }

    private AccessToken fetchToken() {
        if (!configured()) {
            throw new LmsException(Kind.NOT_CONFIGURED, "The Open edX API is not configured (LMS_URL)");
        }
        String form = "grant_type=client_credentials&token_type=jwt"
                + "&client_id=" + URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(settings.clientSecret().reveal(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(settings.lmsUrl().orElseThrow().resolve("oauth2/access_token"))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .timeout(settings.timeout())
                .build();
        Instant requestedAt = clock.instant();
        int attempt = 1;
        while (true) {
            Outcome outcome = exchange(request, LmsOperation.TOKEN);
            if (outcome instanceof Received received) {
                int status = received.status();
                if (status >= 200 && status < 300) {
                    return token(parse(received.body(), LmsOperation.TOKEN), requestedAt);
                }
                if (status == 400 || status == 401 || status == 403) {
                    throw new LmsException(Kind.REFUSED, "The LMS refused the OAuth2 client credentials "
                            + "(OPENEDX_CLIENT_ID / OPENEDX_CLIENT_SECRET): HTTP " + status + oauthError(received));
                }
                if (!retryable(status)) {
                    throw new LmsException(Kind.BAD_RESPONSE, "The LMS answered the token request with HTTP " + status);
                }
            }
            if (attempt >= settings.maxAttempts() || !waitBeforeRetry(outcome, attempt, LmsOperation.TOKEN)) {
                throw unavailable(outcome, LmsOperation.TOKEN, attempt);
            }
            attempt++;
        }
    }

    private AccessToken token(JsonNode body, Instant requestedAt) {
        JsonNode value = body.get("access_token");
        if (value == null || !value.isTextual() || value.asString().isBlank()) {
            throw new LmsException(Kind.BAD_RESPONSE, "The LMS token answer has no access_token");
        }
        JsonNode expiresIn = body.get("expires_in");
        long seconds = expiresIn != null && expiresIn.canConvertToLong() ? expiresIn.asLong() : 0;
        if (expiresIn != null && expiresIn.isTextual()) {
            try {
                seconds = Long.parseLong(expiresIn.asString().strip());
            } catch (NumberFormatException e) {
                seconds = 0;
            }
        }
        // Counted from when we asked, not when the answer came: the token's clock started at the LMS before that.
        Duration lifetime = Duration.ofSeconds(Math.max(0, seconds));
        Duration margin = lifetime.compareTo(REFRESH_MARGIN.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : REFRESH_MARGIN;
        return new AccessToken(value.asString().strip(), requestedAt.plus(lifetime).minus(margin));
    }

    /** Only the OAuth2 error code ({@code invalid_client}), which is short and never secret. */
    private static String oauthError(Received received) {
        try {
            JsonNode body = JSON.readTree(received.body());
            JsonNode error = body == null ? null : body.get("error");
            if (error != null && error.isTextual() && error.asString().matches("[a-z_]{1,40}")) {
                return " (" + error.asString() + ")";
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // no code to report
        }
        return "";
    }

    private sealed interface Outcome {
    }

    private record Received(int status, byte[] body, Optional<Duration> retryAfter) implements Outcome {
    }

    private record NoAnswer(String problem) implements Outcome {
    }

    /** One request, bounded as a whole by the timeout (a server that drips its answer is cut off too). */
    private Outcome exchange(HttpRequest request, LmsOperation operation) {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            byte[] body = response.body() == null ? new byte[0] : response.body();
            if (body.length > MAX_BODY_BYTES) {
                throw new LmsException(Kind.BAD_RESPONSE, "The LMS answer to the " + operation.label()
                        + " call is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MiB");
            }
            return new Received(response.statusCode(), body, retryAfter(response));
        } catch (TimeoutException e) {
            future.cancel(true);
            return new NoAnswer("no answer within " + settings.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                return new NoAnswer("no answer within " + settings.timeout().toMillis() + " ms");
            }
            if (cause instanceof ConnectException) {
                return new NoAnswer("cannot connect");
            }
            if (cause instanceof IOException) {
                return new NoAnswer("connection failed (" + cause.getClass().getSimpleName() + ")");
            }
            throw new LmsException(Kind.BAD_RESPONSE, "The " + operation.label() + " call failed: "
                    + (cause == null ? e : cause).getClass().getSimpleName(), cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new LmsException(Kind.UNAVAILABLE, "Interrupted while waiting for the LMS");
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /** Sleeps before the next attempt; false when the LMS asked for a longer wait than one call may take. */
    private boolean waitBeforeRetry(Outcome outcome, int attempt, LmsOperation operation) {
        Duration delay = backoffBase.multipliedBy(1L << Math.min(attempt - 1, 4));
        if (outcome instanceof Received received && received.retryAfter().isPresent()) {
            if (received.retryAfter().get().compareTo(MAX_RETRY_AFTER) > 0) {
                return false;
            }
            delay = received.retryAfter().get().compareTo(delay) > 0 ? received.retryAfter().get() : delay;
        }
        log.debug("Open edX {} call: attempt {} failed, next in {} ms", operation.label(), attempt, delay.toMillis());
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static LmsException unavailable(Outcome outcome, LmsOperation operation, int attempts) {
        String problem = outcome instanceof Received received ? "HTTP " + received.status()
                : ((NoAnswer) outcome).problem();
        return new LmsException(Kind.UNAVAILABLE, "The LMS did not answer the " + operation.label() + " call: "
                + problem + " (" + attempts + (attempts == 1 ? " attempt)" : " attempts)"));
    }

    private static JsonNode parse(byte[] body, LmsOperation operation) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new LmsException(Kind.BAD_RESPONSE, "The LMS answer to the " + operation.label()
                        + " call is empty");
            }
            return node;
        } catch (JacksonException e) {
            throw new LmsException(Kind.BAD_RESPONSE, "The LMS answer to the " + operation.label()
                    + " call is not JSON");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
