package com.openedxpok.admin;

import java.util.List;

/**
 * The effective configuration as operators may see it: every secret masked.
 *
 * @param webhookUrls the three URLs to paste into openedx-webhooks, token masked
 */
public record SettingsView(List<Section> sections, List<WebhookUrl> webhookUrls) {

    public record Section(String title, List<Setting> settings) {
    }

    /** @param value what is in effect, already masked for secrets */
    public record Setting(String variable, String value) {
    }

    /**
     * @param id     {@code creation}, {@code render} or {@code events}: what {@link SettingsService#webhookUrl} takes
     * @param where  where it goes in the Django admin of openedx-webhooks
     * @param masked the URL with {@code token=****}; the real one is only handed out on request, to administrators
     */
    public record WebhookUrl(String id, String label, String where, String masked) {
    }
}
