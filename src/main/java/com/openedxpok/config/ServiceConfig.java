package com.openedxpok.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The whole typed configuration of the service, read once at start-up by {@link ServiceConfigLoader}.
 * Later capabilities add their own nested record here so that every setting is validated in one place.
 */
public record ServiceConfig(Service service, Pok pok, OpenEdx openedx, Issuance issuance, Admin admin) {

    /**
     * @param publicUrl the address at which browsers and Open edX reach this service, ending with '/'; empty when
     *                  not configured (then {@link PublicUrl} derives it from the local port)
     */
    public record Service(Optional<URI> publicUrl) {
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
     * @param platformName the platform's display name, for templates with a platform parameter (empty if unknown)
     */
    public record OpenEdx(Secret webhookToken, boolean webhookTokenGenerated, Optional<String> platformName) {
    }

    /**
     * Who gets a certificate and how the background issuance behaves.
     *
     * @param eligibleModes    enrollment modes that get a certificate; empty means every mode but {@code audit}
     * @param retryMaxAge      how long retryable failures are retried before the certificate is FAILED
     * @param uncertainPok     what to do when a {@code pok} emission may or may not have reached POK
     * @param uncertainBlockchain the same for {@code blockchain} emissions, which spend credits
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
            Duration pollMaxDelay) {

        public boolean isModeEligible(String mode) {
            String normalized = mode == null ? "" : mode.strip().toLowerCase(java.util.Locale.ROOT);
            return eligibleModes.isEmpty() ? !normalized.equals("audit") : eligibleModes.contains(normalized);
        }

        public UncertainPolicy uncertainPolicy(com.openedxpok.pok.EmissionType type) {
            return type == com.openedxpok.pok.EmissionType.BLOCKCHAIN ? uncertainBlockchain : uncertainPok;
        }
    }

    /** What happens to a certificate whose issue request may or may not have reached POK. */
    public enum UncertainPolicy {
        /** Submit again after a delay, accepting a small risk of a duplicate credential. */
        RETRY,
        /** Wait for an operator to check POK and decide. */
        HOLD
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
}
