package com.openedxpok.certificate;

import java.text.Normalizer;

/**
 * Splits an Open edX profile name into the first and last name POK asks for. Open edX keeps a single free-text
 * name, so this is a convention, applied in this one place:
 * <ul>
 * <li>{@code "Last, First"} (one comma) → first = after the comma, last = before it;</li>
 * <li>one word → first name only;</li>
 * <li>otherwise → first word / the rest;</li>
 * <li>empty → the username as first name.</li>
 * </ul>
 * Whitespace of any script is trimmed and collapsed; text is NFC-normalized so that composed and decomposed accents
 * come out the same; surrogate pairs (emoji) are never cut in half; each part is capped at {@value #MAX_PART}
 * code points.
 */
public record ReceiverName(String firstName, String lastName) {

    static final int MAX_PART = 150;

    public static ReceiverName split(String fullName, String username) {
        String name = clean(fullName);
        if (name.isEmpty()) {
            String fallback = clean(username);
            return new ReceiverName(cap(fallback.isEmpty() ? "Learner" : fallback), "");
        }
        int comma = name.indexOf(',');
        if (comma >= 0 && name.indexOf(',', comma + 1) < 0) {
            String last = clean(name.substring(0, comma));
            String first = clean(name.substring(comma + 1));
            if (!first.isEmpty() && !last.isEmpty()) {
                return new ReceiverName(cap(first), cap(last));
            }
        }
        if (comma >= 0) {
            // Not the "Last, First" form: the commas are just punctuation.
            name = clean(name.replace(",", " "));
        }
        int space = name.indexOf(' ');
        if (space < 0) {
            return new ReceiverName(cap(name), "");
        }
        return new ReceiverName(cap(name.substring(0, space)), cap(name.substring(space + 1)));
    }

    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFC);
        // \s does not cover no-break or ideographic spaces; \p{Z} does. Control characters never belong in a name.
        return normalized.replaceAll("[\\p{Z}\\s]+", " ").replaceAll("\\p{Cc}", "").strip();
    }

    private static String cap(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_PART) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_PART)).strip();
    }
}
