package com.openedxpok.pok;

/** The one classification of every way a POK call can fail. Decided in one place, by the client. */
public enum PokFailure {
    /** Nothing happened at POK, or POK said "try later": connect failure, connect timeout, 429, 5xx. */
    RETRYABLE,
    /** POK understood and refused: 400, 404, 409, 422 and other 4xx. Retrying the same request will not help. */
    PERMANENT,
    /** POK refused the API key: 401, 403. Nothing will work until an operator fixes the key. */
    AUTHENTICATION,
    /**
     * The request may have reached POK and been acted on, but we have no answer: a read timeout or a connection reset
     * after the body was sent, or a 2xx whose body we could not read. Retrying a non-idempotent call may duplicate it.
     */
    AMBIGUOUS
}
