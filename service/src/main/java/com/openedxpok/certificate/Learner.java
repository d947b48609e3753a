package com.openedxpok.certificate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import com.openedxpok.kernel.Texts;

/**
 * What we keep of the learner who receives a certificate: only the fields POK needs. Read at the boundary from the
 * Open edX payload; everything else Open edX sends (password hash first of all) is never kept.
 *
 * <p>Every field is bounded here, whoever builds the learner (a webfilter, an event, the LMS, a backfill, a CSV
 * line), so nothing longer than its column reaches SQL on any database (MariaDB in non-strict mode would otherwise
 * cut it silently). The certificate is never refused for it: an identifier that cannot be right (a username longer
 * than Open edX allows, an email longer than an address can be, a mode longer than any Open edX mode) is not kept, so
 * that the learner is known by the user id and the certificate waits for a right value (the LMS is asked for the
 * email; without it, the certificate is HELD for it) rather than carrying a wrong one to POK; a name is cut (POK gets
 * at most 150 characters per part anyway); a language tag is canonicalized ({@link LanguageTags#bounded}); a grade is
 * rounded to the column's 5 decimals. Lengths are in UTF-16 units, never more than characters, so one bound fits the
 * columns of all three databases; NUL characters and unpaired surrogates are dropped.
 */
public record Learner(
        long userId,
        String username,
        String name,
        String email,
        String languageTag,
        String mode,
        BigDecimal grade) {

    public static final int MAX_USERNAME = 150;
    public static final int MAX_NAME = 500;
    public static final int MAX_EMAIL = 254;
    public static final int MAX_MODE = 50;
    /** {@code DECIMAL(6, 5)}. */
    private static final int GRADE_SCALE = 5;

    public Learner {
        username = identifier(username, MAX_USERNAME);
        name = Texts.cut(storable(name), MAX_NAME);
        email = identifier(email, MAX_EMAIL);
        languageTag = LanguageTags.bounded(storable(languageTag));
        mode = identifier(mode, MAX_MODE);
        grade = boundedGrade(grade);
    }

    /**
     * What of these fields as Open edX sent them a learner does not keep whole: field names and limits only, never a
     * value, so that it can go into the certificate's history and the log.
     */
    public static List<String> notKeptWhole(String username, String name, String email, String mode) {
        List<String> notes = new ArrayList<>();
        if (tooLong(username, MAX_USERNAME)) {
            notes.add("username longer than " + MAX_USERNAME + " characters not kept");
        }
        if (tooLong(name, MAX_NAME)) {
            notes.add("name cut to " + MAX_NAME + " characters");
        }
        if (tooLong(email, MAX_EMAIL)) {
            notes.add("email longer than " + MAX_EMAIL + " characters not kept");
        }
        if (tooLong(mode, MAX_MODE)) {
            notes.add("mode longer than " + MAX_MODE + " characters not kept");
        }
        return notes;
    }

    private static boolean tooLong(String value, int max) {
        return value != null && storable(value).strip().length() > max;
    }

    private static String identifier(String value, int max) {
        String text = storable(value);
        return text == null || text.strip().length() > max ? null : text;
    }

    /** Without NUL characters and unpaired surrogates, which no database stores (PostgreSQL refuses NUL). */
    private static String storable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c != '\0' && !Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Rounded to the column's scale. Its size is read (precision and scale) before anything is computed: rounding
     * {@code 1E-2147483647} would build 10^2147483647 first. Ten and above is no grade (null); below 10^-6, zero.
     */
    static BigDecimal boundedGrade(BigDecimal grade) {
        if (grade == null) {
            return null;
        }
        if (grade.signum() == 0) {
            return grade.scale() > GRADE_SCALE || grade.scale() < 0 ? BigDecimal.ZERO : grade;
        }
        long magnitude = (long) grade.precision() - grade.scale();
        if (magnitude > 1) {
            return null;
        }
        if (magnitude < -GRADE_SCALE - 1) {
            return BigDecimal.ZERO;
        }
        return grade.scale() > GRADE_SCALE ? grade.setScale(GRADE_SCALE, RoundingMode.HALF_UP) : grade;
    }

    /**
     * This learner completed with a newer request's data: what the newer one says wins, what it does not say is kept
     * (an event carries no language, a lazy creation request no email).
     */
    public Learner updatedWith(Learner newer) {
        return new Learner(userId, or(newer.username, username), or(newer.name, name), or(newer.email, email),
                or(newer.languageTag, languageTag), or(newer.mode, mode), newer.grade != null ? newer.grade : grade);
    }

    private static String or(String newer, String older) {
        return newer != null && !newer.isBlank() ? newer : older;
    }
}
