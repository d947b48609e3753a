package com.openedxpok.coursetemplate;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where the value of a POK template's custom parameter comes from. Stored by {@link #key()}, which is also what
 * operators see and what the REST API accepts.
 */
public enum ParameterSource {
    GRADE("grade", "Grade, a whole percentage (87% or 87)"),
    PLATFORM_NAME("platform_name", "Platform name"),
    COURSE_TITLE("course_title", "Course title"),
    COURSE_KEY("course_key", "Course key"),
    LEARNER_NAME("learner_name", "Learner's full name"),
    MODE("mode", "Enrollment mode"),
    ISSUE_DATE("issue_date", "Issue date"),
    SIGNATORY_1_NAME("signatory_1_name", "First signatory: name"),
    SIGNATORY_1_TITLE("signatory_1_title", "First signatory: title"),
    SIGNATORY_1_ORGANIZATION("signatory_1_organization", "First signatory: organization"),
    SIGNATORY_2_NAME("signatory_2_name", "Second signatory: name"),
    SIGNATORY_2_TITLE("signatory_2_title", "Second signatory: title"),
    SIGNATORY_2_ORGANIZATION("signatory_2_organization", "Second signatory: organization"),
    CONSTANT("constant", "A fixed text");

    private final String key;
    private final String description;

    ParameterSource(String key, String description) {
        this.key = key;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    public static Optional<ParameterSource> fromKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
