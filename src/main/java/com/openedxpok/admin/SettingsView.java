package com.openedxpok.admin;

import java.util.List;

/** The effective configuration as operators may see it: every secret masked. */
public record SettingsView(List<Section> sections) {

    public record Section(String title, List<Setting> settings) {
    }

    /** @param value what is in effect, already masked for secrets */
    public record Setting(String variable, String value) {
    }
}
