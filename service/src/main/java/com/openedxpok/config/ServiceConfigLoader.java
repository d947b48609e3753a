package com.openedxpok.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.function.Function;

import org.springframework.core.env.Environment;

import com.openedxpok.kernel.Texts;

/**
 * Reads every setting by the environment variable name that operators know from the original plugin, and turns
 * each bad value into one {@link InvalidConfigurationException} that names the variable. Spring's relaxed binding
 * means {@code POK_TIMEOUT} and the property {@code pok.timeout} are the same setting.
 */
public final class ServiceConfigLoader {

    static final String DEFAULT_API_URL = "https://api.pok.tech/";
    static final int DEFAULT_TIMEOUT_SECONDS = 20;
    static final String DEFAULT_IMAGE_MAX_AGE = "PT12H";
    /** White text on this blue and this blue on white both reach 4.5:1 (WCAG AA); see docs/configuration.md. */
    static final String DEFAULT_PRIMARY_COLOR = "#1d4ed8";
    static final String DEFAULT_BACKGROUND_COLOR = "#ffffff";

    private final Environment env;

    public ServiceConfigLoader(Environment env) {
        this.env = env;
    }

    public ServiceConfig load() {
        ServiceConfig.Pok pok = loadPok();
        ServiceConfig.Service service = loadService();
        return new ServiceConfig(service, pok, loadOpenEdx(pok.demoMode(), service), loadIssuance(pok),
                loadRendering(), loadLms(), loadAdmin(), loadEventBus());
    }

    private ServiceConfig.EventBus loadEventBus() {
        Secret url = Secret.of(Texts.blankToNull(env.getProperty("openedx.event-bus-redis-url")));
        if (!url.isEmpty()) {
            boolean valid = url.reveal().matches("(?i)rediss?://[^\\s]+");
            try {
                valid = valid && io.lettuce.core.RedisURI.create(url.reveal()).getHost() != null;
            } catch (RuntimeException e) {
                valid = false;
            }
            if (!valid) {
                // Not echoed: the URL may carry Redis's password.
                throw new InvalidConfigurationException("OPENEDX_EVENT_BUS_REDIS_URL",
                        "is not a Redis URL such as redis://redis:6379/0 (or rediss:// for TLS)");
            }
        }
        String name = "[A-Za-z0-9._:-]{1,100}";
        String prefix = parse("OPENEDX_EVENT_BUS_TOPIC_PREFIX", "openedx.event-bus-topic-prefix", "dev",
                text -> matching(text, name, "must be 1 to 100 letters, digits or . _ : -"));
        String group = parse("OPENEDX_EVENT_BUS_GROUP", "openedx.event-bus-group", "openedx-pok",
                text -> matching(text, name, "must be 1 to 100 letters, digits or . _ : -"));
        String consumer = parse("OPENEDX_EVENT_BUS_CONSUMER", "openedx.event-bus-consumer", defaultConsumerName(),
                text -> matching(text, name, "must be 1 to 100 letters, digits or . _ : -"));
        Duration claimIdle = parse("OPENEDX_EVENT_BUS_CLAIM_IDLE", "openedx.event-bus-claim-idle", "60s",
                ServiceConfigLoader::duration);
        return new ServiceConfig.EventBus(url, prefix, group, consumer, claimIdle);
    }

    /** The host name is unique per container or pod, and stable across restarts of the same one. */
    private static String defaultConsumerName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "instance";
            }
        }
        String cleaned = host.replaceAll("[^A-Za-z0-9._:-]", "-");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) : cleaned;
    }

    private static String matching(String text, String pattern, String message) {
        if (!text.matches(pattern)) {
            throw new IllegalArgumentException(message);
        }
        return text;
    }

    private ServiceConfig.Service loadService() {
        String raw = env.getProperty("public-url");
        String strategy = env.getProperty("server.forward-headers-strategy", "none").strip();
        if (strategy.equalsIgnoreCase("framework")) {
            // Spring's ForwardedHeaderFilter believes every caller's X-Forwarded-* headers.
            throw new InvalidConfigurationException("SERVER_FORWARD_HEADERS_STRATEGY",
                    "must not be 'framework' (it trusts anyone's X-Forwarded-* headers): set TRUSTED_PROXIES instead");
        }
        return new ServiceConfig.Service(raw == null || raw.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(parse("PUBLIC_URL", "public-url", raw, ServiceConfigLoader::httpUrl)),
                networks("TRUSTED_PROXIES", "trusted-proxies"));
    }

    private ServiceConfig.Pok loadPok() {
        URI apiUrl = parse("POK_API_URL", "pok.api-url", DEFAULT_API_URL, ServiceConfigLoader::httpUrl);
        Secret apiKey = Secret.of(env.getProperty("pok.api-key"));
        String templateId = Texts.blankToNull(env.getProperty("pok.template-id"));
        String pageId = Texts.blankToNull(env.getProperty("pok.page-id"));
        Duration timeout = parse("POK_TIMEOUT", "pok.timeout", String.valueOf(DEFAULT_TIMEOUT_SECONDS),
                ServiceConfigLoader::positiveSeconds);
        PokDateFormat dateFormat = parse("POK_DATE_FORMAT", "pok.date-format", PokDateFormat.DAY_MONTH_YEAR.pattern(),
                text -> PokDateFormat.fromPattern(text).orElseThrow(
                        () -> new IllegalArgumentException("must be dd/MM/yyyy or MM/dd/yyyy")));
        String languageTag = parse("POK_DEFAULT_LANGUAGE_TAG", "pok.default-language-tag", "en-US",
                ServiceConfigLoader::languageTagWithRegion);
        return new ServiceConfig.Pok(apiUrl, apiKey, templateId, pageId, timeout, dateFormat, languageTag);
    }

    private ServiceConfig.OpenEdx loadOpenEdx(boolean demoMode, ServiceConfig.Service service) {
        Secret token = Secret.of(env.getProperty("openedx.webhook-token"));
        Secret previous = Secret.of(env.getProperty("openedx.webhook-token-previous"));
        java.util.List<IpNetwork> allowed = networks("OPENEDX_ALLOWED_NETWORKS", "openedx.allowed-networks");
        // The proxies in front of the whole service are in front of /openedx/** too, unless told otherwise.
        java.util.List<IpNetwork> proxies = env.getProperty("openedx.trusted-proxies") == null
                ? service.trustedProxies() : networks("OPENEDX_TRUSTED_PROXIES", "openedx.trusted-proxies");
        if (!token.isEmpty()) {
            checkWebhookToken("OPENEDX_WEBHOOK_TOKEN", token);
            if (!previous.isEmpty()) {
                checkWebhookToken("OPENEDX_WEBHOOK_TOKEN_PREVIOUS", previous);
                if (previous.reveal().equals(token.reveal())) {
                    throw new InvalidConfigurationException("OPENEDX_WEBHOOK_TOKEN_PREVIOUS",
                            "is the same as OPENEDX_WEBHOOK_TOKEN: set it to the old token while rotating, or remove it");
                }
            }
            return new ServiceConfig.OpenEdx(token, false, platformName(demoMode), previous, allowed, proxies);
        }
        if (!previous.isEmpty()) {
            throw new InvalidConfigurationException("OPENEDX_WEBHOOK_TOKEN_PREVIOUS",
                    "is set but OPENEDX_WEBHOOK_TOKEN is not: a previous token only makes sense beside a current one");
        }
        if (!demoMode) {
            // A token generated per run would change the webhook URLs at every restart and silently cut Open edX off.
            throw new InvalidConfigurationException("OPENEDX_WEBHOOK_TOKEN",
                    "is required when POK_API_KEY is set (a random secret of at least 16 characters)");
        }
        return new ServiceConfig.OpenEdx(Secret.of(randomToken()), true, platformName(true), Secret.empty(), allowed,
                proxies);
    }

    /** The value itself never appears in a message: it is a secret. */
    private static void checkWebhookToken(String variable, Secret token) {
        if (token.reveal().length() < 16) {
            throw new InvalidConfigurationException(variable,
                    "must be at least 16 characters long (it is the only thing that protects the webhook URLs)");
        }
        if (!token.reveal().matches("[A-Za-z0-9._~-]+")) {
            throw new InvalidConfigurationException(variable,
                    "may only contain letters, digits and . _ ~ - (it is pasted into a URL)");
        }
    }

    /** A comma-separated list of CIDRs; blank means none. */
    private java.util.List<IpNetwork> networks(String variable, String property) {
        String raw = env.getProperty(property);
        java.util.List<IpNetwork> networks = new java.util.ArrayList<>();
        if (raw != null) {
            for (String entry : raw.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    networks.add(IpNetwork.parse(entry));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationException(variable, e.getMessage()
                            + "; expected comma-separated networks such as 10.0.0.0/8,172.16.0.0/12,::1/128");
                }
            }
        }
        return java.util.List.copyOf(networks);
    }

    private java.util.Optional<String> platformName(boolean demoMode) {
        String name = Texts.blankToNull(env.getProperty("openedx.platform-name"));
        return java.util.Optional.ofNullable(name != null ? name : demoMode ? "Open edX (demo)" : null);
    }

    private ServiceConfig.Issuance loadIssuance(ServiceConfig.Pok pok) {
        boolean forAll = parse("POK_ISSUE_FOR_ALL_COURSES", "pok.issue-for-all-courses", "false",
                ServiceConfigLoader::bool);
        if (forAll && pok.templateId() == null) {
            throw new InvalidConfigurationException("POK_ISSUE_FOR_ALL_COURSES",
                    "is true but POK_TEMPLATE_ID is not set: courses without a course template need a default template");
        }
        java.util.Set<String> modes = parse("POK_ELIGIBLE_MODES", "pok.eligible-modes", "", text -> {
            java.util.Set<String> set = new java.util.TreeSet<>();
            for (String mode : text.split(",")) {
                if (!mode.isBlank()) {
                    set.add(mode.strip().toLowerCase(Locale.ROOT));
                }
            }
            return java.util.Set.copyOf(set);
        });
        int concurrency = parse("POK_MAX_CONCURRENCY", "pok.max-concurrency", "8", text -> intBetween(text, 1, 256));
        double rate = parse("POK_MAX_REQUESTS_PER_SECOND", "pok.max-requests-per-second", "20", text -> {
            try {
                double value = Double.parseDouble(text);
                if (!(value > 0 && value <= 10_000)) {
                    throw new IllegalArgumentException("must be more than 0 and at most 10000");
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a number");
            }
        });
        Duration baseDelay = parse("POK_RETRY_BASE_DELAY", "pok.retry-base-delay", "10s", ServiceConfigLoader::duration);
        Duration maxDelay = parse("POK_RETRY_MAX_DELAY", "pok.retry-max-delay", "15m", ServiceConfigLoader::duration);
        Duration maxAge = parse("POK_RETRY_MAX_AGE", "pok.retry-max-age", "24h", ServiceConfigLoader::duration);
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new InvalidConfigurationException("POK_RETRY_MAX_DELAY", "must not be shorter than POK_RETRY_BASE_DELAY");
        }
        ServiceConfig.UncertainPolicy uncertainPok = parse("POK_UNCERTAIN_POLICY_POK", "pok.uncertain-policy-pok",
                "retry", ServiceConfigLoader::uncertainPolicy);
        ServiceConfig.UncertainPolicy uncertainBlockchain = parse("POK_UNCERTAIN_POLICY_BLOCKCHAIN",
                "pok.uncertain-policy-blockchain", "hold", ServiceConfigLoader::uncertainPolicy);
        Duration uncertainDelay = parse("POK_UNCERTAIN_RETRY_DELAY", "pok.uncertain-retry-delay", "5m",
                ServiceConfigLoader::duration);
        Duration pollMax = parse("POK_POLL_MAX_DELAY", "pok.poll-max-delay", "5m", ServiceConfigLoader::duration);
        ServiceConfig.LearnerChangePolicy learnerChange = parse("POK_REISSUE_ON_LEARNER_CHANGE",
                "pok.reissue-on-learner-change", "list", text -> switch (text.toLowerCase(Locale.ROOT)) {
                    case "list" -> ServiceConfig.LearnerChangePolicy.LIST;
                    case "reissue-pok" -> ServiceConfig.LearnerChangePolicy.REISSUE_POK;
                    default -> throw new IllegalArgumentException("must be list or reissue-pok");
                });
        return new ServiceConfig.Issuance(forAll, modes, concurrency, rate, baseDelay, maxDelay, maxAge, uncertainPok,
                uncertainBlockchain, uncertainDelay, pollMax, learnerChange);
    }

    /** The LMS API is optional, but half a configuration is a mistake worth stopping for. */
    private ServiceConfig.Lms loadLms() {
        String lmsRaw = Texts.blankToNull(env.getProperty("lms.url"));
        String cmsRaw = Texts.blankToNull(env.getProperty("cms.url"));
        String clientId = Texts.blankToNull(env.getProperty("openedx.client-id"));
        Secret clientSecret = Secret.of(env.getProperty("openedx.client-secret"));
        java.util.Optional<URI> lms = lmsRaw == null ? java.util.Optional.empty()
                : java.util.Optional.of(parse("LMS_URL", "lms.url", lmsRaw, ServiceConfigLoader::httpUrl));
        java.util.Optional<URI> cms = cmsRaw == null ? java.util.Optional.empty()
                : java.util.Optional.of(parse("CMS_URL", "cms.url", cmsRaw, ServiceConfigLoader::httpUrl));
        if (lms.isEmpty()) {
            if (clientId != null || !clientSecret.isEmpty() || cms.isPresent()) {
                String given = clientId != null ? "OPENEDX_CLIENT_ID" : !clientSecret.isEmpty()
                        ? "OPENEDX_CLIENT_SECRET" : "CMS_URL";
                throw new InvalidConfigurationException("LMS_URL",
                        "is not set but " + given + " is: set LMS_URL to use the Open edX API, or remove " + given);
            }
        } else {
            if (clientId == null) {
                throw new InvalidConfigurationException("OPENEDX_CLIENT_ID",
                        "is required with LMS_URL (the client id of the OAuth2 application in the LMS)");
            }
            if (clientSecret.isEmpty()) {
                throw new InvalidConfigurationException("OPENEDX_CLIENT_SECRET",
                        "is required with LMS_URL (the client secret of the OAuth2 application in the LMS)");
            }
        }
        Duration timeout = parse("OPENEDX_API_TIMEOUT", "openedx.api-timeout", "10s", text -> {
            Duration value = duration(text);
            if (value.compareTo(Duration.ofMillis(100)) < 0 || value.compareTo(Duration.ofMinutes(2)) > 0) {
                throw new IllegalArgumentException("must be between 100ms and 2m");
            }
            return value;
        });
        int attempts = parse("OPENEDX_API_MAX_ATTEMPTS", "openedx.api-max-attempts", "3",
                text -> intBetween(text, 1, 10));
        Duration ttl = parse("OPENEDX_API_CACHE_TTL", "openedx.api-cache-ttl", "1h", ServiceConfigLoader::duration);
        return new ServiceConfig.Lms(lms, cms, clientId, clientSecret, timeout, attempts, ttl);
    }

    private ServiceConfig.Admin loadAdmin() {
        String username = Texts.blankToNull(env.getProperty("pok.admin-username"));
        Secret password = Secret.of(env.getProperty("pok.admin-password"));
        if (username != null && !username.matches("[A-Za-z0-9._@+-]{1,150}")) {
            throw new InvalidConfigurationException("POK_ADMIN_USERNAME",
                    "must be 1 to 150 letters, digits or . _ @ + -");
        }
        if (username != null && password.isEmpty()) {
            throw new InvalidConfigurationException("POK_ADMIN_PASSWORD", "is required when POK_ADMIN_USERNAME is set");
        }
        if (username == null && !password.isEmpty()) {
            throw new InvalidConfigurationException("POK_ADMIN_USERNAME", "is required when POK_ADMIN_PASSWORD is set");
        }
        if (!password.isEmpty() && password.reveal().length() < 12) {
            // The value itself is never echoed: it is a password.
            throw new InvalidConfigurationException("POK_ADMIN_PASSWORD", "must be at least 12 characters long");
        }
        Duration sessionTimeout = parse("POK_ADMIN_SESSION_TIMEOUT", "pok.admin-session-timeout", "30m",
                ServiceConfigLoader::duration);
        if (sessionTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new InvalidConfigurationException("POK_ADMIN_SESSION_TIMEOUT", "must be at least 1m");
        }
        int attempts = parse("POK_ADMIN_LOCKOUT_ATTEMPTS", "pok.admin-lockout-attempts", "5",
                text -> intBetween(text, 1, 100));
        Duration lockout = parse("POK_ADMIN_LOCKOUT_DURATION", "pok.admin-lockout-duration", "5m",
                ServiceConfigLoader::duration);
        long lowCredits = parse("POK_LOW_CREDITS_WARNING", "pok.low-credits-warning", "20",
                text -> intBetween(text, 0, 1_000_000));
        return new ServiceConfig.Admin(java.util.Optional.ofNullable(username), password, sessionTimeout, attempts,
                lockout, lowCredits);
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    private static int intBetween(String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number");
        }
    }

    /** Durations as Spring writes them ({@code 90s}, {@code 15m}, {@code 24h}) or ISO-8601 ({@code PT24H}). */
    private static Duration duration(String text) {
        Duration value;
        try {
            value = org.springframework.boot.convert.DurationStyle.detectAndParse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a duration such as 90s, 15m, 24h or PT24H");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("must be a positive duration");
        }
        return value;
    }

    private static ServiceConfig.UncertainPolicy uncertainPolicy(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "retry" -> ServiceConfig.UncertainPolicy.RETRY;
            case "hold" -> ServiceConfig.UncertainPolicy.HOLD;
            default -> throw new IllegalArgumentException("must be retry or hold");
        };
    }

    private ServiceConfig.Rendering loadRendering() {
        ServiceConfig.RenderMode mode = parse("POK_RENDER_MODE", "pok.render-mode", "page", text -> switch (
                text.toLowerCase(Locale.ROOT)) {
            case "page" -> ServiceConfig.RenderMode.PAGE;
            case "redirect" -> ServiceConfig.RenderMode.REDIRECT;
            default -> throw new IllegalArgumentException("must be page or redirect");
        });
        Duration imageMaxAge = parse("POK_IMAGE_MAX_AGE", "pok.image-max-age", DEFAULT_IMAGE_MAX_AGE,
                ServiceConfigLoader::imageMaxAge);
        String primary = parse("POK_THEME_PRIMARY_COLOR", "pok.theme-primary-color", DEFAULT_PRIMARY_COLOR,
                ServiceConfigLoader::hexColor);
        String background = parse("POK_THEME_BACKGROUND_COLOR", "pok.theme-background-color",
                DEFAULT_BACKGROUND_COLOR, ServiceConfigLoader::hexColor);
        return new ServiceConfig.Rendering(mode, imageMaxAge, new ServiceConfig.Theme(primary, background));
    }

    private <T> T parse(String variable, String property, String defaultValue, Function<String, T> parser) {
        String raw = env.getProperty(property);
        String text = raw == null || raw.isBlank() ? defaultValue : raw.strip();
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(variable, "'" + text + "' " + e.getMessage());
        }
    }

    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("is not an http(s) URL such as https://api.pok.tech/");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("must not carry a query or fragment");
            }
            return text.endsWith("/") ? uri : new URI(text + "/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
        }
    }

    private static Duration positiveSeconds(String text) {
        int seconds;
        try {
            seconds = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number of seconds");
        }
        if (seconds <= 0 || seconds > 600) {
            throw new IllegalArgumentException("must be between 1 and 600 seconds");
        }
        return Duration.ofSeconds(seconds);
    }

    private static String languageTagWithRegion(String text) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(text.replace('_', '-')).build();
            if (locale.getLanguage().isEmpty() || locale.getCountry().isEmpty()) {
                throw new IllegalArgumentException("must be a BCP 47 tag with a region, such as en-US or es-419");
            }
            return locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw new IllegalArgumentException("is not a BCP 47 language tag (for example en-US)");
        }
    }

    /** An ISO-8601 duration ({@code PT12H}, {@code P1D}) or a whole number of hours. */
    private static Duration imageMaxAge(String text) {
        Duration age;
        if (text.matches("\\d{1,6}")) {
            age = Duration.ofHours(Long.parseLong(text));
        } else {
            try {
                age = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("is not a duration such as PT12H, P1D or a number of hours");
            }
        }
        if (age.compareTo(Duration.ofMinutes(5)) < 0 || age.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("must be between 5 minutes and 30 days");
        }
        return age;
    }

    private static String hexColor(String text) {
        if (!text.matches("#[0-9A-Fa-f]{6}")) {
            throw new IllegalArgumentException("is not a colour of the form #rrggbb (for example #1d4ed8)");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
