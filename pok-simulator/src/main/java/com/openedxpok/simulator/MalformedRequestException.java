package com.openedxpok.simulator;

/** A request that cannot be parsed; answered with {@link #status()} and the connection closed. */
class MalformedRequestException extends Exception {

    private final int status;
    private final String method;
    private final String path;

    MalformedRequestException(int status, String message, String method, String path) {
        super(message);
        this.status = status;
        this.method = method;
        this.path = path;
    }

    int status() {
        return status;
    }

    String method() {
        return method;
    }

    String path() {
        return path;
    }
}
