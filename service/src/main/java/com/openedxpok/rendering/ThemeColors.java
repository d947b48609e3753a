package com.openedxpok.rendering;

import com.openedxpok.config.ServiceConfig;

/**
 * Every colour the certificate pages use, derived from the two configured ones. Text colours are chosen by contrast
 * (WCAG 2 relative luminance) rather than configured, so an operator's brand colours cannot make the page unreadable.
 *
 * @param background  page background
 * @param text        body text on the background
 * @param primary     the main button's background
 * @param onPrimary   text on the main button
 * @param accent      links, outlined buttons and the focus ring on the background: the primary colour when it is
 *                    readable there, otherwise the text colour
 */
public record ThemeColors(String background, String text, String primary, String onPrimary, String accent) {

    static final String DARK = "#111827";
    static final String LIGHT = "#ffffff";
    /** WCAG AA for normal text. */
    static final double MIN_CONTRAST = 4.5;

    public static ThemeColors of(ServiceConfig.Theme theme) {
        String background = theme.backgroundColor();
        String primary = theme.primaryColor();
        String text = readableOn(background);
        String onPrimary = readableOn(primary);
        String accent = contrast(primary, background) >= MIN_CONTRAST ? primary : text;
        return new ThemeColors(background, text, primary, onPrimary, accent);
    }

    /** Near-black or white, whichever contrasts more with {@code color}. */
    static String readableOn(String color) {
        return contrast(DARK, color) >= contrast(LIGHT, color) ? DARK : LIGHT;
    }

    /** The WCAG contrast ratio of two {@code #rrggbb} colours, from 1 to 21. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel(rgb >> 16 & 0xff) + 0.7152 * channel(rgb >> 8 & 0xff) + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
