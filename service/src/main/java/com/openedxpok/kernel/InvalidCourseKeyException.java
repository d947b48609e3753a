package com.openedxpok.kernel;

/** A course key that is not one Open edX could have produced. Safe to show: it quotes only the key. */
public class InvalidCourseKeyException extends IllegalArgumentException {

    public InvalidCourseKeyException(String key, String problem) {
        super("Course key '" + key + "' " + problem);
    }
}
