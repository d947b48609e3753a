package com.openedxpok.admin.security;

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

    /** Counts a failed login; at {@code maxAttempts} in a row the account is locked until {@code lockUntil}. */
    boolean recordFailure(long id, int maxAttempts, Instant lockUntil) {
        // One statement, so that concurrent failed logins cannot both read the same count.
        jdbc.sql("UPDATE operator_account SET failed_attempts = failed_attempts + 1 WHERE id = :id")
                .param("id", id).update();
        int locked = jdbc.sql("UPDATE operator_account SET failed_attempts = 0, locked_until = :until "
                        + "WHERE id = :id AND failed_attempts >= :max")
                .param("until", toDb(lockUntil)).param("id", id).param("max", maxAttempts).update();
        return locked == 1;
    }

    void recordSuccess(long id) {
        jdbc.sql("UPDATE operator_account SET failed_attempts = 0, locked_until = NULL "
                        + "WHERE id = :id AND (failed_attempts <> 0 OR locked_until IS NOT NULL)")
                .param("id", id).update();
    }

    private static Operator map(ResultSet rs, int rowNum) throws SQLException {
        return new Operator(rs.getLong("id"), rs.getString("username"), OperatorRole.valueOf(rs.getString("role")),
                rs.getBoolean("enabled"), rs.getInt("failed_attempts"),
                fromDb(rs.getObject("locked_until", LocalDateTime.class)),
                fromDb(rs.getObject("created_at", LocalDateTime.class)),
                fromDb(rs.getObject("modified_at", LocalDateTime.class)));
    }
}
