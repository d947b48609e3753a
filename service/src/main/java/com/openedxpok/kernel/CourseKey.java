package com.openedxpok.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Open edX course key, validated: {@code course-v1:ORG+NUMBER+RUN} or the old {@code ORG/NUMBER/RUN}. Anything
 * else is refused before it can be stored, so every course key in our tables is one Open edX could have sent.
 */
public record CourseKey(String value, String org, String number, String run) {

    /** Open edX's opaque-keys allow word characters (Unicode), '-', '~', '.' and ':' inside each part. */
    private static final String PART = "[\\w\\-~.:]+";
    private static final Pattern NEW_STYLE = Pattern.compile(
            "course-v1:(" + PART + ")\\+(" + PART + ")\\+(" + PART + ")", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern OLD_STYLE = Pattern.compile(
            "(" + PART + ")/(" + PART + ")/(" + PART + ")", Pattern.UNICODE_CHARACTER_CLASS);
    public static final int MAX_LENGTH = 255;

    public CourseKey {
        if (value == null || org == null || number == null || run == null) {
            throw new InvalidCourseKeyException(String.valueOf(value), "is incomplete");
        }
    }

    public static CourseKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidCourseKeyException("", "is empty");
        }
        String candidate = text.strip();
        if (candidate.length() > MAX_LENGTH) {
            throw new InvalidCourseKeyException(candidate.substring(0, 40) + "…",
                    "is longer than " + MAX_LENGTH + " characters");
        }
        Matcher matcher = NEW_STYLE.matcher(candidate);
        if (!matcher.matches()) {
            matcher = OLD_STYLE.matcher(candidate);
        }
        if (!matcher.matches()) {
            throw new InvalidCourseKeyException(candidate,
                    "is not a course key of the form course-v1:ORG+NUMBER+RUN or ORG/NUMBER/RUN");
        }
        return new CourseKey(candidate, matcher.group(1), matcher.group(2), matcher.group(3));
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidCourseKeyException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
