package com.openedxpok.lms;

/**
 * Names of the Open edX API calls, used in logs and error messages instead of URLs (which carry usernames and course
 * keys of learners).
 */
public enum LmsOperation {
    TOKEN("OAuth2 token"),
    COURSE("course"),
    ACCOUNT("account"),
    ACCOUNTS("accounts"),
    LANGUAGE_PREFERENCE("language preference"),
    GRADES("course grades"),
    CERTIFICATE("learner certificate"),
    SIGNATORIES("Studio certificates"),
    MFE_CONFIG("MFE configuration");

    private final String label;

    LmsOperation(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
