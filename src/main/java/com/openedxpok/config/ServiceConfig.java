package com.openedxpok.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The whole typed configuration of the service, read once at start-up by {@link ServiceConfigLoader}.
 * Later capabilities add their own nested record here so that every setting is validated in one place.
 */
public record ServiceConfig(Service service, Pok pok, OpenEdx openedx) {

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

    /** How Open edX reaches us. */
    public record OpenEdx(Secret webhookToken, boolean webhookTokenGenerated) {
    }
}
