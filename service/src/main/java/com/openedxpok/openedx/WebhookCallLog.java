package com.openedxpok.openedx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What happened to calls on {@code /openedx/**}, told without letting anyone flood the log: anonymous callers decide
 * how many refusals there are, so only the first of a quiet spell gets its own line and the rest are summed up at most
 * once per {@link #INTERVAL}. Calls with the previous token are summed up the same way, so the operator sees when a
 * rotation is complete. Nothing here ever sees a token or a query string.
 */
final class WebhookCallLog implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(WebhookCallLog.class);

    enum Refusal {
        TOKEN("wrong or missing token", "token"),
        SOURCE("source not allowed", "source");

        final String summary;
        final String tag;

        Refusal(String summary, String tag) {
            this.summary = summary;
            this.tag = tag;
        }
    }

    private final Clock clock;
    private final Counter currentTokenCalls;
    private final Counter previousTokenCalls;
    private final Map<Refusal, Counter> refusedCalls = new EnumMap<>(Refusal.class);
    private ScheduledExecutorService ticker;

    /** Guarded by {@code this}. */
    private Instant lastRefusalLine;
    private final Map<Refusal, Integer> refusalsSinceLine = new EnumMap<>(Refusal.class);
    private String lastRefusedSource;
    private Instant lastPreviousTokenLine;
    private int previousTokenCallsSinceLine;

    WebhookCallLog(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        // Prometheus: openedx_pok_webhook_calls_total{token="current"|"previous"}, openedx_pok_webhook_refused_total.
        this.currentTokenCalls = meters.counter("openedx_pok.webhook.calls", "token", "current");
        this.previousTokenCalls = meters.counter("openedx_pok.webhook.calls", "token", "previous");
        for (Refusal refusal : Refusal.values()) {
            refusedCalls.put(refusal, meters.counter("openedx_pok.webhook.refused", "reason", refusal.tag));
        }
    }

    /** Summaries due while no call comes are written by a background tick; tests call {@link #flush()} instead. */
    synchronized WebhookCallLog tickEvery(Duration period) {
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "openedx-call-log");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleWithFixedDelay(this::flush, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    void acceptedWithCurrentToken() {
        currentTokenCalls.increment();
    }

    synchronized void acceptedWithPreviousToken() {
        previousTokenCalls.increment();
        Instant now = clock.instant();
        if (previousTokenCallsSinceLine == 0 && quietSince(lastPreviousTokenLine, now)) {
            logPreviousTokenCalls(1, now);
        } else {
            previousTokenCallsSinceLine++;
            flush(now);
        }
    }

    /**
     * @param detail what exactly was wrong, for the first line of a spell (for example "missing webhook token")
     * @param path   the request path without its query string
     * @param source the caller's address as far as it is known
     */
    synchronized void refused(Refusal refusal, String detail, String method, String path, String source) {
        refusedCalls.get(refusal).increment();
        Instant now = clock.instant();
        if (refusalsSinceLine.isEmpty() && quietSince(lastRefusalLine, now)) {
            log.warn("Refused {} {} from {}: {} (further refusals are summed up at most once a minute)",
                    printable(method), printable(path), source, detail);
            lastRefusalLine = now;
        } else {
            refusalsSinceLine.merge(refusal, 1, Integer::sum);
            lastRefusedSource = source;
            flush(now);
        }
    }

    /** Writes the summaries that are due. */
    synchronized void flush() {
        flush(clock.instant());
    }

    private void flush(Instant now) {
        if (!refusalsSinceLine.isEmpty() && !now.isBefore(lastRefusalLine.plus(INTERVAL))) {
            int total = refusalsSinceLine.values().stream().mapToInt(Integer::intValue).sum();
            StringJoiner reasons = new StringJoiner(", ");
            refusalsSinceLine.forEach((refusal, count) -> reasons.add(refusal.summary + ": " + count));
            log.warn("Refused {} call{} to /openedx/** in the last {} s ({}); last from {}", total,
                    total == 1 ? "" : "s", Duration.between(lastRefusalLine, now).toSeconds(), reasons,
                    lastRefusedSource);
            refusalsSinceLine.clear();
            lastRefusalLine = now;
        }
        if (previousTokenCallsSinceLine > 0 && !now.isBefore(lastPreviousTokenLine.plus(INTERVAL))) {
            logPreviousTokenCalls(previousTokenCallsSinceLine, now);
        }
    }

    private void logPreviousTokenCalls(int calls, Instant now) {
        log.info("{} call{} used the previous webhook token in the last minute: update the URLs in openedx-webhooks, "
                + "then remove OPENEDX_WEBHOOK_TOKEN_PREVIOUS", calls, calls == 1 ? "" : "s");
        previousTokenCallsSinceLine = 0;
        lastPreviousTokenLine = now;
    }

    private static boolean quietSince(Instant lastLine, Instant now) {
        return lastLine == null || !now.isBefore(lastLine.plus(INTERVAL));
    }

    /** The method and path come from the caller: short, and on one line. */
    private static String printable(String text) {
        String oneLine = text == null ? "" : text.replaceAll("[\\p{Cntrl}]", "?");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }
}
