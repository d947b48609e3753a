package com.openedxpok.admin.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openedxpok.admin.AuditLog;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.issuance.CertificateLifecycle.Actor;

/**
 * A short lockout per username after repeated failed logins. For operators it lives in the database, so every
 * instance sees it. Names that are no operator's are tracked in memory the same way, so that the login page answers
 * alike for both and does not tell which usernames exist.
 */
@Component
public class LoginLockout {

    private static final Logger log = LoggerFactory.getLogger(LoginLockout.class);

    private final OperatorRepository operators;
    private final AuditLog audit;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration lockout;
    private final Cache<String, Attempts> unknownNames = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterAccess(Duration.ofHours(24)).build();

    private record Attempts(int failures, Instant lockedUntil) {
    }

    public LoginLockout(OperatorRepository operators, AuditLog audit, Clock clock, ServiceConfig config) {
        this.operators = operators;
        this.audit = audit;
        this.clock = clock;
        this.maxAttempts = config.admin().lockoutAttempts();
        this.lockout = config.admin().lockoutDuration();
    }

    /** When the username may try again, if it is locked now. */
    public Optional<Instant> lockedUntil(String username) {
        Instant now = clock.instant();
        Optional<Operator> operator = operators.findByUsername(username);
        if (operator.isPresent()) {
            return operator.filter(o -> o.isLockedAt(now)).map(Operator::lockedUntil);
        }
        Attempts attempts = unknownNames.getIfPresent(username);
        return attempts != null && attempts.lockedUntil() != null && attempts.lockedUntil().isAfter(now)
                ? Optional.of(attempts.lockedUntil()) : Optional.empty();
    }

    public void failed(String username, Optional<Operator> operator) {
        Instant until = clock.instant().plus(lockout);
        boolean locked;
        if (operator.isPresent()) {
            locked = operators.recordFailure(operator.get().id(), maxAttempts, until);
        } else {
            Attempts after = unknownNames.asMap().compute(username, (name, before) -> {
                int failures = (before == null ? 0 : before.failures()) + 1;
                return failures >= maxAttempts ? new Attempts(0, until) : new Attempts(failures, null);
            });
            locked = after.lockedUntil() != null;
        }
        if (locked) {
            String shown = printable(username);
            log.warn("Login for '{}' locked until {} after {} failed attempts", shown, until, maxAttempts);
            audit.append(Actor.SYSTEM, "LOGIN_LOCKED", shown, maxAttempts + " failed logins in a row; locked for "
                    + lockout.toMinutes() + " min");
        }
    }

    public void succeeded(Operator operator) {
        operators.recordSuccess(operator.id());
    }

    /** A typed username is attacker-controlled: no line breaks or control characters into the log. */
    static String printable(String text) {
        String cleaned = text.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 150 ? cleaned.substring(0, 150) + "…" : cleaned;
    }
}
