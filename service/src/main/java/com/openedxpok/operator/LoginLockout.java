package com.openedxpok.operator;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openedxpok.audit.AuditRepository;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.kernel.Actor;

/**
 * Throttles console logins at two levels, both counted in the database so that every instance agrees:
 * <ul>
 * <li><b>per username and client address</b>: after {@code POK_ADMIN_LOCKOUT_ATTEMPTS} failures in a row the address
 * waits {@code POK_ADMIN_LOCKOUT_DURATION}, twice that after its next round of failures, and so on up to a day;</li>
 * <li><b>per username</b>, counting only addresses the operator never logged in from: the same number of failures
 * locks the account for {@code POK_ADMIN_LOCKOUT_DURATION}, but not for the addresses the operator logged in from
 * before. So an attacker (or many) cannot keep the owner out of the place they work from.</li>
 * </ul>
 * A password is checked only after an attempt is reserved at both levels ({@link #reserve}): check and count are one
 * atomic step, so parallel requests cannot get more than the limit of passwords checked.
 *
 * <p>Names that are no operator's go through the same steps in memory, so that the login page answers alike for
 * both and does not tell which usernames exist.
 */
@Component
public class LoginLockout {

    private static final Logger log = LoggerFactory.getLogger(LoginLockout.class);
    /** Known addresses kept per operator (the newest). */
    static final int KNOWN_ADDRESSES = 10;
    private static final Duration LONGEST_LOCK = Duration.ofDays(1);
    /** An address's row that never logged in is forgotten (with its growing delay) after a day of quiet. */
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[^\\]]*)?\\]?");

    private final OperatorRepository operators;
    private final AuditRepository audit;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration lockout;
    private final Cache<String, Counter> unknownNames = Caffeine.newBuilder()
            .maximumSize(20_000).expireAfterAccess(FORGET_AFTER).build();

    /** A reserved password check: must end in {@link #failed}, {@link #succeeded} or {@link #release}. */
    public record Attempt(String username, String address, Optional<Operator> operator, boolean knownAddress) {
    }

    public LoginLockout(OperatorRepository operators, AuditRepository audit, Clock clock, ServiceConfig config) {
        this.operators = operators;
        this.audit = audit;
        this.clock = clock;
        this.maxAttempts = config.admin().lockoutAttempts();
        this.lockout = config.admin().lockoutDuration();
    }

    /** One password check for the username from the client address, or empty if it is locked now. */
    public Optional<Attempt> reserve(String username, String clientAddress, Optional<Operator> operator) {
        String address = addressKey(clientAddress);
        Instant now = clock.instant();
        if (operator.isEmpty()) {
            return reserveInMemory(username, address, now);
        }
        long id = operator.get().id();
        boolean known = operators.throttleRow(id, address, now, now.minus(FORGET_AFTER));
        if (!operators.reserveAddressAttempt(id, address, maxAttempts, now)) {
            // Used up but not locked yet (its last checks are still running, or one died before counting): lock now.
            lockAddressIfFull(username, id, address, now);
            return Optional.empty();
        }
        if (!known && !operators.reserveAccountAttempt(id, maxAttempts, now)) {
            operators.releaseAddressAttempt(id, address);
            lockAccountIfFull(username, id, address, now);
            return Optional.empty();
        }
        return Optional.of(new Attempt(username, address, operator, known));
    }

    public void failed(Attempt attempt) {
        Instant now = clock.instant();
        if (attempt.operator().isEmpty()) {
            failedInMemory(attempt, now);
            return;
        }
        long id = attempt.operator().get().id();
        lockAddressIfFull(attempt.username(), id, attempt.address(), now);
        if (!attempt.knownAddress()) {
            lockAccountIfFull(attempt.username(), id, attempt.address(), now);
        }
    }

    /**
     * The password was right: the counts start again and the address becomes a known one. False if a lock came in
     * while the password was checked (parallel failures used up the attempts): the lock stays and the login is refused.
     */
    public boolean succeeded(Attempt attempt) {
        long id = attempt.operator().orElseThrow().id();
        Instant now = clock.instant();
        boolean accountFree = operators.accountSucceeded(id, now);
        if (!accountFree && !attempt.knownAddress()) {
            return false;
        }
        return operators.addressSucceeded(id, attempt.address(), now, KNOWN_ADDRESSES);
    }

    /** Takes back a reservation whose check says nothing about the password being guessed (a disabled account). */
    public void release(Attempt attempt) {
        if (attempt.operator().isEmpty()) {
            return;
        }
        long id = attempt.operator().get().id();
        operators.releaseAddressAttempt(id, attempt.address());
        if (!attempt.knownAddress()) {
            operators.releaseAccountAttempt(id);
        }
    }

    private void lockAddressIfFull(String username, long id, String address, Instant now) {
        Optional<Integer> lockouts = operators.addressLockoutsIfFull(id, address, maxAttempts);
        if (lockouts.isPresent()) {
            Instant until = now.plus(addressLock(lockouts.get()));
            if (operators.lockAddress(id, address, maxAttempts, lockouts.get(), until, now)) {
                locked(username, "from " + address, lockouts.get() + 1, until);
            }
        }
    }

    private void lockAccountIfFull(String username, long id, String address, Instant now) {
        Instant until = now.plus(lockout);
        if (operators.lockAccountIfFull(id, maxAttempts, until)) {
            locked(username, "from every address it never logged in from (the last: " + address + ")", 1, until);
        }
    }

    /** The {@code n}th lock in a row (0-based) of an address: the lockout duration, doubled each time, at most a day. */
    Duration addressLock(int earlierLocks) {
        Duration length = lockout.multipliedBy(1L << Math.min(earlierLocks, 16));
        return length.compareTo(LONGEST_LOCK) > 0 ? (lockout.compareTo(LONGEST_LOCK) > 0 ? lockout : LONGEST_LOCK)
                : length;
    }

    private void locked(String username, String where, int lockNumber, Instant until) {
        String shown = printable(username);
        String detail = maxAttempts + " failed logins in a row " + where + "; locked until " + until
                + (lockNumber > 1 ? " (lock " + lockNumber + " in a row)" : "");
        log.warn("Login for '{}' locked: {}", shown, detail);
        audit.append(Actor.SYSTEM, "LOGIN_LOCKED", shown, detail);
    }

    // Unknown names: the same two levels in memory (nobody can log in with them, so nothing to keep across instances).

    private final class Counter {
        private int failures;
        private int lockouts;
        private Instant lockedUntil;

        synchronized boolean reserve(Instant now) {
            if ((lockedUntil != null && lockedUntil.isAfter(now)) || failures >= maxAttempts) {
                return false;
            }
            failures++;
            return true;
        }

        synchronized void release() {
            failures = Math.max(0, failures - 1);
        }

        /** The lock set now, if the attempts are used up. */
        synchronized Optional<Instant> lockIfFull(Instant now, boolean growing) {
            if (failures < maxAttempts) {
                return Optional.empty();
            }
            failures = 0;
            lockedUntil = now.plus(growing ? addressLock(lockouts) : lockout);
            lockouts++;
            return Optional.of(lockedUntil);
        }
    }

    private Counter counter(String key) {
        return unknownNames.get(key, k -> new Counter());
    }

    private Optional<Attempt> reserveInMemory(String username, String address, Instant now) {
        Counter atAddress = counter(username + "\n" + address);
        if (!atAddress.reserve(now)) {
            atAddress.lockIfFull(now, true).ifPresent(until -> locked(username, "from " + address, 0, until));
            return Optional.empty();
        }
        Counter account = counter(username);
        if (!account.reserve(now)) {
            atAddress.release();
            account.lockIfFull(now, false).ifPresent(until -> locked(username, "from every address it never logged "
                    + "in from (the last: " + address + ")", 1, until));
            return Optional.empty();
        }
        return Optional.of(new Attempt(username, address, Optional.empty(), false));
    }

    private void failedInMemory(Attempt attempt, Instant now) {
        String username = attempt.username();
        counter(username + "\n" + attempt.address()).lockIfFull(now, true)
                .ifPresent(until -> locked(username, "from " + attempt.address(), 0, until));
        counter(username).lockIfFull(now, false).ifPresent(until -> locked(username,
                "from every address it never logged in from (the last: " + attempt.address() + ")", 1, until));
    }

    /**
     * What a client is counted as: its IPv4 address, or the /64 network of an IPv6 one (a single host usually has a
     * whole /64 to pick addresses from). Never a DNS lookup: anything not an IP literal is kept as text.
     */
    public static String addressKey(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isBlank()) {
            return "unknown";
        }
        String text = remoteAddress.strip();
        try {
            if (IPV4.matcher(text).matches()) {
                return InetAddress.getByName(text).getHostAddress();
            }
            if (IPV6.matcher(text).matches()) {
                String literal = text.replace("[", "").replace("]", "");
                int zone = literal.indexOf('%');
                InetAddress parsed = InetAddress.getByName(zone < 0 ? literal : literal.substring(0, zone));
                if (parsed instanceof Inet6Address) {
                    byte[] network = Arrays.copyOf(Arrays.copyOf(parsed.getAddress(), 8), 16);
                    return InetAddress.getByAddress(network).getHostAddress() + "/64";
                }
                return parsed.getHostAddress();
            }
        } catch (UnknownHostException notALiteral) {
            // kept as text below
        }
        String cleaned = printable(text);
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    /** A typed username is attacker-controlled: no line breaks or control characters into the log. */
    static String printable(String text) {
        String cleaned = text.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 150 ? cleaned.substring(0, 150) + "…" : cleaned;
    }
}
