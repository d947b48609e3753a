package com.openedxpok.simulator;

/** A refusal the simulated POK answers with {@code {"message": ...}} and this status. */
class PokApiError extends RuntimeException {

    private final int status;

    PokApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
