package com.openedxpok.simulator;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every request, in arrival order. The entries are capped (oldest dropped) so that a long benchmark cannot exhaust
 * memory; the counters are not.
 */
final class RequestLog {

    private final int capacity;
    private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>();
    private final Map<SimOperation, Long> byOperation = new EnumMap<>(SimOperation.class);
    private final Map<AppliedFault, Long> byFault = new EnumMap<>(AppliedFault.class);
    private long total;

    RequestLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void record(RecordedRequest request) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(request);
        byOperation.merge(request.operation(), 1L, Long::sum);
        byFault.merge(request.fault(), 1L, Long::sum);
        total++;
    }

    synchronized List<RecordedRequest> all() {
        return List.copyOf(entries);
    }

    synchronized long count(SimOperation operation) {
        return byOperation.getOrDefault(operation, 0L);
    }

    synchronized long issueAttemptsFor(String identification) {
        return entries.stream()
                .filter(r -> r.operation() == SimOperation.ISSUE_CREDENTIAL)
                .filter(r -> identification.equals(r.identification()))
                .count();
    }

    synchronized long total() {
        return total;
    }

    synchronized Map<SimOperation, Long> byOperation() {
        return byOperation.isEmpty() ? Map.of() : new EnumMap<>(byOperation);
    }

    synchronized Map<AppliedFault, Long> byFault() {
        return byFault.isEmpty() ? Map.of() : new EnumMap<>(byFault);
    }

    synchronized void clear() {
        entries.clear();
        byOperation.clear();
        byFault.clear();
        total = 0;
    }
}
