package com.openedxpok.coursetemplate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a grade parameter is written for POK. openedx-pok 1.x sent the bare number ({@code 87}), so templates made for
 * it print their own "%" after the parameter; ours sent {@code 87%}. Both are right for some template, so it is a
 * choice per parameter mapping, stored by {@link #key()}; {@link #PERCENT} is the default (the behaviour before).
 */
public enum GradeFormat {
    PERCENT("percent", "87%"),
    NUMBER("number", "87");

    private final String key;
    private final String example;

    GradeFormat(String key, String example) {
        this.key = key;
        this.example = example;
    }

    public String key() {
        return key;
    }

    public String example() {
        return example;
    }

    /** A grade of 0.875 is 88: a whole percentage, rounded half up, with the sign when {@link #PERCENT}. */
    public String format(BigDecimal grade) {
        String whole = grade.movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString();
        return this == PERCENT ? whole + "%" : whole;
    }

    public static Optional<GradeFormat> fromKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String wanted = key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.key.equals(wanted)).findFirst();
    }
}
