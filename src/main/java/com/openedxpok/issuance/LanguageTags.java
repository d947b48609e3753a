package com.openedxpok.issuance;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the language codes Open edX uses ({@code es}, {@code es_419}, {@code pt-br}, {@code zh-hans}) into the BCP 47
 * tag with a region that POK expects ({@code es-ES}, {@code es-419}, {@code pt-BR}, {@code zh-CN}).
 */
public final class LanguageTags {

    /** The region a bare language gets, chosen as Open edX's own translations are (es → Spain, pt → Brazil). */
    private static final Map<String, String> DEFAULT_REGION = Map.ofEntries(
            Map.entry("en", "US"), Map.entry("es", "ES"), Map.entry("pt", "BR"), Map.entry("fr", "FR"),
            Map.entry("de", "DE"), Map.entry("it", "IT"), Map.entry("nl", "NL"), Map.entry("pl", "PL"),
            Map.entry("ru", "RU"), Map.entry("uk", "UA"), Map.entry("tr", "TR"), Map.entry("ar", "SA"),
            Map.entry("he", "IL"), Map.entry("ja", "JP"), Map.entry("ko", "KR"), Map.entry("zh", "CN"),
            Map.entry("hi", "IN"), Map.entry("id", "ID"), Map.entry("vi", "VN"), Map.entry("th", "TH"),
            Map.entry("ca", "ES"), Map.entry("eu", "ES"), Map.entry("gl", "ES"), Map.entry("sv", "SE"),
            Map.entry("da", "DK"), Map.entry("fi", "FI"), Map.entry("el", "GR"), Map.entry("cs", "CZ"),
            Map.entry("ro", "RO"), Map.entry("hu", "HU"), Map.entry("fa", "IR"), Map.entry("sw", "KE"));

    /** Chinese script subtags as Django writes them: Simplified is mainland China, Traditional is Taiwan. */
    private static final Map<String, String> CHINESE_SCRIPT_REGION = Map.of("hans", "CN", "hant", "TW");

    private LanguageTags() {
    }

    /** The learner's tag, or {@code defaultTag} when the code is missing or cannot be made into a tag with region. */
    public static String normalizeOrDefault(String code, String defaultTag) {
        return normalize(code).orElse(defaultTag);
    }

    public static Optional<String> normalize(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        String text = code.strip().replace('_', '-');
        String[] parts = text.split("-");
        String language = parts[0].toLowerCase(Locale.ROOT);
        if (language.equals("zh") && parts.length >= 2) {
            String region = CHINESE_SCRIPT_REGION.get(parts[1].toLowerCase(Locale.ROOT));
            if (region != null) {
                return Optional.of("zh-" + region);
            }
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(text).build();
            if (locale.getLanguage().isEmpty()) {
                return Optional.empty();
            }
            String region = locale.getCountry();
            if (region.isEmpty()) {
                region = DEFAULT_REGION.get(locale.getLanguage());
            }
            return region == null ? Optional.empty() : Optional.of(locale.getLanguage() + "-" + region);
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }
}
