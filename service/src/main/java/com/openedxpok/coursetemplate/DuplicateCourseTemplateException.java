package com.openedxpok.coursetemplate;

import com.openedxpok.kernel.CourseKey;

/** A second template for a course that already has one. */
public class DuplicateCourseTemplateException extends RuntimeException {

    public DuplicateCourseTemplateException(CourseKey courseKey) {
        super("Course " + courseKey + " already has a POK template; edit that one instead (one template per course)");
    }
}
