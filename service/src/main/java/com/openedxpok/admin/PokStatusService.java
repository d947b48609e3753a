package com.openedxpok.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openedxpok.issuance.IssuancePause;
import com.openedxpok.pok.PokClient;
import com.openedxpok.pok.PokEndpoint;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokFailure;

/**
 * Whether POK accepts our API key, from {@code organization/me}. The dashboard's answer is at most a minute old (every
 * operator's page view must not be a POK request); "Test connection" asks now.
 */
@Service
public class PokStatusService {

    private static final Duration CACHE = Duration.ofMinutes(1);

    private final PokClient pok;
    private final PokEndpoint endpoint;
    private final IssuancePause pause;
    private final Clock clock;
    private final Cache<String, PokConnection> cache = Caffeine.newBuilder().expireAfterWrite(CACHE).maximumSize(1)
            .build();

    public PokStatusService(PokClient pok, PokEndpoint endpoint, IssuancePause pause, Clock clock) {
        this.pok = pok;
        this.endpoint = endpoint;
        this.pause = pause;
        this.clock = clock;
    }

    /** At most a minute old. */
    public PokConnection current() {
        PokConnection cached = cache.get("me", key -> ask());
        return withPause(cached);
    }

    /** Asks POK now (and keeps the answer for {@link #current()}). */
    public PokConnection checkNow() {
        PokConnection fresh = ask();
        cache.put("me", fresh);
        return withPause(fresh);
    }

    private PokConnection withPause(PokConnection connection) {
        Optional<String> paused = pause.reason();
        return new PokConnection(connection.state(), connection.organization(), connection.problem(), paused,
                connection.checkedAt(), connection.simulated());
    }

    private PokConnection ask() {
        try {
            return new PokConnection(PokConnection.State.OK, Optional.of(pok.organization()), null, Optional.empty(),
                    clock.instant(), endpoint.simulated());
        } catch (PokException e) {
            PokConnection.State state = e.failure() == PokFailure.AUTHENTICATION ? PokConnection.State.KEY_REFUSED
                    : PokConnection.State.UNREACHABLE;
            // The exception's message is operator-safe by contract: no key, no personal data.
            return new PokConnection(state, Optional.empty(), e.getMessage(), Optional.empty(), clock.instant(),
                    endpoint.simulated());
        }
    }
}
