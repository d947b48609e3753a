package com.openedxpok.issuance;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Says in /actuator/health when issuance is paused and why (POK refused the API key). Reported as PAUSED, which
 * answers HTTP 200 and is not part of the liveness or readiness probes: restarting or unrouting the service would not
 * fix a key, and Open edX must keep reaching the webfilters meanwhile.
 */
@Component("pokIssuance")
class IssuanceHealthIndicator implements HealthIndicator {

    static final Status PAUSED = new Status("PAUSED", "Issuance is paused");

    private final IssuancePause pause;

    IssuanceHealthIndicator(IssuancePause pause) {
        this.pause = pause;
    }

    @Override
    public Health health() {
        try {
            return pause.reason()
                    .map(reason -> Health.status(PAUSED).withDetail("reason", reason).build())
                    .orElseGet(() -> Health.up().build());
        } catch (RuntimeException unreadable) {
            // The pause is kept in the database: without it, "db" is DOWN and says so; a 500 would hide everything.
            return Health.unknown().withDetail("reason", "the pause state could not be read").build();
        }
    }
}
