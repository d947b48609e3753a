package com.openedxpok.issuance;

import java.io.Serializable;

/**
 * The data of a release of certificates held for missing course facts (db-scheduler task data, so
 * {@link Serializable}): which course (null: every course, after a platform-wide fact such as the platform's name),
 * where the last batch stopped, and what arrived (for the history).
 */
public record HeldRelease(String courseKey, long afterId, String why) implements Serializable {

    @Override
    public String toString() {
        return "HeldRelease[" + (courseKey == null ? "every course" : courseKey) + " after " + afterId + "]";
    }
}
