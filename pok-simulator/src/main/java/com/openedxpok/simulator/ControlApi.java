package com.openedxpok.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * {@code /_simulator/*}: lets a benchmark that runs the simulator as a separate process steer it. No API key:
 * the simulator only listens on 127.0.0.1 and holds nothing real.
 */
final class ControlApi {

    private final PokSimulator simulator;

    ControlApi(PokSimulator simulator) {
        this.simulator = simulator;
    }

    SimResponse handle(SimRequest request, Instant now) {
        String action = request.method() + " " + request.path();
        try {
            switch (action) {
                case "GET /_simulator/faults":
                    return SimResponse.json(200, FaultPlanJson.write(simulator.faults()));
                case "POST /_simulator/faults":
                    FaultPlan plan = FaultPlanJson.read(body(request), now);
                    simulator.setFaults(plan);
                    return SimResponse.json(200, FaultPlanJson.write(plan));
                case "POST /_simulator/reset":
                    simulator.reset();
                    return SimResponse.json(200, Map.of("message", "Simulator reset"));
                case "GET /_simulator/stats":
                    return SimResponse.json(200, statsJson(simulator.stats()));
                case "POST /_simulator/settings":
                    return SimResponse.json(200, settings(body(request)));
                case "GET /_simulator/duplicates":
                    return SimResponse.json(200, Map.of("receivers", duplicates()));
                default:
                    return SimResponse.error(404, "Unknown control endpoint: " + action);
            }
        } catch (IllegalArgumentException e) {
            return SimResponse.error(400, e.getMessage());
        }
    }

    /**
     * Receivers holding more than one credential, by {@code receiver.identification}: a benchmark in another process
     * cannot call {@link PokSimulator#credentialsCreatedFor}, and asking once per learner would take thousands of
     * requests.
     */
    private Map<String, Long> duplicates() {
        Map<String, Long> perReceiver = new TreeMap<>();
        for (SimulatedCredential credential : simulator.credentials()) {
            if (credential.identification() != null) {
                perReceiver.merge(credential.identification(), 1L, Long::sum);
            }
        }
        perReceiver.values().removeIf(count -> count < 2);
        return perReceiver;
    }

    private Map<String, Object> settings(JsonNode json) {
        if (!json.isObject()) {
            throw new IllegalArgumentException("The settings must be a JSON object");
        }
        for (String name : json.propertyNames()) {
            if (!name.equals("emitDelayMs") && !name.equals("approvalDelayMs") && !name.equals("availableCredits")) {
                throw new IllegalArgumentException("Unknown setting '" + name
                        + "'; known: emitDelayMs, approvalDelayMs, availableCredits");
            }
        }
        // Check every value before applying any, so a bad request changes nothing.
        Long emit = wholeNumber(json, "emitDelayMs");
        Long approval = wholeNumber(json, "approvalDelayMs");
        Long credits = wholeNumber(json, "availableCredits");
        if (emit != null) {
            simulator.setEmitDelay(Duration.ofMillis(emit));
        }
        if (approval != null) {
            simulator.setApprovalDelay(Duration.ofMillis(approval));
        }
        if (credits != null) {
            simulator.setAvailableCredits(credits);
        }
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("emitDelayMs", simulator.emitDelay().toMillis());
        current.put("approvalDelayMs", simulator.approvalDelay().toMillis());
        current.put("availableCredits", simulator.availableCredits());
        return current;
    }

    private static Long wholeNumber(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.longValue() < 0) {
            throw new IllegalArgumentException(field + " must be a whole number, zero or more");
        }
        return value.longValue();
    }

    static Map<String, Object> statsJson(SimulatorStats stats) {
        Map<String, Long> byOperation = new LinkedHashMap<>();
        stats.byOperation().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> byOperation.put(e.getKey().label(), e.getValue()));
        Map<String, Long> byFault = new LinkedHashMap<>();
        stats.byFault().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> byFault.put(e.getKey().name(), e.getValue()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requests", stats.requests());
        json.put("byOperation", byOperation);
        json.put("byFault", byFault);
        json.put("credentials", stats.credentials());
        json.put("credentialsByState", new java.util.TreeMap<>(stats.credentialsByState()));
        json.put("availableCredits", stats.availableCredits());
        return json;
    }

    private static JsonNode body(SimRequest request) {
        return Json.parse(request.body());
    }
}
