package com.openedxpok.openedx;

import java.io.Serializable;

/**
 * The data of a render-path check (db-scheduler task data, so {@link Serializable}): whose certificate was viewed in
 * which course, and what the render context said about the learner, as fallbacks for what the LMS does not say.
 *
 * @param username    may be null (then the LMS is asked by user id)
 * @param learnerName {@code accomplishment_copy_name}, may be null
 * @param mode        {@code course_mode}, may be null
 */
public record RenderPathCheck(long userId, String username, String courseKey, String learnerName, String mode)
        implements Serializable {

    @Override
    public String toString() {
        return "RenderPathCheck[user " + userId + ", " + courseKey + "]";
    }
}
