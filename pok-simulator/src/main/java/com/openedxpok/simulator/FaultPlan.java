package com.openedxpok.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How the simulator misbehaves; replaced as a whole ({@link PokSimulator#setFaults}), never edited in place.
 * For each request the plan applies to, one random draw picks at most one of the fault kinds (server error,
 * throttle, timeout, reset, drip), so the rates must add up to at most 1.
 *
 * @param operations     the operations the plan applies to; empty means all of them (the control API never)
 * @param latency        added before every answer
 * @param latencyJitter  plus a uniform random extra between zero and this
 * @param serverErrorRate fraction answered 500 (not processed)
 * @param throttleRate   fraction answered 429 with {@code Retry-After: retryAfter} (not processed)
 * @param retryAfter     sent as whole seconds (rounded up)
 * @param timeoutRate    fraction processed, then held unanswered for {@code timeoutHold} and closed
 * @param resetRate      fraction processed, then reset (SO_LINGER 0): a POST /credential did create its credential
 * @param dripRate       fraction processed and answered one byte per {@code dripInterval}
 * @param outageUntil    until this instant every request gets 503 with Retry-After (null: no outage)
 * @param seed           seeds the random draws, so that a run can be repeated
 */
public record FaultPlan(
        Set<SimOperation> operations,
        Duration latency,
        Duration latencyJitter,
        double serverErrorRate,
        double throttleRate,
        Duration retryAfter,
        double timeoutRate,
        Duration timeoutHold,
        double resetRate,
        double dripRate,
        Duration dripInterval,
        Instant outageUntil,
        long seed) {

    public static final FaultPlan NONE = new FaultPlan(Set.of(), Duration.ZERO, Duration.ZERO, 0, 0,
            Duration.ofSeconds(1), 0, Duration.ofSeconds(30), 0, 0, Duration.ofMillis(50), null, 0);

    public FaultPlan {
        operations = operations == null || operations.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(operations));
        if (operations.contains(SimOperation.CONTROL)) {
            throw new IllegalArgumentException("The control API cannot be faulted");
        }
        latency = nonNegative("latency", latency, Duration.ZERO);
        latencyJitter = nonNegative("latencyJitter", latencyJitter, Duration.ZERO);
        retryAfter = nonNegative("retryAfter", retryAfter, Duration.ofSeconds(1));
        timeoutHold = nonNegative("timeoutHold", timeoutHold, Duration.ofSeconds(30));
        dripInterval = nonNegative("dripInterval", dripInterval, Duration.ofMillis(50));
        double total = rate("serverErrorRate", serverErrorRate) + rate("throttleRate", throttleRate)
                + rate("timeoutRate", timeoutRate) + rate("resetRate", resetRate) + rate("dripRate", dripRate);
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("The fault rates add up to " + total + "; at most 1 is possible");
        }
    }

    public static FaultPlan none() {
        return NONE;
    }

    /** Whether this plan touches requests for {@code operation}. */
    public boolean appliesTo(SimOperation operation) {
        return operation != SimOperation.CONTROL && (operations.isEmpty() || operations.contains(operation));
    }

    public FaultPlan onlyFor(SimOperation... only) {
        return new FaultPlan(only.length == 0 ? Set.of() : EnumSet.of(only[0], only), latency, latencyJitter,
                serverErrorRate, throttleRate, retryAfter, timeoutRate, timeoutHold, resetRate, dripRate,
                dripInterval, outageUntil, seed);
    }

    public FaultPlan withLatency(Duration fixed, Duration jitter) {
        return new FaultPlan(operations, fixed, jitter, serverErrorRate, throttleRate, retryAfter, timeoutRate,
                timeoutHold, resetRate, dripRate, dripInterval, outageUntil, seed);
    }

    public FaultPlan withServerErrors(double rate) {
        return new FaultPlan(operations, latency, latencyJitter, rate, throttleRate, retryAfter, timeoutRate,
                timeoutHold, resetRate, dripRate, dripInterval, outageUntil, seed);
    }

    public FaultPlan withThrottling(double rate, Duration retryAfterValue) {
        return new FaultPlan(operations, latency, latencyJitter, serverErrorRate, rate, retryAfterValue,
                timeoutRate, timeoutHold, resetRate, dripRate, dripInterval, outageUntil, seed);
    }

    public FaultPlan withTimeouts(double rate, Duration hold) {
        return new FaultPlan(operations, latency, latencyJitter, serverErrorRate, throttleRate, retryAfter, rate,
                hold, resetRate, dripRate, dripInterval, outageUntil, seed);
    }

    public FaultPlan withResets(double rate) {
        return new FaultPlan(operations, latency, latencyJitter, serverErrorRate, throttleRate, retryAfter,
                timeoutRate, timeoutHold, rate, dripRate, dripInterval, outageUntil, seed);
    }

    public FaultPlan withDrip(double rate, Duration perByte) {
        return new FaultPlan(operations, latency, latencyJitter, serverErrorRate, throttleRate, retryAfter,
                timeoutRate, timeoutHold, resetRate, rate, perByte, outageUntil, seed);
    }

    public FaultPlan withOutageUntil(Instant until) {
        return new FaultPlan(operations, latency, latencyJitter, serverErrorRate, throttleRate, retryAfter,
                timeoutRate, timeoutHold, resetRate, dripRate, dripInterval, until, seed);
    }

    public FaultPlan withSeed(long newSeed) {
        return new FaultPlan(operations, latency, latencyJitter, serverErrorRate, throttleRate, retryAfter,
                timeoutRate, timeoutHold, resetRate, dripRate, dripInterval, outageUntil, newSeed);
    }

    private static Duration nonNegative(String name, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }

    private static double rate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, not " + value);
        }
        return value;
    }
}
