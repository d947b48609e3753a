package com.openedxpok.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(15), Duration.ofHours(24));

    @RepeatedTest(20)
    void backoffDoublesWithJitterAndIsCapped() {
        assertThat(policy.backoff(1, null)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
        assertThat(policy.backoff(3, null)).isBetween(Duration.ofSeconds(32), Duration.ofSeconds(48));
        assertThat(policy.backoff(40, null)).isBetween(Duration.ofMinutes(12), Duration.ofMinutes(18));
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheBackoff() {
        assertThat(policy.backoff(1, Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
        // A shorter Retry-After does not shorten the backoff: the jittered base delay (10 s ± 20%) stands.
        assertThat(policy.backoff(1, Duration.ofSeconds(1))).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12));
    }

    @Test
    void retriesStopAtTheMaximumAge() {
        Instant queued = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(policy.mayRetry(queued, queued.plus(Duration.ofHours(23)))).isTrue();
        assertThat(policy.mayRetry(queued, queued.plus(Duration.ofHours(24)))).isFalse();
    }

    @Test
    void pollingSlowsDownToTheCap() {
        Instant saved = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(RetryPolicy.nextPollDelay(null, null, Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.nextPollDelay(saved, saved.plusSeconds(4), Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofSeconds(8));
        assertThat(RetryPolicy.nextPollDelay(saved, saved.plusSeconds(200), Duration.ofMinutes(5)))
                .isEqualTo(Duration.ofMinutes(5));
    }
}
