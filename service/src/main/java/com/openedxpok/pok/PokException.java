package com.openedxpok.pok;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed POK call. The message is safe to log and show to operators: it never holds the API key or the learner's
 * personal data, only the operation, the HTTP status and POK's own error message.
 */
public class PokException extends RuntimeException {

    private final PokFailure failure;
    private final String operation;
    private final int httpStatus;
    private final Duration retryAfter;
    private final String pokMessage;

    public PokException(PokFailure failure, String operation, int httpStatus, Duration retryAfter, String pokMessage,
            String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
        this.pokMessage = pokMessage;
    }

    public PokFailure failure() {
        return failure;
    }

    /** For example {@code POST /credential}. */
    public String operation() {
        return operation;
    }

    /** The HTTP status POK answered with, or 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long POK asked us to wait ({@code Retry-After} of a 429 or 503), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** POK's own explanation (its error body's message), if it gave one. */
    public Optional<String> pokMessage() {
        return Optional.ofNullable(pokMessage);
    }
}
