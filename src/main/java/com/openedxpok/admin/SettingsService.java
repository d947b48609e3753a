package com.openedxpok.admin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

import com.openedxpok.config.PublicUrl;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.pok.PokEndpoint;

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
    private final AuditLog audit;

    public SettingsService(ServiceConfig config, PokEndpoint endpoint, PublicUrl publicUrl, PokStatusService pokStatus,
            AuditLog audit) {
        this.config = config;
        this.endpoint = endpoint;
        this.publicUrl = publicUrl;
        this.pokStatus = pokStatus;
        this.audit = audit;
    }

    public SettingsView view() {
        ServiceConfig.Pok pok = config.pok();
        ServiceConfig.Issuance issuance = config.issuance();
        ServiceConfig.Admin admin = config.admin();
        return new SettingsView(List.of(
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
                section("Console and API",
                        setting("PUBLIC_URL", publicUrl.base()),
                        setting("POK_ADMIN_USERNAME", admin.username()),
                        setting("POK_ADMIN_PASSWORD", admin.password()),
                        setting("POK_ADMIN_SESSION_TIMEOUT", admin.sessionTimeout()),
                        setting("POK_ADMIN_LOCKOUT_ATTEMPTS", admin.lockoutAttempts()),
                        setting("POK_ADMIN_LOCKOUT_DURATION", admin.lockoutDuration()),
                        setting("POK_LOW_CREDITS_WARNING", admin.lowCredits()))));
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
