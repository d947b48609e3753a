package com.openedxpok.admin;

import java.time.Instant;
import java.util.Optional;

import com.openedxpok.pok.Organization;

/**
 * What we last learned about our connection to POK ({@code organization/me}).
 *
 * @param organization present when the call worked
 * @param problem      an operator-safe sentence when it did not
 * @param pausedReason why issuance is paused for everyone, if it is (the key was refused while issuing)
 */
public record PokConnection(State state, Optional<Organization> organization, String problem,
        Optional<String> pausedReason, Instant checkedAt, boolean simulated) {

    public enum State {
        /** POK answered: the API key works. */
        OK,
        /** POK refused the API key (401/403). */
        KEY_REFUSED,
        /** POK could not be asked or answered with an error. */
        UNREACHABLE
    }

    public boolean ok() {
        return state == State.OK;
    }
}
