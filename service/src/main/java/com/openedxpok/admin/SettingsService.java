package com.openedxpok.admin;

import com.openedxpok.audit.AuditRepository;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

import com.openedxpok.config.Database;
import com.openedxpok.config.PublicUrl;
import com.openedxpok.config.Secret;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.pok.PokEndpoint;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The Settings page: what the service runs with. Secrets appear only as {@code ****} (through {@code Secret}'s own
 * text); nothing here can reveal them.
 */
@Service
public class SettingsService {

    private final ServiceConfig config;
    private final PokEndpoint endpoint;
    private final PublicUrl publicUrl;
    private final PokStatusService pokStatus;
    private final AuditRepository audit;
    private final OpenedxSelfCheck selfCheck;
    private final DataSource dataSource;
    private final Database database;
    private final Environment environment;

    public SettingsService(ServiceConfig config, PokEndpoint endpoint, PublicUrl publicUrl, PokStatusService pokStatus,
            AuditRepository audit, OpenedxSelfCheck selfCheck, DataSource dataSource, Database database,
            Environment environment) {
        this.config = config;
        this.endpoint = endpoint;
        this.publicUrl = publicUrl;
        this.pokStatus = pokStatus;
        this.audit = audit;
        this.selfCheck = selfCheck;
        this.dataSource = dataSource;
        this.database = database;
        this.environment = environment;
    }

    /** The three URLs openedx-webhooks needs, in the order docs/openedx-setup.md sets them up. */
    enum Hook {
        CREATION("creation", "Creation webfilter", "Webfilters: event Certificate Creation Requested",
                "openedx/webfilters/certificate-creation-requested"),
        RENDER("render", "Render webfilter", "Webfilters: event Certificate Render Started",
                "openedx/webfilters/certificate-render-started"),
        EVENTS("events", "Events webhook", "Webhooks: Certificate revoked, created and changed",
                "openedx/webhooks/events");

        final String id;
        final String label;
        final String where;
        final String path;

        Hook(String id, String label, String where, String path) {
            this.id = id;
            this.label = label;
            this.where = where;
            this.path = path;
        }

        static Optional<Hook> of(String id) {
            return java.util.Arrays.stream(values()).filter(h -> h.id.equals(id)).findFirst();
        }
    }

    public SettingsView view() {
        List<SettingsView.WebhookUrl> urls = java.util.Arrays.stream(Hook.values())
                .map(h -> new SettingsView.WebhookUrl(h.id, h.label, h.where, hookUrl(h, "****"))).toList();
        return new SettingsView(sections(), urls);
    }

    /**
     * The real URL, token included, for the console's copy button: administrators only (the token lets anyone post
     * creation requests), and each copy is in the audit log.
     */
    public Optional<String> webhookUrl(String id, String administrator) {
        Optional<Hook> hook = Hook.of(id);
        hook.ifPresent(h -> audit.operator(administrator, "WEBHOOK_URL_COPIED", h.label, "token included"));
        return hook.map(h -> hookUrl(h, config.openedx().webhookToken().reveal()));
    }

    private String hookUrl(Hook hook, String token) {
        return publicUrl.resolve(hook.path) + "?token=" + token;
    }

    /** "Check from Open edX": the plugin's own calls to this service, and what Open edX would make of them. */
    public OpenedxSelfCheck.OpenedxCheck checkFromOpenedx(String operator) {
        OpenedxSelfCheck.OpenedxCheck check = selfCheck.run();
        audit.operator(operator, "CHECK_FROM_OPENEDX", check.target(), check.ok() ? "OK" : "problem: " + check.calls()
                .stream().filter(c -> !c.ok()).map(OpenedxSelfCheck.Call::outcome).findFirst().orElse("incomplete"));
        return check;
    }

    private List<SettingsView.Section> sections() {
        ServiceConfig.Pok pok = config.pok();
        ServiceConfig.Issuance issuance = config.issuance();
        ServiceConfig.Admin admin = config.admin();
        ServiceConfig.Lms lms = config.lms();
        ServiceConfig.Rendering rendering = config.rendering();
        return List.of(
                section("Service",
                        setting("PORT", port()),
                        setting("PUBLIC_URL", config.service().publicUrl().map(Object::toString)
                                .orElse("(not set: " + publicUrl.base() + ", from the local port)")),
                        setting("TRUSTED_PROXIES", config.service().trustedProxies().isEmpty() ? "none"
                                : joined(config.service().trustedProxies())),
                        setting("MANAGEMENT_PORT", managementPort())),
                section("Database",
                        setting("DATABASE_URL", withoutPassword(jdbcUrl())),
                        setting("Database family", family()),
                        setting("DATABASE_USERNAME", hikari().map(HikariDataSource::getUsername)
                                .orElse(environment.getProperty("spring.datasource.username", ""))),
                        setting("DATABASE_PASSWORD", Secret.of(hikari().map(HikariDataSource::getPassword)
                                .orElse(environment.getProperty("spring.datasource.password")))),
                        setting("DATABASE_POOL_SIZE", hikari().map(h -> (Object) h.getMaximumPoolSize())
                                .orElse("(not a connection pool)")),
                        setting("DATABASE_CONNECTION_TIMEOUT_MS", hikari().map(h -> (Object) h.getConnectionTimeout())
                                .orElse("(not a connection pool)"))),
                section("POK",
                        setting("POK endpoint in use", endpoint.baseUrl()
                                + (endpoint.simulated() ? " (built-in simulator: DEMO MODE)" : "")),
                        setting("POK_API_URL", pok.apiUrl()),
                        setting("POK_API_KEY", pok.apiKey()),
                        setting("POK_TEMPLATE_ID", pok.defaultTemplateId()),
                        setting("POK_PAGE_ID", pok.defaultPageId()),
                        setting("POK_TIMEOUT", pok.timeout()),
                        setting("POK_DATE_FORMAT", pok.dateFormat().pattern()),
                        setting("POK_DEFAULT_LANGUAGE_TAG", pok.defaultLanguageTag())),
                section("Open edX",
                        setting("OPENEDX_WEBHOOK_TOKEN", config.openedx().webhookToken()
                                + (config.openedx().webhookTokenGenerated() ? " (generated for this run)" : "")),
                        setting("OPENEDX_WEBHOOK_TOKEN_PREVIOUS", config.openedx().previousWebhookToken()),
                        setting("OPENEDX_ALLOWED_NETWORKS", config.openedx().allowedNetworks().isEmpty() ? "any source"
                                : joined(config.openedx().allowedNetworks())),
                        setting("OPENEDX_TRUSTED_PROXIES", config.openedx().trustedProxies().isEmpty() ? "none"
                                : joined(config.openedx().trustedProxies())),
                        setting("OPENEDX_PLATFORM_NAME", config.openedx().platformName())),
                section("Issuance",
                        setting("POK_ISSUE_FOR_ALL_COURSES", issuance.issueForAllCourses()),
                        setting("POK_ELIGIBLE_MODES", issuance.eligibleModes().isEmpty() ? "every mode but audit"
                                : String.join(",", issuance.eligibleModes())),
                        setting("POK_MAX_CONCURRENCY", issuance.maxConcurrency()),
                        setting("POK_MAX_REQUESTS_PER_SECOND", issuance.maxRequestsPerSecond()),
                        setting("POK_RETRY_BASE_DELAY", issuance.retryBaseDelay()),
                        setting("POK_RETRY_MAX_DELAY", issuance.retryMaxDelay()),
                        setting("POK_RETRY_MAX_AGE", issuance.retryMaxAge()),
                        setting("POK_UNCERTAIN_POLICY_POK", issuance.uncertainPok().name().toLowerCase()),
                        setting("POK_UNCERTAIN_POLICY_BLOCKCHAIN", issuance.uncertainBlockchain().name().toLowerCase()),
                        setting("POK_UNCERTAIN_RETRY_DELAY", issuance.uncertainRetryDelay()),
                        setting("POK_POLL_MAX_DELAY", issuance.pollMaxDelay())),
                section("Certificate page",
                        setting("POK_RENDER_MODE", rendering.mode().name().toLowerCase()),
                        setting("POK_IMAGE_MAX_AGE", rendering.imageMaxAge()),
                        setting("POK_THEME_PRIMARY_COLOR", rendering.theme().primaryColor()),
                        setting("POK_THEME_BACKGROUND_COLOR", rendering.theme().backgroundColor())),
                section("Open edX API (LMS)",
                        setting("LMS_URL", lms.lmsUrl().map(Object::toString)
                                .orElse("(not set: the service works from what Open edX sends)")),
                        setting("CMS_URL", lms.cmsUrl()),
                        setting("OPENEDX_CLIENT_ID", Optional.ofNullable(lms.clientId())),
                        setting("OPENEDX_CLIENT_SECRET", lms.clientSecret()),
                        setting("OPENEDX_API_TIMEOUT", lms.timeout()),
                        setting("OPENEDX_API_MAX_ATTEMPTS", lms.maxAttempts()),
                        setting("OPENEDX_API_CACHE_TTL", lms.cacheTtl())),
                section("Console and API",
                        setting("PUBLIC_URL", publicUrl.base()),
                        setting("POK_ADMIN_USERNAME", admin.username()),
                        setting("POK_ADMIN_PASSWORD", admin.password()),
                        setting("POK_ADMIN_SESSION_TIMEOUT", admin.sessionTimeout()),
                        setting("POK_ADMIN_LOCKOUT_ATTEMPTS", admin.lockoutAttempts()),
                        setting("POK_ADMIN_LOCKOUT_DURATION", admin.lockoutDuration()),
                        setting("POK_LOW_CREDITS_WARNING", admin.lowCredits())));
    }

    private String port() {
        String configured = environment.getProperty("server.port", "8080");
        String listening = environment.getProperty("local.server.port");
        return listening == null || listening.equals(configured) ? configured
                : configured + " (listening on " + listening + ")";
    }

    private String managementPort() {
        String configured = environment.getProperty("management.server.port", "");
        if (configured.isBlank()) {
            return "(not set: the actuator is on the service's port)";
        }
        String listening = environment.getProperty("local.management.port");
        return listening == null || listening.equals(configured) ? configured
                : configured + " (listening on " + listening + ")";
    }

    private Optional<HikariDataSource> hikari() {
        return dataSource instanceof HikariDataSource h ? Optional.of(h) : Optional.empty();
    }

    private String jdbcUrl() {
        return hikari().map(HikariDataSource::getJdbcUrl).orElse(environment.getProperty("spring.datasource.url", ""));
    }

    private String family() {
        return switch (database) {
            case H2 -> "H2 (embedded)";
            case POSTGRESQL -> "PostgreSQL";
            case MYSQL -> "MySQL / MariaDB";
        };
    }

    /** {@code password=…} and {@code sslpassword=…} parameters ({@code ;} H2, {@code ?&} others). */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:^|[?;&])[a-z]*password=)[^;&]*");
    /** MySQL's and MariaDB's {@code jdbc:mysql://user:password@host/db}. */
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:?;]*):([^/@?;]*)@");

    /** The JDBC URL as it may be shown: any password in it masked. */
    static String withoutPassword(String jdbcUrl) {
        String masked = PASSWORD_PARAMETER.matcher(jdbcUrl).replaceAll("$1****");
        return USER_INFO.matcher(masked).replaceAll("//$1:****@");
    }

    /** "Test connection": {@code organization/me} now. */
    public PokConnection testConnection(String operator) {
        PokConnection connection = pokStatus.checkNow();
        audit.operator(operator, "TEST_CONNECTION", endpoint.baseUrl().toString(),
                connection.ok() ? "OK" : connection.state() + ": " + connection.problem());
        return connection;
    }

    private static SettingsView.Section section(String title, SettingsView.Setting... settings) {
        return new SettingsView.Section(title, List.of(settings));
    }

    private static SettingsView.Setting setting(String variable, Object value) {
        return new SettingsView.Setting(variable, text(value));
    }

    private static String joined(List<?> values) {
        return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
    }

    private static String text(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.map(SettingsService::text).orElse("(not set)");
        }
        if (value instanceof Duration duration) {
            return durationText(duration);
        }
        // Secret.toString() is "****" or "(not set)": the value itself never gets here.
        return String.valueOf(value);
    }

    private static String durationText(Duration d) {
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
