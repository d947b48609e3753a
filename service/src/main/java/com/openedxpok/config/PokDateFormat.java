package com.openedxpok.config;

import java.util.Arrays;
import java.util.Optional;

/** The two date formats POK accepts for the date printed on a certificate. */
public enum PokDateFormat {
    DAY_MONTH_YEAR("dd/MM/yyyy"),
    MONTH_DAY_YEAR("MM/dd/yyyy");

    private final String pattern;

    PokDateFormat(String pattern) {
        this.pattern = pattern;
    }

    /** The value sent to POK as {@code dateFormat}. */
    public String pattern() {
        return pattern;
    }

    public static Optional<PokDateFormat> fromPattern(String text) {
        return Arrays.stream(values()).filter(f -> f.pattern.equals(text)).findFirst();
    }
}
