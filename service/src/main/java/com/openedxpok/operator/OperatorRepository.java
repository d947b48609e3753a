package com.openedxpok.operator;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code operator_account}. */
@Repository
public class OperatorRepository {

    private static final String COLUMNS = "id, username, role, enabled, failed_attempts, locked_until, created_at, "
            + "modified_at";

    private final JdbcClient jdbc;

    public OperatorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A second operator with the same name. */
    public static class DuplicateUsernameException extends RuntimeException {
        public DuplicateUsernameException(String username) {
            super("There is already an operator called '" + username + "'");
        }
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM operator_account").query(Long.class).single();
    }

    public long countEnabledAdmins() {
        return jdbc.sql("SELECT COUNT(*) FROM operator_account WHERE role = 'ADMIN' AND enabled = TRUE")
                .query(Long.class).single();
    }

    public Optional<Operator> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM operator_account WHERE username = :username")
                .param("username", username).query(OperatorRepository::map).optional();
    }

    public Optional<Operator> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM operator_account WHERE id = :id")
                .param("id", id).query(OperatorRepository::map).optional();
    }

    public List<Operator> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM operator_account ORDER BY username")
                .query(OperatorRepository::map).list();
    }

    /** The stored password hash, for the one place that checks passwords. */
    Optional<String> passwordHash(String username) {
        return jdbc.sql("SELECT password_hash FROM operator_account WHERE username = :username")
                .param("username", username).query(String.class).optional();
    }

    public Operator insert(String username, String passwordHash, OperatorRole role, Instant now) {
        try {
            jdbc.sql("INSERT INTO operator_account (username, password_hash, role, enabled, failed_attempts, "
                            + "created_at, modified_at) VALUES (:username, :hash, :role, TRUE, 0, :now, :now)")
                    .param("username", username).param("hash", passwordHash).param("role", role.name())
                    .param("now", toDb(now)).update();
        } catch (DuplicateKeyException e) {
            throw new DuplicateUsernameException(username);
        }
        return findByUsername(username).orElseThrow();
    }

    public void setPasswordHash(long id, String passwordHash, Instant now) {
        jdbc.sql("UPDATE operator_account SET password_hash = :hash, modified_at = :now WHERE id = :id")
                .param("hash", passwordHash).param("now", toDb(now)).param("id", id).update();
    }

    public void setEnabled(long id, boolean enabled, Instant now) {
        jdbc.sql("UPDATE operator_account SET enabled = :enabled, modified_at = :now WHERE id = :id")
                .param("enabled", enabled).param("now", toDb(now)).param("id", id).update();
    }

    // Failed logins. Every check of a password first reserves an attempt with one conditional UPDATE (the database
    // serializes them, so two requests, or two instances, never both take the last one); the reservation is the
    // failure count, taken back only if the password turns out right or the account disabled. Only then a lock.

    /**
     * Reserves one password check for the operator's account-wide counter, which only addresses the operator never
     * logged in from go through; false if the account is locked or all attempts of this round are taken.
     */
    boolean reserveAccountAttempt(long id, int maxAttempts, Instant now) {
        return jdbc.sql("UPDATE operator_account SET failed_attempts = failed_attempts + 1 WHERE id = :id "
                        + "AND failed_attempts < :max AND (locked_until IS NULL OR locked_until <= :now)")
                .param("id", id).param("max", maxAttempts).param("now", toDb(now)).update() == 1;
    }

    void releaseAccountAttempt(long id) {
        jdbc.sql("UPDATE operator_account SET failed_attempts = failed_attempts - 1 WHERE id = :id "
                + "AND failed_attempts > 0").param("id", id).update();
    }

    /** Locks the account until {@code lockUntil} if its attempts are used up; true for the one call that locked it. */
    boolean lockAccountIfFull(long id, int maxAttempts, Instant lockUntil) {
        return jdbc.sql("UPDATE operator_account SET failed_attempts = 0, locked_until = :until "
                        + "WHERE id = :id AND failed_attempts >= :max")
                .param("until", toDb(lockUntil)).param("id", id).param("max", maxAttempts).update() == 1;
    }

    /** A right password: the count starts again, unless a lock came in meanwhile (then false, and the lock stays). */
    boolean accountSucceeded(long id, Instant now) {
        // Written only when there is something to reset: most logins change nothing here.
        int reset = jdbc.sql("UPDATE operator_account SET failed_attempts = 0, locked_until = NULL WHERE id = :id "
                        + "AND (locked_until IS NULL OR locked_until <= :now) "
                        + "AND (failed_attempts <> 0 OR locked_until IS NOT NULL)")
                .param("id", id).param("now", toDb(now)).update();
        return reset == 1 || jdbc.sql("SELECT COUNT(*) FROM operator_account WHERE id = :id AND locked_until > :now")
                .param("id", id).param("now", toDb(now)).query(Long.class).single() == 0;
    }

    /**
     * Makes sure the operator has a throttle row for the address; true if the operator logged in from there before.
     * A new address first clears the operator's rows of addresses idle since {@code staleBefore} that never logged
     * in, so that an attacker's many addresses do not pile up.
     */
    boolean throttleRow(long id, String address, Instant now, Instant staleBefore) {
        Optional<Boolean> known = jdbc.sql("SELECT last_login_at FROM login_throttle WHERE operator_id = :id "
                        + "AND address = :address").param("id", id).param("address", address)
                .query((rs, n) -> rs.getObject("last_login_at") != null).optional();
        if (known.isPresent()) {
            return known.get();
        }
        jdbc.sql("DELETE FROM login_throttle WHERE operator_id = :id AND last_login_at IS NULL "
                        + "AND modified_at < :stale AND (locked_until IS NULL OR locked_until < :stale)")
                .param("id", id).param("stale", toDb(staleBefore)).update();
        try {
            jdbc.sql("INSERT INTO login_throttle (operator_id, address, failed_attempts, lockouts, modified_at) "
                            + "VALUES (:id, :address, 0, 0, :now)")
                    .param("id", id).param("address", address).param("now", toDb(now)).update();
        } catch (DuplicateKeyException concurrentFirstAttempt) {
            // the same address's concurrent attempt created it: one row is all that is needed
        }
        return false;
    }

    /** As {@link #reserveAccountAttempt} for one address. */
    boolean reserveAddressAttempt(long id, String address, int maxAttempts, Instant now) {
        return jdbc.sql("UPDATE login_throttle SET failed_attempts = failed_attempts + 1, modified_at = :now "
                        + "WHERE operator_id = :id AND address = :address AND failed_attempts < :max "
                        + "AND (locked_until IS NULL OR locked_until <= :now)")
                .param("id", id).param("address", address).param("max", maxAttempts).param("now", toDb(now))
                .update() == 1;
    }

    void releaseAddressAttempt(long id, String address) {
        jdbc.sql("UPDATE login_throttle SET failed_attempts = failed_attempts - 1 WHERE operator_id = :id "
                + "AND address = :address AND failed_attempts > 0").param("id", id).param("address", address).update();
    }

    /** The address's earlier locks in a row (their number sets the next lock's length), if its attempts are used up. */
    Optional<Integer> addressLockoutsIfFull(long id, String address, int maxAttempts) {
        return jdbc.sql("SELECT lockouts FROM login_throttle WHERE operator_id = :id AND address = :address "
                        + "AND failed_attempts >= :max")
                .param("id", id).param("address", address).param("max", maxAttempts).query(Integer.class).optional();
    }

    /** Locks the address; true for the one call that did (the lockouts it read are still the row's). */
    boolean lockAddress(long id, String address, int maxAttempts, int lockoutsBefore, Instant lockUntil,
            Instant now) {
        return jdbc.sql("UPDATE login_throttle SET failed_attempts = 0, lockouts = lockouts + 1, locked_until = :until, "
                        + "modified_at = :now WHERE operator_id = :id AND address = :address "
                        + "AND failed_attempts >= :max AND lockouts = :lockouts")
                .param("until", toDb(lockUntil)).param("now", toDb(now)).param("id", id).param("address", address)
                .param("max", maxAttempts).param("lockouts", lockoutsBefore).update() == 1;
    }

    /**
     * A right password from the address: it becomes a known address and its count and delays start again, unless a
     * lock of the address came in meanwhile (then false). Keeps the {@code keepKnown} newest known addresses.
     */
    boolean addressSucceeded(long id, String address, Instant now, int keepKnown) {
        boolean done = jdbc.sql("UPDATE login_throttle SET failed_attempts = 0, lockouts = 0, locked_until = NULL, "
                        + "last_login_at = :now, modified_at = :now WHERE operator_id = :id AND address = :address "
                        + "AND (locked_until IS NULL OR locked_until <= :now)")
                .param("id", id).param("address", address).param("now", toDb(now)).update() == 1;
        if (done) {
            List<String> known = jdbc.sql("SELECT address FROM login_throttle WHERE operator_id = :id "
                            + "AND last_login_at IS NOT NULL ORDER BY last_login_at DESC, address")
                    .param("id", id).query(String.class).list();
            for (String forgotten : known.subList(Math.min(keepKnown, known.size()), known.size())) {
                jdbc.sql("UPDATE login_throttle SET last_login_at = NULL WHERE operator_id = :id AND address = :address")
                        .param("id", id).param("address", forgotten).update();
            }
        }
        return done;
    }

    /** The addresses the operator logged in from (at most the newest 10), newest first. */
    public List<String> knownAddresses(long id) {
        return jdbc.sql("SELECT address FROM login_throttle WHERE operator_id = :id AND last_login_at IS NOT NULL "
                + "ORDER BY last_login_at DESC, address").param("id", id).query(String.class).list();
    }

    /** An administrator's unlock: every lock and count of the operator, account-wide and per address, is cleared. */
    void unlock(long id) {
        jdbc.sql("UPDATE operator_account SET failed_attempts = 0, locked_until = NULL WHERE id = :id")
                .param("id", id).update();
        jdbc.sql("UPDATE login_throttle SET failed_attempts = 0, lockouts = 0, locked_until = NULL "
                + "WHERE operator_id = :id").param("id", id).update();
    }

    private static Operator map(ResultSet rs, int rowNum) throws SQLException {
        return new Operator(rs.getLong("id"), rs.getString("username"), OperatorRole.valueOf(rs.getString("role")),
                rs.getBoolean("enabled"), rs.getInt("failed_attempts"),
                fromDb(rs.getObject("locked_until", LocalDateTime.class)),
                fromDb(rs.getObject("created_at", LocalDateTime.class)),
                fromDb(rs.getObject("modified_at", LocalDateTime.class)));
    }
}
