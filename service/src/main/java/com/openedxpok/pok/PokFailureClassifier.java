package com.openedxpok.pok;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * The one place that decides what kind of failure a POK call met (see docs/pok-client.md). Callers base their
 * retry decisions on this, so it must be truthful: when we cannot know whether POK acted, it says so.
 */
final class PokFailureClassifier {

    /** Why a call produced no usable answer. */
    sealed interface Problem permits NoAnswer, Refused, Unusable {
    }

    /** No HTTP answer: the connection failed, or broke or timed out after the request was sent. */
    record NoAnswer(IOException cause) implements Problem {
    }

    /**
     * POK answered with a status other than 2xx.
     *
     * @param knownValues the API key and the request's personal values, masked in POK's message should it quote them
     */
    record Refused(PokAnswer answer, Set<String> knownValues) implements Problem {
    }

    /** POK answered 2xx, but with a body we cannot use. */
    record Unusable(PokAnswer answer, String reason) implements Problem {
    }

    private final Clock clock;

    PokFailureClassifier(Clock clock) {
        this.clock = clock;
    }

    PokException classify(PokOperation operation, Problem problem) {
        if (problem instanceof NoAnswer noAnswer) {
            IOException cause = noAnswer.cause();
            String what = " (" + cause.getClass().getSimpleName() + ")";
            if (failedBeforeSending(cause)) {
                return failure(PokFailure.RETRYABLE, operation, 0, null, null, "could not reach POK" + what, cause);
            }
            if (operation.hasSideEffect()) {
                return failure(PokFailure.AMBIGUOUS, operation, 0, null, null,
                        "no answer after the request was sent" + what + "; the credential may exist", cause);
            }
            return failure(PokFailure.RETRYABLE, operation, 0, null, null, "no answer from POK" + what, cause);
        }
        if (problem instanceof Unusable unusable) {
            int status = unusable.answer().status();
            if (operation.hasSideEffect()) {
                return failure(PokFailure.AMBIGUOUS, operation, status, null, null,
                        "POK accepted (HTTP " + status + ") but " + unusable.reason() + "; the credential may exist",
                        null);
            }
            return failure(PokFailure.RETRYABLE, operation, status, null, null,
                    "POK answered HTTP " + status + " but " + unusable.reason(), null);
        }
        Refused refused = (Refused) problem;
        PokAnswer answer = refused.answer();
        int status = answer.status();
        String pokMessage = PokRedactor.maskValues(PokJson.errorMessage(answer.body()), refused.knownValues());
        if (status == 401 || status == 403) {
            return failure(PokFailure.AUTHENTICATION, operation, status, null, pokMessage,
                    "POK refused the API key (HTTP " + status + ") — check POK_API_KEY", null);
        }
        if (status == 429 || status == 408 || status >= 500) {
            return failure(PokFailure.RETRYABLE, operation, status, retryAfter(answer.retryAfter()), pokMessage,
                    (status == 429 ? "POK asks us to slow down" : "POK is unavailable") + " (HTTP " + status + ")",
                    null);
        }
        if (status >= 300 && status < 400) {
            // Redirects are not followed: a POST would silently become a GET, and the key would go to another host.
            return failure(PokFailure.PERMANENT, operation, status, null,
                    answer.location() == null ? pokMessage : "redirect to " + answer.location(),
                    "POK answered with a redirect (HTTP " + status + ") — check POK_API_URL", null);
        }
        return failure(PokFailure.PERMANENT, operation, status, null, pokMessage,
                "POK rejected the request (HTTP " + status + ")", null);
    }

    /** Only exceptions raised while obtaining a connection: nothing of the request can have reached POK. */
    private static boolean failedBeforeSending(IOException e) {
        return e instanceof ConnectException // includes HttpHostConnectException
                || e instanceof ConnectTimeoutException
                || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException
                || e instanceof ConnectionRequestTimeoutException // no connection free in our pool
                || e instanceof SSLHandshakeException;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP-date; null when absent or unreadable. */
    private Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            if (value.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            Duration untilThen = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return untilThen.isNegative() ? Duration.ZERO : untilThen;
        } catch (NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The message holds the operation, the status and the class only. POK's own message stays in
     * {@link PokException#pokMessage()}: POK may quote parts of the request that no mask list foresees.
     */
    private static PokException failure(PokFailure failure, PokOperation operation, int status, Duration retryAfter,
            String pokMessage, String summary, Throwable cause) {
        return new PokException(failure, operation.label(), status, retryAfter, pokMessage,
                operation.label() + ": " + summary + " [" + failure + "]", cause);
    }
}
