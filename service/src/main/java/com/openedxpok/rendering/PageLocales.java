package com.openedxpok.rendering;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which language a certificate page is shown in. Only languages we have messages for are ever chosen, so the page's
 * {@code lang} attribute always tells the truth about its text (a screen reader reads it with the right voice).
 */
final class PageLocales {

    static final Locale ENGLISH = Locale.ENGLISH;
    static final Locale BRAZILIAN_PORTUGUESE = Locale.forLanguageTag("pt-BR");

    private PageLocales() {
    }

    /**
     * The first of the candidates (for example the learner's Open edX language, then {@code POK_DEFAULT_LANGUAGE_TAG})
     * whose language has messages; English when none has.
     */
    static Locale resolve(String... candidates) {
        for (String candidate : candidates) {
            Optional<Locale> supported = parse(candidate).flatMap(PageLocales::supported);
            if (supported.isPresent()) {
                return supported.get();
            }
        }
        return ENGLISH;
    }

    /** The best supported language of an {@code Accept-Language} header, else the fallback tag's. */
    static Locale fromAcceptLanguage(String header, String fallbackTag) {
        if (header != null && !header.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                    if (range.getRange().equals("*")) {
                        continue;
                    }
                    Optional<Locale> supported = parse(range.getRange()).flatMap(PageLocales::supported);
                    if (supported.isPresent()) {
                        return supported.get();
                    }
                }
            } catch (IllegalArgumentException malformedHeader) {
                // a browser or crawler sent nonsense: the fallback language is as good an answer as any
            }
        }
        return resolve(fallbackTag);
    }

    private static Optional<Locale> parse(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return Optional.empty();
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag.strip().replace('_', '-')).build();
            return locale.getLanguage().isEmpty() ? Optional.empty() : Optional.of(locale);
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
    }

    /** English and Spanish keep their region (dates follow it); any Portuguese is shown in Brazilian Portuguese. */
    private static Optional<Locale> supported(Locale locale) {
        return switch (locale.getLanguage()) {
            case "en", "es" -> Optional.of(new Locale.Builder().setLanguage(locale.getLanguage())
                    .setRegion(locale.getCountry()).build());
            case "pt" -> Optional.of(BRAZILIAN_PORTUGUESE);
            default -> Optional.empty();
        };
    }
}
