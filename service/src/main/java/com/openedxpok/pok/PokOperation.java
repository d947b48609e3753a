package com.openedxpok.pok;

/**
 * The POK API operations. The label uses the path template (never a concrete id) so that it is safe in exception
 * messages and keeps metric tags few.
 */
enum PokOperation {
    ISSUE_CREDENTIAL("POST", "/credential", true),
    CREDENTIAL("GET", "/credential/{id}", false),
    DECRYPTED_IMAGE("GET", "/credential/{id}/decrypted-image", false),
    TEMPLATE("GET", "/template/{id}", false),
    TEMPLATES("GET", "/template", false),
    PREVIEW_TEMPLATE("POST", "/template/preview", false),
    PAGES("GET", "/page", false),
    ORGANIZATION("GET", "/organization/me", false);

    private final String method;
    private final String label;
    private final boolean sideEffect;

    PokOperation(String method, String pathTemplate, boolean sideEffect) {
        this.method = method;
        this.label = method + " " + pathTemplate;
        this.sideEffect = sideEffect;
    }

    String method() {
        return method;
    }

    /** For example {@code POST /credential}. */
    String label() {
        return label;
    }

    /**
     * Whether a call that went unanswered may still have changed something at POK. Only issuing does: there is no
     * idempotency key, so repeating it could issue a second credential.
     */
    boolean hasSideEffect() {
        return sideEffect;
    }

    @Override
    public String toString() {
        return label;
    }
}
