package com.openedxpok.certificate;

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
            Map.entry("ro", "RO"), Map.entry("hu", "HU"), Map.entry("fa", "IR"), Map.entry("sw", "KE"),
            // The rest of the languages openedx-pok 1.x mapped: before, these learners silently got the default tag.
            Map.entry("no", "NO"), Map.entry("nb", "NO"), Map.entry("nn", "NO"), Map.entry("sk", "SK"),
            Map.entry("bg", "BG"), Map.entry("sr", "RS"), Map.entry("hr", "HR"), Map.entry("sl", "SI"),
            Map.entry("lt", "LT"), Map.entry("lv", "LV"), Map.entry("et", "EE"), Map.entry("ms", "MY"),
            Map.entry("bn", "BD"), Map.entry("ta", "IN"), Map.entry("te", "IN"), Map.entry("gu", "IN"),
            Map.entry("mr", "IN"), Map.entry("pa", "IN"));

    /** Chinese script subtags as Django writes them: Simplified is mainland China, Traditional is Taiwan. */
    private static final Map<String, String> CHINESE_SCRIPT_REGION = Map.of("hans", "CN", "hant", "TW");

    /** The longest tag a certificate stores (its column); BCP 47 allows longer ones, POK needs language-region. */
    public static final int MAX_STORED = 35;
    private static final java.util.regex.Pattern TAG_CHARACTERS = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

    private LanguageTags() {
    }

    /**
     * The code as a certificate stores it: as Open edX sent it when it fits and is made of tag characters
     * ({@code es_419}, {@code zh-hans}); otherwise canonicalized ({@link Locale#forLanguageTag}) and reduced to what POK
     * needs, language and region ({@code es-419-u-ca-gregory-nu-latn-x-private} → {@code es-419}); null when no
     * language can be read from it (the default tag is used when the certificate is issued).
     */
    public static String bounded(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        String text = code.strip();
        if (text.length() <= MAX_STORED && TAG_CHARACTERS.matcher(text).matches()) {
            return text;
        }
        if (text.length() > 1000) {
            return null;
        }
        Optional<String> withRegion = normalize(text);
        if (withRegion.isPresent()) {
            return withRegion.get();
        }
        Locale locale = Locale.forLanguageTag(Locale.forLanguageTag(text.replace('_', '-')).toLanguageTag());
        if (locale.getLanguage().isEmpty()) {
            return null;
        }
        String tag = locale.getCountry().isEmpty() ? locale.getLanguage() : locale.getLanguage() + "-"
                + locale.getCountry();
        return tag.length() <= MAX_STORED ? tag : null;
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
