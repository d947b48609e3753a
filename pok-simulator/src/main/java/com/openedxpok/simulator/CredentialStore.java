package com.openedxpok.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated POK's credentials and credits. A credential's state is derived from the clock when it is read
 * (processing until {@code emitAt}, then emitted or waiting for approval until {@code approvedAt}) unless a test
 * forced it, so no timer thread is needed and a read is always up to date.
 */
final class CredentialStore {

    private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);

    static final String PROCESSING = "processing";
    static final String EMITTED = "emitted";
    static final String WAITING_FOR_APPROVAL = "waitingForApproval";

    record Stored(String id, Instant createdAt, IssueCommand command, Instant emitAt, Instant approvedAt,
            String forcedState) {

        String stateAt(Instant now) {
            if (forcedState != null) {
                return forcedState;
            }
            if (now.isBefore(emitAt)) {
                return PROCESSING;
            }
            if (approvedAt != null && now.isBefore(approvedAt)) {
                return WAITING_FOR_APPROVAL;
            }
            return EMITTED;
        }
    }

    /** What {@link #persistTo} writes: enough to answer for every credential after a restart, and where it was. */
    record State(int port, long availableCredits, List<Stored> credentials) {
        State {
            credentials = credentials == null ? List.of() : List.copyOf(credentials);
        }
    }

    private final Clock clock;
    private final long defaultCredits;
    private Path stateFile;
    private int port;
    private final Map<String, Stored> credentials = new LinkedHashMap<>();
    private Duration emitDelay;
    private Duration approvalDelay;
    private long availableCredits;

    CredentialStore(Clock clock, Duration emitDelay, Duration approvalDelay, long credits) {
        this.clock = clock;
        this.emitDelay = emitDelay;
        this.approvalDelay = approvalDelay;
        this.defaultCredits = credits;
        this.availableCredits = credits;
    }

    /** @throws PokApiError 422 when a blockchain emission finds no credit left */
    synchronized SimulatedCredential create(IssueCommand command) {
        if (command.emissionType().equals("blockchain")) {
            if (availableCredits <= 0) {
                throw new PokApiError(422, "Not enough credits");
            }
            availableCredits--;
        }
        Instant now = clock.instant();
        Instant emitAt = now.plus(emitDelay);
        Instant approvedAt = command.skipAcceptance() ? null : emitAt.plus(approvalDelay);
        Stored stored = new Stored(UUID.randomUUID().toString(), now, command, emitAt, approvedAt, null);
        credentials.put(stored.id(), stored);
        save();
        return snapshot(stored, now);
    }

    synchronized Optional<SimulatedCredential> find(String id) {
        Stored stored = credentials.get(id);
        return stored == null ? Optional.empty() : Optional.of(snapshot(stored, clock.instant()));
    }

    synchronized List<SimulatedCredential> all() {
        Instant now = clock.instant();
        return credentials.values().stream().map(s -> snapshot(s, now)).toList();
    }

    synchronized List<SimulatedCredential> createdFor(String identification) {
        Instant now = clock.instant();
        return credentials.values().stream()
                .filter(s -> identification.equals(s.command().identification()))
                .map(s -> snapshot(s, now)).toList();
    }

    /** @throws IllegalArgumentException when there is no such credential */
    synchronized SimulatedCredential force(String id, String state) {
        if (state == null || state.isBlank()) {
            throw new IllegalArgumentException("A state is required");
        }
        Stored stored = credentials.get(id);
        if (stored == null) {
            throw new IllegalArgumentException("No credential " + id + " in the simulator");
        }
        Stored forced = new Stored(stored.id(), stored.createdAt(), stored.command(), stored.emitAt(),
                stored.approvedAt(), state.strip());
        credentials.put(id, forced);
        save();
        return snapshot(forced, clock.instant());
    }

    synchronized Map<String, Long> countByState() {
        Instant now = clock.instant();
        Map<String, Long> counts = new TreeMap<>();
        credentials.values().forEach(s -> counts.merge(s.stateAt(now), 1L, Long::sum));
        return counts;
    }

    synchronized int size() {
        return credentials.size();
    }

    synchronized long availableCredits() {
        return availableCredits;
    }

    synchronized void setAvailableCredits(long credits) {
        if (credits < 0) {
            throw new IllegalArgumentException("Credits cannot be negative");
        }
        availableCredits = credits;
        save();
    }

    synchronized void setEmitDelay(Duration delay) {
        emitDelay = requireNonNegative(delay);
    }

    synchronized void setApprovalDelay(Duration delay) {
        approvalDelay = requireNonNegative(delay);
    }

    synchronized Duration emitDelay() {
        return emitDelay;
    }

    synchronized Duration approvalDelay() {
        return approvalDelay;
    }

    /** Forgets every credential and refills the credits; the delays stay as configured. */
    synchronized void clear() {
        credentials.clear();
        availableCredits = defaultCredits;
        save();
    }

    /**
     * Keeps the credentials in {@code file} from now on (demo mode: a restarted demo still answers for, and draws the
     * images of, every credential it issued before), starting with what the file already holds. A file that cannot
     * be read is set aside, not fatal: the demo then starts empty, as it did before there was a file.
     */
    synchronized void persistTo(Path file, int listeningPort) {
        this.stateFile = file;
        this.port = listeningPort;
        read(file).ifPresent(state -> {
            credentials.clear();
            state.credentials().forEach(c -> credentials.put(c.id(), c));
            availableCredits = state.availableCredits();
        });
        save();
    }

    /** The state {@code file} holds, or empty when there is none or it cannot be read. */
    static Optional<State> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readAllBytes(file), State.class));
        } catch (IOException | RuntimeException e) {
            log.warn("POK simulator: cannot read {} ({}); starting without its credentials", file,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.write(temporary, Json.bytes(new State(port, availableCredits, List.copyOf(credentials.values()))));
            Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // The demo goes on; only a restart would lose what was not written.
            log.warn("POK simulator: cannot write {} ({})", stateFile, e.getClass().getSimpleName());
        }
    }

    private static Duration requireNonNegative(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("A delay must be zero or positive");
        }
        return delay;
    }

    private static SimulatedCredential snapshot(Stored s, Instant now) {
        IssueCommand c = s.command();
        return new SimulatedCredential(s.id(), s.stateAt(now), s.createdAt(), c.emissionType(), c.title(),
                c.emitter(), c.emissionDate(), c.dateFormat(), c.tags(), c.skipAcceptance(), c.identification(),
                c.email(), c.firstName(), c.lastName(), c.languageTag(), c.template().id(), c.customParameters(),
                c.pageId());
    }
}
