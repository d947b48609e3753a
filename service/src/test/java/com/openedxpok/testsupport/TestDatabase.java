package com.openedxpok.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.sql.DataSource;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A database created for one test run and dropped when the run ends: H2 in memory, or a fresh database on the
 * PostgreSQL and MariaDB servers of this machine (and of CI). If a server is not reachable the test fails with a
 * message that says which one and where, rather than skipping silently.
 */
public enum TestDatabase {
    H2(null, null, null),
    POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/", "postgres", "postgres"),
    MARIADB("jdbc:mariadb://127.0.0.1:3306/", "root", "mysql");

    private static final ConcurrentLinkedQueue<Runnable> DROPS = new ConcurrentLinkedQueue<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> DROPS.forEach(TestDatabase::quietly)));
    }

    private final String serverUrl;
    private final String user;
    private final String adminDatabase;

    TestDatabase(String serverUrl, String user, String adminDatabase) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.adminDatabase = adminDatabase;
    }

    /** Connection details of a freshly created, empty database. */
    public record Created(TestDatabase kind, String name, String url, String user) {

        public DataSource dataSource() {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword("");
            config.setMaximumPoolSize(10);
            config.setMinimumIdle(1);
            config.setPoolName("test-" + name);
            return new HikariDataSource(config);
        }

        public void register(DynamicPropertyRegistry registry) {
            registry.add("spring.datasource.url", this::url);
            registry.add("spring.datasource.username", this::user);
            registry.add("spring.datasource.password", () -> "");
        }

        /** Drops it now (it is also dropped when the JVM exits). */
        public void drop() {
            kind.dropDatabase(name);
        }
    }

    public Created create() {
        String name = "pok_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (this == H2) {
            return new Created(this, name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa");
        }
        execute(adminDatabase, this == POSTGRESQL ? "CREATE DATABASE " + name + " ENCODING 'UTF8'"
                : "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        DROPS.add(() -> dropDatabase(name));
        String url = serverUrl + name;
        return new Created(this, name, url, user);
    }

    /** Creates a database and points the Spring context under test at it. */
    public Created register(DynamicPropertyRegistry registry) {
        Created created = create();
        created.register(registry);
        return created;
    }

    private void dropDatabase(String name) {
        if (this == H2) {
            return;
        }
        // FORCE ends the connections a still-cached Spring context may hold (PostgreSQL 13+).
        if (this == POSTGRESQL) {
            execute(adminDatabase, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } else {
            // Never wait a year (MariaDB's default) for a lock a dying test context still holds.
            execute(adminDatabase, "SET SESSION lock_wait_timeout = 10", "DROP DATABASE IF EXISTS " + name);
        }
    }

    private void execute(String database, String... statements) {
        try (Connection c = DriverManager.getConnection(serverUrl + database, user, "");
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(name().toLowerCase(Locale.ROOT) + " is not reachable at " + serverUrl
                    + " as " + user + " (" + e.getMessage() + "). The data-layer tests need it: start the server "
                    + "(.ci/run does) and run the tests again.", e);
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // the run is over; a database left behind is harmless and dropped by .ci/run's clean-up
        }
    }
}
