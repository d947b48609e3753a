package com.openedxpok.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/** Decides, per request, what the current {@link FaultPlan} does to it. */
final class FaultInjector {

    /** The plan and its own random source, swapped together so a new plan always restarts its seeded sequence. */
    private record Armed(FaultPlan plan, Random random) {
    }

    record Decision(FaultPlan plan, Duration latency, AppliedFault fault) {
    }

    private final AtomicReference<Armed> armed = new AtomicReference<>(arm(FaultPlan.NONE));

    void set(FaultPlan plan) {
        armed.set(arm(plan == null ? FaultPlan.NONE : plan));
    }

    FaultPlan plan() {
        return armed.get().plan();
    }

    Decision decide(SimOperation operation, Instant now) {
        Armed current = armed.get();
        FaultPlan plan = current.plan();
        if (!plan.appliesTo(operation)) {
            return new Decision(plan, Duration.ZERO, AppliedFault.NONE);
        }
        Random random = current.random();
        long jitterNanos = plan.latencyJitter().toNanos();
        Duration latency = plan.latency().plusNanos(jitterNanos > 0 ? random.nextLong(jitterNanos + 1) : 0);
        if (plan.outageUntil() != null && now.isBefore(plan.outageUntil())) {
            return new Decision(plan, latency, AppliedFault.OUTAGE);
        }
        double draw = random.nextDouble();
        double band = plan.serverErrorRate();
        if (draw < band) {
            return new Decision(plan, latency, AppliedFault.SERVER_ERROR);
        }
        band += plan.throttleRate();
        if (draw < band) {
            return new Decision(plan, latency, AppliedFault.THROTTLED);
        }
        band += plan.timeoutRate();
        if (draw < band) {
            return new Decision(plan, latency, AppliedFault.TIMEOUT);
        }
        band += plan.resetRate();
        if (draw < band) {
            return new Decision(plan, latency, AppliedFault.RESET);
        }
        band += plan.dripRate();
        if (draw < band) {
            return new Decision(plan, latency, AppliedFault.DRIP);
        }
        return new Decision(plan, latency, AppliedFault.NONE);
    }

    private static Armed arm(FaultPlan plan) {
        return new Armed(plan, new Random(plan.seed()));
    }
}
