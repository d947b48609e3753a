package com.openedxpok.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The fault plan as the control API reads and writes it: plain numbers in milliseconds and seconds, so a benchmark
 * script can send it with curl. Unknown fields are refused, so a typo cannot silently disable a fault.
 */
final class FaultPlanJson {

    private static final Set<String> FIELDS = Set.of("operations", "latencyMs", "latencyJitterMs",
            "serverErrorRate", "throttleRate", "retryAfterSeconds", "timeoutRate", "timeoutMs", "resetRate",
            "dripRate", "dripIntervalMs", "outageUntil", "outageForMs", "seed");

    private FaultPlanJson() {
    }

    /** @throws IllegalArgumentException naming the field that is wrong */
    static FaultPlan read(JsonNode json, Instant now) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("The fault plan must be a JSON object");
        }
        for (String name : json.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("Unknown fault plan field '" + name + "'; known: " + FIELDS);
            }
        }
        FaultPlan defaults = FaultPlan.NONE;
        Instant outageUntil = null;
        if (json.hasNonNull("outageUntil") && json.hasNonNull("outageForMs")) {
            throw new IllegalArgumentException("Give outageUntil or outageForMs, not both");
        }
        if (json.hasNonNull("outageUntil")) {
            try {
                outageUntil = Instant.parse(json.get("outageUntil").asString());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("outageUntil must be an ISO-8601 instant such as "
                        + "2026-01-01T10:00:00Z");
            }
        } else if (json.hasNonNull("outageForMs")) {
            outageUntil = now.plus(millis(json, "outageForMs", Duration.ZERO));
        }
        return new FaultPlan(operations(json.get("operations")),
                millis(json, "latencyMs", defaults.latency()),
                millis(json, "latencyJitterMs", defaults.latencyJitter()),
                number(json, "serverErrorRate", 0),
                number(json, "throttleRate", 0),
                Duration.ofSeconds((long) number(json, "retryAfterSeconds", defaults.retryAfter().toSeconds())),
                number(json, "timeoutRate", 0),
                millis(json, "timeoutMs", defaults.timeoutHold()),
                number(json, "resetRate", 0),
                number(json, "dripRate", 0),
                millis(json, "dripIntervalMs", defaults.dripInterval()),
                outageUntil,
                (long) number(json, "seed", 0));
    }

    static Map<String, Object> write(FaultPlan plan) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operations", plan.operations().stream().map(SimOperation::label).toList());
        json.put("latencyMs", plan.latency().toMillis());
        json.put("latencyJitterMs", plan.latencyJitter().toMillis());
        json.put("serverErrorRate", plan.serverErrorRate());
        json.put("throttleRate", plan.throttleRate());
        json.put("retryAfterSeconds", retryAfterSeconds(plan.retryAfter()));
        json.put("timeoutRate", plan.timeoutRate());
        json.put("timeoutMs", plan.timeoutHold().toMillis());
        json.put("resetRate", plan.resetRate());
        json.put("dripRate", plan.dripRate());
        json.put("dripIntervalMs", plan.dripInterval().toMillis());
        json.put("outageUntil", plan.outageUntil() == null ? null : plan.outageUntil().toString());
        json.put("seed", plan.seed());
        return json;
    }

    /** Retry-After carries whole seconds; rounding up never tells a client to come back too early. */
    static long retryAfterSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }

    private static Set<SimOperation> operations(JsonNode node) {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("operations must be an array such as [\"POST /credential\"]");
        }
        Set<SimOperation> operations = EnumSet.noneOf(SimOperation.class);
        for (JsonNode item : node) {
            String text = item.isString() ? item.stringValue() : item.toString();
            operations.add(SimOperation.fromText(text).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown operation '" + text + "' (use a label such as \"POST /credential\" or a name such as "
                            + "ISSUE_CREDENTIAL)")));
        }
        return operations;
    }

    private static Duration millis(JsonNode json, String field, Duration fallback) {
        return json.hasNonNull(field) ? Duration.ofMillis((long) number(json, field, 0)) : fallback;
    }

    private static double number(JsonNode json, String field, double fallback) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return value.doubleValue();
    }
}
