package com.openedxpok.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The whole typed configuration of the service, read once at start-up by {@link ServiceConfigLoader}.
 * Later capabilities add their own nested record here so that every setting is validated in one place.
 */
public record ServiceConfig(Service service, Pok pok, OpenEdx openedx, Issuance issuance, Rendering rendering,
        Lms lms, Admin admin, EventBus eventBus) {

    /**
     * @param publicUrl the address at which browsers and Open edX reach this service, ending with '/'; empty when
     *                  not configured (then {@link PublicUrl} derives it from the local port)
     * @param trustedProxies the reverse proxies in front of the whole service: only their {@code X-Forwarded-For} and
     *                       {@code X-Forwarded-Proto} are read; empty means none
     */
    public record Service(Optional<URI> publicUrl, List<IpNetwork> trustedProxies) {

        public Service {
            trustedProxies = List.copyOf(trustedProxies);
        }

        public boolean httpsPublicUrl() {
            return publicUrl.isPresent() && "https".equalsIgnoreCase(publicUrl.get().getScheme());
        }
    }

    /** Settings that tell us how to talk to POK. Secrets are held in {@link Secret} so they never print. */
    public record Pok(
            URI apiUrl,
            Secret apiKey,
            String templateId,
            String pageId,
            Duration timeout,
            PokDateFormat dateFormat,
            String defaultLanguageTag) {

        /** Without an API key the service runs in demo mode against its built-in POK simulator. */
        public boolean demoMode() {
            return apiKey.isEmpty();
        }

        public Optional<String> defaultTemplateId() {
            return Optional.ofNullable(templateId);
        }

        public Optional<String> defaultPageId() {
            return Optional.ofNullable(pageId);
        }
    }

    /**
     * How Open edX reaches us.
     *
     * @param platformName          the platform's display name, for templates with a platform parameter (empty if
     *                              unknown)
     * @param previousWebhookToken  also accepted while a rotation is under way; empty when not set
     * @param allowedNetworks       where Open edX's calls may come from; empty means from anywhere
     * @param trustedProxies        peers whose {@code X-Forwarded-For} names the caller; empty means none
     */
    public record OpenEdx(Secret webhookToken, boolean webhookTokenGenerated, Optional<String> platformName,
            Secret previousWebhookToken, List<IpNetwork> allowedNetworks, List<IpNetwork> trustedProxies) {

        public OpenEdx {
            allowedNetworks = List.copyOf(allowedNetworks);
            trustedProxies = List.copyOf(trustedProxies);
        }
    }

    /**
     * Who gets a certificate and how the background issuance behaves.
     *
     * @param eligibleModes    enrollment modes that get a certificate; empty means every mode but {@code audit}
     * @param retryMaxAge      how long retryable failures are retried before the certificate is FAILED
     * @param uncertainPok     what to do when a {@code pok} emission may or may not have reached POK
     * @param uncertainBlockchain the same for {@code blockchain} emissions, which spend credits
     * @param learnerChange    what to do when Open edX reports another name or email for an emitted certificate
     */
    public record Issuance(
            boolean issueForAllCourses,
            Set<String> eligibleModes,
            int maxConcurrency,
            double maxRequestsPerSecond,
            Duration retryBaseDelay,
            Duration retryMaxDelay,
            Duration retryMaxAge,
            UncertainPolicy uncertainPok,
            UncertainPolicy uncertainBlockchain,
            Duration uncertainRetryDelay,
            Duration pollMaxDelay,
            LearnerChangePolicy learnerChange) {

        public boolean isModeEligible(String mode) {
            String normalized = mode == null ? "" : mode.strip().toLowerCase(java.util.Locale.ROOT);
            return eligibleModes.isEmpty() ? !normalized.equals("audit") : eligibleModes.contains(normalized);
        }

        public UncertainPolicy uncertainPolicy(com.openedxpok.kernel.EmissionType type) {
            return type == com.openedxpok.kernel.EmissionType.BLOCKCHAIN ? uncertainBlockchain : uncertainPok;
        }
    }

    /**
     * The Open edX REST API (OAuth2 client credentials, JWT). Optional: without {@code LMS_URL} the service works from
     * the webhook payloads alone.
     *
     * @param lmsUrl       the LMS base URL, ending with '/'; empty when the API is not configured
     * @param cmsUrl       the Studio base URL, ending with '/'; empty when signatories are only learned from render
     *                     contexts
     * @param clientSecret never logged; {@link Secret} prints as {@code ****}
     * @param timeout      the longest one request may take, answer included
     * @param maxAttempts  attempts per call on a timeout, a connection failure, 429 or 5xx (1 means no retry)
     * @param cacheTtl     how long course, account, language and signatory answers are reused
     */
    public record Lms(
            Optional<URI> lmsUrl,
            Optional<URI> cmsUrl,
            String clientId,
            Secret clientSecret,
            Duration timeout,
            int maxAttempts,
            Duration cacheTtl) {

        public boolean configured() {
            return lmsUrl.isPresent();
        }
    }

    /** What happens when Open edX reports a new name or email for a learner whose certificate is emitted. */
    public enum LearnerChangePolicy {
        /** Listed under "needs re-issue" for an operator to re-issue or dismiss. */
        LIST,
        /** {@code pok} emissions are re-issued at once; {@code blockchain} ones (a credit each) are listed. */
        REISSUE_POK
    }

    /** What happens to a certificate whose issue request may or may not have reached POK. */
    public enum UncertainPolicy {
        /** Submit again after a delay, accepting a small risk of a duplicate credential. */
        RETRY,
        /** Wait for an operator to check POK and decide. */
        HOLD
    }

    /**
     * How the learner's certificate page is answered and looks.
     *
     * @param mode        what the render webfilter answers for an emitted certificate
     * @param imageMaxAge POK's image URL may be temporary: older than this, it is refreshed in the background
     * @param theme       the page's colours
     */
    public record Rendering(RenderMode mode, Duration imageMaxAge, Theme theme) {
    }

    /** {@code POK_RENDER_MODE}. */
    public enum RenderMode {
        /** Open edX shows our own certificate page (RenderCustomResponse). */
        PAGE,
        /** Open edX redirects the learner to POK's view URL (RedirectToPage). */
        REDIRECT
    }

    /**
     * The page's two configurable colours, each {@code #rrggbb} (lower case). Text colours are derived from them so
     * that any choice stays readable.
     */
    public record Theme(String primaryColor, String backgroundColor) {
    }

    /**
     * The operator console and REST API.
     *
     * @param username        the first administrator's name ({@code POK_ADMIN_USERNAME}); empty when not set
     * @param password        its password; empty exactly when {@code username} is
     * @param sessionTimeout  a console session ends after this long without a request
     * @param lockoutAttempts failed logins in a row that lock a username
     * @param lockoutDuration how long a locked username stays locked
     * @param lowCredits      below this many POK credits the dashboard warns, if a course issues blockchain emissions
     */
    public record Admin(
            Optional<String> username,
            Secret password,
            Duration sessionTimeout,
            int lockoutAttempts,
            Duration lockoutDuration,
            long lowCredits) {
    }

    /**
     * Open edX's Redis event bus ({@code openedx.eventbus}): certificate events read from a Redis stream by a consumer
     * group, so that events sent while this service is down wait for it.
     *
     * @param redisUrl    {@code redis://[:password@]host:port[/db]} or {@code rediss://…}; empty means the consumer is
     *                    off. A secret: it may carry Redis's password
     * @param topicPrefix Open edX's {@code EVENT_BUS_TOPIC_PREFIX}; the stream is
     *                    {@code <prefix>-learning-certificate-lifecycle}
     * @param group       the consumer group every instance of this service shares
     * @param consumer    this instance's name in the group (unique per instance)
     * @param claimIdle   entries another consumer read and did not acknowledge for this long are taken over
     */
    public record EventBus(Secret redisUrl, String topicPrefix, String group, String consumer, Duration claimIdle) {

        public static final String TOPIC = "learning-certificate-lifecycle";

        public boolean enabled() {
            return !redisUrl.isEmpty();
        }

        public String stream() {
            return topicPrefix + "-" + TOPIC;
        }
    }
}
