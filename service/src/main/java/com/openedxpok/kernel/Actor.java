package com.openedxpok.kernel;

/**
 * Who did something to a certificate or the service, as written in its history and the audit log: Open edX, the
 * background worker, the system, or an operator ({@code operator:<username>}).
 */
public final class Actor {
    public static final String OPENEDX = "openedx";
    public static final String WORKER = "worker";
    public static final String SYSTEM = "system";

    private Actor() {
    }

    public static String operator(String username) {
        return "operator:" + username;
    }
}
