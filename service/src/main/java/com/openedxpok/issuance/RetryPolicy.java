package com.openedxpok.issuance;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import com.openedxpok.config.ServiceConfig;

/**
 * When to try again: exponential backoff with jitter, never sooner than POK's {@code Retry-After}, and no retries once
 * the current issuance run is older than the configured maximum age.
 */
public final class RetryPolicy {

    private final Duration base;
    private final Duration max;
    private final Duration maxAge;

    public RetryPolicy(ServiceConfig.Issuance settings) {
        this(settings.retryBaseDelay(), settings.retryMaxDelay(), settings.retryMaxAge());
    }

    RetryPolicy(Duration base, Duration max, Duration maxAge) {
        this.base = base;
        this.max = max;
        this.maxAge = maxAge;
    }

    /** How long after a run began it is retried ({@code POK_RETRY_MAX_AGE}). */
    public Duration maxAge() {
        return maxAge;
    }

    /** The delay after the {@code attempt}-th failure (1-based): base·2^(attempt-1), capped, ±20% jitter. */
    public Duration backoff(int attempt, Duration retryAfter) {
        int exponent = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = Math.min(max.toMillis(), base.toMillis() << Math.min(exponent, 20));
        // Jitter spreads out the retries of many certificates that failed together (an outage ending).
        double factor = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        Duration delay = Duration.ofMillis(Math.max(1, (long) (millis * factor)));
        return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
    }

    /** Whether a run that began at {@code queuedAt} may still be retried at {@code now}. */
    public boolean mayRetry(Instant queuedAt, Instant now) {
        return queuedAt == null || Duration.between(queuedAt, now).compareTo(maxAge) < 0;
    }

    /**
     * The delay before the next look at a credential POK is still processing: twice the previous one (the time
     * between the last save and the poll it scheduled), from 1 second up to {@code maxDelay}. Derived from the row,
     * so polls need no counter of their own.
     */
    public static Duration nextPollDelay(Instant lastSaved, Instant scheduledPoll, Duration maxDelay) {
        Duration previous = lastSaved == null || scheduledPoll == null ? Duration.ZERO
                : Duration.between(lastSaved, scheduledPoll);
        Duration doubled = previous.multipliedBy(2);
        if (doubled.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
    }
}
