package com.openedxpok.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One request as the simulator saw it.
 *
 * @param status         the HTTP status answered; 0 when nothing was answered (reset, timeout)
 * @param addedLatency   the latency the fault plan added (zero when none)
 * @param identification {@code receiver.identification} of a POST /credential (null otherwise or when absent)
 * @param tags           {@code credential.tags} of a POST /credential (empty otherwise)
 * @param credentialId   the credential a POST /credential created (also when the answer was then lost to a
 *                       reset or timeout), or the credential a request addressed; null otherwise
 */
public record RecordedRequest(
        Instant at,
        String method,
        String path,
        SimOperation operation,
        int status,
        AppliedFault fault,
        Duration addedLatency,
        String identification,
        List<String> tags,
        String credentialId) {

    public RecordedRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
        addedLatency = addedLatency == null ? Duration.ZERO : addedLatency;
        fault = fault == null ? AppliedFault.NONE : fault;
    }
}
