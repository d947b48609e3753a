package com.openedxpok.kernel;

import org.springframework.util.StringUtils;

/**
 * The few text helpers Spring's {@link StringUtils} has no equivalent for, shared instead of re-written privately in
 * each class. Lengths are counted in {@code char}s, as database columns and Java strings count them, but a cut never
 * separates the two halves of a surrogate pair: half an emoji is not valid UTF-8, and MySQL/MariaDB refuse it.
 */
public final class Texts {

    /** Marks a text that was shortened. */
    public static final String ELLIPSIS = "…";

    private Texts() {
    }

    /** @return null for null, empty or whitespace only; otherwise the text without surrounding whitespace */
    public static String blankToNull(String text) {
        return StringUtils.hasText(text) ? text.strip() : null;
    }

    /** @return the text as is when it has at most {@code max} chars, else its first {@code max} (or {@code max - 1}) */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, safeEnd(text, max));
    }

    /**
     * For a column of {@code max} chars: the text as is when it fits, else cut to leave room for {@link #ELLIPSIS}
     * and ending with it.
     */
    public static String shorten(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, safeEnd(text, max - 1)) + ELLIPSIS;
    }

    /** For a message, where only the length read matters: the first {@code max} chars, then {@link #ELLIPSIS}. */
    public static String excerpt(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, safeEnd(text, max)) + ELLIPSIS;
    }

    /** {@code end}, or one less when the char before it is the first half of a surrogate pair. */
    private static int safeEnd(String text, int end) {
        return end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
    }
}
