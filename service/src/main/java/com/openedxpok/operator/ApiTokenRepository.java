package com.openedxpok.operator;

import static com.openedxpok.config.DbTime.fromDb;
import static com.openedxpok.config.DbTime.toDb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads and writes {@code api_token}. */
@Repository
class ApiTokenRepository {

    private static final String SELECT = "SELECT t.id, t.operator_id, o.username, t.name, t.prefix, t.created_at, "
            + "t.last_used_at, t.revoked_at FROM api_token t JOIN operator_account o ON o.id = t.operator_id";

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A usable token and who it acts for. */
    record Match(long tokenId, Instant lastUsedAt, OperatorPrincipal operator) {
    }

    long insert(long operatorId, String name, String hash, String prefix, Instant now) {
        jdbc.sql("INSERT INTO api_token (operator_id, name, token_hash, prefix, created_at) "
                        + "VALUES (:operatorId, :name, :hash, :prefix, :now)")
                .param("operatorId", operatorId).param("name", name).param("hash", hash).param("prefix", prefix)
                .param("now", toDb(now)).update();
        return jdbc.sql("SELECT id FROM api_token WHERE token_hash = :hash").param("hash", hash)
                .query(Long.class).single();
    }

    Optional<ApiToken> findById(long id) {
        return jdbc.sql(SELECT + " WHERE t.id = :id").param("id", id).query(ApiTokenRepository::map).optional();
    }

    List<ApiToken> findByOperator(long operatorId) {
        return jdbc.sql(SELECT + " WHERE t.operator_id = :operatorId ORDER BY t.id DESC")
                .param("operatorId", operatorId).query(ApiTokenRepository::map).list();
    }

    List<ApiToken> findAll() {
        return jdbc.sql(SELECT + " ORDER BY t.id DESC").query(ApiTokenRepository::map).list();
    }

    /** The token with this hash, if it is not revoked and its operator is enabled. */
    Optional<Match> findUsable(String hash) {
        return jdbc.sql("SELECT t.id, t.last_used_at, o.id AS operator_id, o.username, o.role FROM api_token t "
                        + "JOIN operator_account o ON o.id = t.operator_id "
                        + "WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND o.enabled = TRUE")
                .param("hash", hash)
                .query((rs, n) -> new Match(rs.getLong("id"), fromDb(rs.getObject("last_used_at", LocalDateTime.class)),
                        new OperatorPrincipal(rs.getLong("operator_id"), rs.getString("username"),
                                OperatorRole.valueOf(rs.getString("role")))))
                .optional();
    }

    void touch(long id, Instant now) {
        jdbc.sql("UPDATE api_token SET last_used_at = :now WHERE id = :id").param("now", toDb(now)).param("id", id)
                .update();
    }

    boolean revoke(long id, Instant now) {
        return jdbc.sql("UPDATE api_token SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .param("now", toDb(now)).param("id", id).update() == 1;
    }

    private static ApiToken map(ResultSet rs, int rowNum) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getLong("operator_id"), rs.getString("username"), rs.getString("name"),
                rs.getString("prefix"), fromDb(rs.getObject("created_at", LocalDateTime.class)),
                fromDb(rs.getObject("last_used_at", LocalDateTime.class)),
                fromDb(rs.getObject("revoked_at", LocalDateTime.class)));
    }
}
