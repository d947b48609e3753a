package com.openedxpok.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stateful fake of the POK API on 127.0.0.1, for tests, benchmarks and demo mode. It keeps credentials in memory,
 * moves them through POK's states on a timer, records every request, and misbehaves on demand
 * ({@link #setFaults(FaultPlan)}). See docs/simulator.md.
 *
 * <pre>{@code
 * try (PokSimulator pok = PokSimulator.builder().emitDelay(Duration.ofMillis(200)).start()) {
 *     client.send(pok.baseUrl() + "organization/me", "ApiKey " + pok.apiKey().reveal());
 *     ...
 *     assertThat(pok.credentialsCreatedFor("42")).hasSize(1);
 * }
 * }</pre>
 */
public final class PokSimulator implements AutoCloseable {

    /** The API key of a simulator built without one (documented, so that benchmarks can rely on it). */
    public static final String DEFAULT_API_KEY = "simulator-key";

    private final Clock clock;
    private final ApiKey apiKey;
    private final CredentialStore store;
    private final Catalog catalog = new Catalog();
    private final FaultInjector faults = new FaultInjector();
    private final RequestLog requestLog;
    private final ControlApi control = new ControlApi(this);
    private final SimHttpServer server;
    private final URI baseUrl;
    private final PokApi api;

    private PokSimulator(Builder b) throws IOException {
        this.clock = b.clock;
        this.apiKey = new ApiKey(b.apiKey.strip());
        this.store = new CredentialStore(clock, b.emitDelay, b.approvalDelay, b.availableCredits);
        this.requestLog = new RequestLog(b.requestLogCapacity);
        this.server = new SimHttpServer(b.port, b.workerThreads);
        this.baseUrl = URI.create("http://127.0.0.1:" + server.port() + "/");
        this.api = new PokApi(apiKey, baseUrl, store, catalog);
        if (b.stateFile != null) {
            store.persistTo(b.stateFile, server.port());
        }
        server.start(new Dispatcher());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A simulator with every default: random port, {@link #DEFAULT_API_KEY}, 3 s emit delay. */
    public static PokSimulator start() {
        return builder().start();
    }

    // ---- where it is -------------------------------------------------------------------------------------------

    /** {@code http://127.0.0.1:<port>/}, ending with '/' (clients append relative paths). */
    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.port();
    }

    /** The port a simulator persisted in {@code stateFile} listened on, if the file says. */
    public static java.util.OptionalInt savedPort(java.nio.file.Path stateFile) {
        return CredentialStore.read(stateFile).filter(state -> state.port() > 0 && state.port() <= 65535)
                .map(state -> java.util.OptionalInt.of(state.port())).orElse(java.util.OptionalInt.empty());
    }

    /** The key requests must carry as {@code Authorization: ApiKey <key>}. */
    public ApiKey apiKey() {
        return apiKey;
    }

    /**
     * Whether POK accepts the key. False simulates an organization whose key was revoked or rotated: every API call
     * answers 401 until it is set back to true.
     */
    public void setKeyAccepted(boolean accepted) {
        api.setKeyAccepted(accepted);
    }

    // ---- faults ------------------------------------------------------------------------------------------------

    /** Replaces the fault plan at once; its seeded random sequence starts over. */
    public void setFaults(FaultPlan plan) {
        faults.set(plan);
    }

    public FaultPlan faults() {
        return faults.plan();
    }

    public void clearFaults() {
        faults.set(FaultPlan.NONE);
    }

    // ---- behaviour ---------------------------------------------------------------------------------------------

    /** How long new credentials stay {@code processing}. Credentials already created keep their own timing. */
    public void setEmitDelay(Duration delay) {
        store.setEmitDelay(delay);
    }

    public Duration emitDelay() {
        return store.emitDelay();
    }

    /** How long new credentials sent with {@code skipAcceptance: false} then stay {@code waitingForApproval}. */
    public void setApprovalDelay(Duration delay) {
        store.setApprovalDelay(delay);
    }

    public Duration approvalDelay() {
        return store.approvalDelay();
    }

    /** Credits left for blockchain emissions (each spends one; at zero they are refused with 422). */
    public void setAvailableCredits(long credits) {
        store.setAvailableCredits(credits);
    }

    public long availableCredits() {
        return store.availableCredits();
    }

    /**
     * Adds (or replaces) a template the organization owns.
     *
     * @param parameterLabelsById custom parameters, id → label, in the order POK lists them
     */
    public void addTemplate(String id, String name, Map<String, String> parameterLabelsById) {
        List<SimTemplate.Parameter> parameters = new LinkedHashMap<>(parameterLabelsById).entrySet().stream()
                .map(e -> new SimTemplate.Parameter(e.getKey(), e.getValue())).toList();
        catalog.add(new SimTemplate(id, name, "1", parameters));
    }

    // ---- credentials -------------------------------------------------------------------------------------------

    public Optional<SimulatedCredential> credential(String id) {
        return store.find(id);
    }

    /** Every credential held, oldest first. */
    public List<SimulatedCredential> credentials() {
        return store.all();
    }

    /** The credentials that exist for this {@code receiver.identification} (however their requests ended). */
    public List<SimulatedCredential> credentialsCreatedFor(String identification) {
        return store.createdFor(identification);
    }

    /**
     * Puts a credential in any state ({@code aborted}, {@code revoked}, {@code waitingForApproval}, {@code emitted},
     * or one POK has never sent) and keeps it there.
     *
     * @throws IllegalArgumentException when the simulator holds no such credential
     */
    public SimulatedCredential forceState(String credentialId, String state) {
        return store.force(credentialId, state);
    }

    // ---- the request log ---------------------------------------------------------------------------------------

    /** Every request received (the newest 100 000 by default), oldest first. */
    public List<RecordedRequest> requests() {
        return requestLog.all();
    }

    public List<RecordedRequest> requests(SimOperation operation) {
        return requestLog.all().stream().filter(r -> r.operation() == operation).toList();
    }

    /** Requests for this operation, whatever their outcome. */
    public long count(SimOperation operation) {
        return requestLog.count(operation);
    }

    /** {@code POST /credential} requests for this learner, whatever their outcome (refused, faulted, created). */
    public long issueAttemptsFor(String identification) {
        return requestLog.issueAttemptsFor(identification);
    }

    /** Forgets the recorded requests and their counts; credentials stay. */
    public void clearRequests() {
        requestLog.clear();
    }

    public SimulatorStats stats() {
        return new SimulatorStats(requestLog.total(), requestLog.byOperation(), requestLog.byFault(), store.size(),
                store.countByState(), store.availableCredits());
    }

    /** Back to the start: no credentials, no recorded requests, no faults, full credits, seeded templates. */
    public void reset() {
        faults.set(FaultPlan.NONE);
        store.clear();
        catalog.reset();
        requestLog.clear();
        api.setKeyAccepted(true);
    }

    /** Stops accepting, closes every connection (held ones too) and ends the worker threads. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "PokSimulator[" + baseUrl + "]";
    }

    /** Puts faults, the API and the request log together for each request. */
    private final class Dispatcher implements SimHandler {

        @Override
        public Reply handle(SimRequest request) {
            Instant at = clock.instant();
            Route route = Route.of(request.method(), request.path());
            if (route.operation() == SimOperation.CONTROL) {
                SimResponse response = control.handle(request, at);
                record(at, request, route.operation(), response.status(), AppliedFault.NONE, Duration.ZERO,
                        PokApi.Result.of(response));
                return Reply.answer(response);
            }
            FaultInjector.Decision decision = faults.decide(route.operation(), at);
            if (!decision.latency().isZero() && !sleep(decision.latency())) {
                return Reply.reset();
            }
            FaultPlan plan = decision.plan();
            switch (decision.fault()) {
                case OUTAGE:
                    Duration left = Duration.between(clock.instant(), plan.outageUntil());
                    return unprocessed(at, request, route, decision, SimResponse
                            .error(503, "Simulated outage: POK is unavailable")
                            .withHeader("Retry-After", String.valueOf(Math.max(1,
                                    FaultPlanJson.retryAfterSeconds(left.isNegative() ? Duration.ZERO : left)))));
                case SERVER_ERROR:
                    return unprocessed(at, request, route, decision,
                            SimResponse.error(500, "Simulated internal server error"));
                case THROTTLED:
                    return unprocessed(at, request, route, decision, SimResponse
                            .error(429, "Simulated rate limit: too many requests")
                            .withHeader("Retry-After", String.valueOf(FaultPlanJson.retryAfterSeconds(plan.retryAfter()))));
                default:
                    break;
            }
            PokApi.Result result = api.handle(route, request);
            AppliedFault fault = decision.fault();
            boolean answered = fault != AppliedFault.TIMEOUT && fault != AppliedFault.RESET;
            record(at, request, route.operation(), answered ? result.response().status() : 0, fault,
                    decision.latency(), result);
            switch (fault) {
                case TIMEOUT:
                    return Reply.hold(plan.timeoutHold());
                case RESET:
                    return Reply.reset();
                case DRIP:
                    return Reply.drip(result.response(), plan.dripInterval());
                default:
                    return Reply.answer(result.response());
            }
        }

        @Override
        public void malformed(String method, String path, int status, String reason) {
            requestLog.record(new RecordedRequest(clock.instant(), method, path, SimOperation.UNKNOWN, status,
                    AppliedFault.NONE, Duration.ZERO, null, List.of(), null));
        }

        private Reply unprocessed(Instant at, SimRequest request, Route route, FaultInjector.Decision decision,
                SimResponse response) {
            PokApi.Result seen = route.operation() == SimOperation.ISSUE_CREDENTIAL ? PokApi.peek(request)
                    : PokApi.Result.of(response);
            record(at, request, route.operation(), response.status(), decision.fault(), decision.latency(), seen);
            return Reply.answer(response);
        }

        private void record(Instant at, SimRequest request, SimOperation operation, int status, AppliedFault fault,
                Duration latency, PokApi.Result result) {
            requestLog.record(new RecordedRequest(at, request.method(), request.path(), operation, status, fault,
                    latency, result.identification(), result.tags(), result.credentialId()));
        }

        /** @return false when the server is closing (the worker was interrupted) */
        private boolean sleep(Duration duration) {
            try {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** How to start a simulator; every setting has a default. */
    public static final class Builder {

        private int port;
        private String apiKey = DEFAULT_API_KEY;
        private Duration emitDelay = Duration.ofSeconds(3);
        private Duration approvalDelay = Duration.ofSeconds(10);
        private long availableCredits = SeedData.DEFAULT_CREDITS;
        private int workerThreads = 64;
        private int requestLogCapacity = 100_000;
        private Clock clock = Clock.systemUTC();
        private java.nio.file.Path stateFile;

        private Builder() {
        }

        /**
         * Keeps the credentials (and credits) in this JSON file, and starts from what it holds: for demo mode, whose
         * certificates must still show after a restart. Without it (the default) everything lives in memory.
         */
        public Builder stateFile(java.nio.file.Path file) {
            this.stateFile = java.util.Objects.requireNonNull(file);
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Port must be between 0 and 65535");
            }
            this.port = port;
            return this;
        }

        public Builder apiKey(String apiKey) {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("The simulator needs a non-blank API key");
            }
            this.apiKey = apiKey;
            return this;
        }

        /** How long credentials stay {@code processing} (default 3 s). */
        public Builder emitDelay(Duration delay) {
            this.emitDelay = nonNegative(delay);
            return this;
        }

        /** How long credentials without skipAcceptance then wait for approval (default 10 s). */
        public Builder approvalDelay(Duration delay) {
            this.approvalDelay = nonNegative(delay);
            return this;
        }

        /** Credits for blockchain emissions (default 100). */
        public Builder availableCredits(long credits) {
            if (credits < 0) {
                throw new IllegalArgumentException("Credits cannot be negative");
            }
            this.availableCredits = credits;
            return this;
        }

        /** Connections served at once (default 64); more wait in a queue, and beyond it get 503. */
        public Builder workerThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("At least one worker thread is needed");
            }
            this.workerThreads = threads;
            return this;
        }

        /** How many requests {@link PokSimulator#requests()} keeps (default 100 000; counts are never capped). */
        public Builder requestLogCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("The request log must keep at least one request");
            }
            this.requestLogCapacity = capacity;
            return this;
        }

        /** The clock that drives state changes and timestamps (tests may pass a fixed or stepped one). */
        public Builder clock(Clock clock) {
            this.clock = java.util.Objects.requireNonNull(clock);
            return this;
        }

        /** @throws UncheckedIOException when the port cannot be bound */
        public PokSimulator start() {
            try {
                return new PokSimulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("POK simulator: cannot listen on 127.0.0.1:" + port, e);
            }
        }

        private static Duration nonNegative(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("A delay must be zero or positive");
            }
            return delay;
        }
    }
}
