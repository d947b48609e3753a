package com.openedxpok.openedx.eventbus;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What this instance's event-bus consumers did: counted in Micrometer ({@code openedx_pok_event_bus_entries_total}
 * by {@code outcome}) and kept for the dashboard (the last event, the last few errors). Per instance: every instance
 * of the service has its own.
 */
@Component
public class EventBusActivity {

    static final int ERRORS_KEPT = 10;

    /** What became of one stream entry. */
    public enum Outcome {
        /** Decoded and handled: its effect is committed. */
        APPLIED("applied"),
        /** Its event id was applied here a moment ago (a redelivery): acknowledged, nothing done. */
        DUPLICATE("duplicate"),
        /** A {@code type} without a schema here: acknowledged, nothing done. */
        UNKNOWN_TYPE("unknown_type"),
        /** Not a readable certificate event: acknowledged, nothing done. */
        UNDECODABLE("undecodable"),
        /** Pending, but trimmed from the stream before anyone applied it: the event is lost. */
        TRIMMED("trimmed"),
        /** Handling failed with an error that retrying will not cure: acknowledged. */
        FAILED("failed");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        public boolean isError() {
            return this != APPLIED && this != DUPLICATE;
        }
    }

    /** One entry that could not be applied: no learner data, only what an operator needs to find it in Redis. */
    public record Problem(Instant at, String entryId, Outcome outcome, String message) {
    }

    private final Clock clock;
    private final Counter[] counters = new Counter[Outcome.values().length];
    private final Counter reconnects;
    private final Deque<Problem> problems = new ArrayDeque<>();
    private volatile Instant lastEventAt;
    private volatile String lastEntryId;
    private volatile Instant lastErrorAt;

    public EventBusActivity(MeterRegistry meters, Clock clock) {
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            counters[outcome.ordinal()] = Counter.builder("openedx_pok_event_bus_entries")
                    .description("Entries of Open edX's certificate lifecycle stream, by what became of them")
                    .tag("outcome", outcome.tag).register(meters);
        }
        reconnects = Counter.builder("openedx_pok_event_bus_reconnects")
                .description("Connections to the event bus's Redis lost and made again").register(meters);
    }

    void record(String entryId, Outcome outcome, String message) {
        counters[outcome.ordinal()].increment();
        Instant now = clock.instant();
        if (outcome == Outcome.APPLIED) {
            lastEventAt = now;
            lastEntryId = entryId;
        }
        if (outcome.isError()) {
            lastErrorAt = now;
            synchronized (problems) {
                problems.addFirst(new Problem(now, entryId, outcome, message));
                while (problems.size() > ERRORS_KEPT) {
                    problems.removeLast();
                }
            }
        }
    }

    void reconnected() {
        reconnects.increment();
    }

    /** Connections lost and made again since start-up. */
    public long reconnectCount() {
        return (long) reconnects.count();
    }

    public long count(Outcome outcome) {
        return (long) counters[outcome.ordinal()].count();
    }

    public long errorCount() {
        long sum = 0;
        for (Outcome outcome : Outcome.values()) {
            if (outcome.isError()) {
                sum += count(outcome);
            }
        }
        return sum;
    }

    public Optional<Instant> lastEventAt() {
        return Optional.ofNullable(lastEventAt);
    }

    public Optional<String> lastEntryId() {
        return Optional.ofNullable(lastEntryId);
    }

    public Optional<Instant> lastErrorAt() {
        return Optional.ofNullable(lastErrorAt);
    }

    /** Newest first. */
    public List<Problem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }
}
