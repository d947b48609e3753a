package com.openedxpok.simulator;

import java.util.Map;

/**
 * Counts since start (or the last reset / clearRequests).
 *
 * @param credentialsByState the current state of every credential held, counted
 */
public record SimulatorStats(
        long requests,
        Map<SimOperation, Long> byOperation,
        Map<AppliedFault, Long> byFault,
        int credentials,
        Map<String, Long> credentialsByState,
        long availableCredits) {

    public SimulatorStats {
        byOperation = Map.copyOf(byOperation);
        byFault = Map.copyOf(byFault);
        credentialsByState = Map.copyOf(credentialsByState);
    }
}
