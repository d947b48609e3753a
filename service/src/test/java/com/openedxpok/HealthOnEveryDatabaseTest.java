package com.openedxpok;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import com.openedxpok.testsupport.TestDatabase;

/** The whole application, Flyway wiring included, starts and reports UP on each supported database. */
class HealthOnEveryDatabaseTest {

    abstract static class StartsAndIsHealthy {

        @LocalServerPort
        int port;

        @Autowired
        JdbcClient jdbc;

        @Test
        void healthIsUpAndTheSchemaIsMigrated() {
            String health = RestClient.create().get().uri("http://localhost:" + port + "/actuator/health")
                    .retrieve().body(String.class);
            assertThat(health).contains("\"status\":\"UP\"");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM pok_certificate").query(Long.class).single()).isZero();
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class OnH2 extends StartsAndIsHealthy {
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class OnPostgresql extends StartsAndIsHealthy {
        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            TestDatabase.POSTGRESQL.register(registry);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class OnMariadb extends StartsAndIsHealthy {
        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            TestDatabase.MARIADB.register(registry);
        }
    }
}
