package com.openedxpok;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.sql.DataSource;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import com.openedxpok.admin.AdminTestApp;
import com.openedxpok.admin.AdminTestData;
import com.openedxpok.admin.ConsoleSession;
import com.zaxxer.hikari.HikariDataSource;

/**
 * What the actuator shows to whom: the probes' status to anyone, health details and metrics only to an operator (a
 * console session or an API token), or to anyone who reaches the separate management port.
 */
class ActuatorSecurityTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(int port, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @AdminTestApp
    class OnTheServicePort {

        @LocalServerPort
        int port;

        @Autowired
        ApplicationContext context;

        @Test
        void anonymousCallersSeeOnlyTheStatusAndTheProbes() throws Exception {
            HttpResponse<String> health = get(port, "/actuator/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components")
                    .doesNotContain("diskSpace").doesNotContain("path").doesNotContain("validationQuery");
            for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
                HttpResponse<String> answer = get(port, probe, null);
                assertThat(answer.statusCode()).as(probe).isEqualTo(200);
                assertThat(answer.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
            }
            assertThat(get(port, "/actuator/health/diskSpace", null).body()).doesNotContain("path");
            assertThat(get(port, "/actuator/health/db", null).body()).doesNotContain("validationQuery");
        }

        @Test
        void metricsNeedAnOperatorOrAnApiToken() throws Exception {
            HttpResponse<String> anonymous = get(port, "/actuator/prometheus", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("http_server_requests");
            assertThat(get(port, "/actuator/prometheus", "pok_notARealTokenAtAll").statusCode()).isEqualTo(401);

            AdminTestData data = new AdminTestData(context);
            HttpResponse<String> withToken = get(port, "/actuator/prometheus", data.token(data.admin()));
            assertThat(withToken.statusCode()).isEqualTo(200);
            assertThat(withToken.body()).contains("http_server_requests_seconds_count");

            ConsoleSession operator = ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD);
            assertThat(operator.get("/actuator/prometheus").statusCode()).isEqualTo(200);
        }

        @Test
        void healthDetailsNeedAnOperatorOrAnApiToken() throws Exception {
            AdminTestData data = new AdminTestData(context);
            HttpResponse<String> withToken = get(port, "/actuator/health", data.token(data.admin()));
            assertThat(withToken.statusCode()).isEqualTo(200);
            assertThat(withToken.body()).contains("\"diskSpace\"").contains("\"db\"").contains("\"pokIssuance\"");

            ConsoleSession operator = ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD);
            assertThat(operator.get("/actuator/health").body()).contains("\"diskSpace\"");
        }

        @Test
        void readinessIncludesTheDatabaseAndLivenessDoesNot() throws Exception {
            AdminTestData data = new AdminTestData(context);
            String token = data.token(data.admin());
            assertThat(get(port, "/actuator/health/readiness", token).body()).contains("\"db\"")
                    .contains("\"readinessState\"");
            assertThat(get(port, "/actuator/health/liveness", token).body()).doesNotContain("\"db\"");
        }
    }

    /** Its own context: the test closes the connection pool, as a database outage would leave it. */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "pok.api-key=", "spring.datasource.hikari.connection-timeout=250"})
    @DirtiesContext
    class WithTheDatabaseDown {

        @LocalServerPort
        int port;

        @Autowired
        DataSource dataSource;

        @Test
        void readinessIsDownAndLivenessStaysUp() throws Exception {
            assertThat(get(port, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
            dataSource.unwrap(HikariDataSource.class).close();

            HttpResponse<String> readiness = get(port, "/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).isEqualTo("{\"status\":\"DOWN\"}");
            assertThat(get(port, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
            HttpResponse<String> health = get(port, "/actuator/health", null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"DOWN\"").doesNotContain("components");
        }
    }

    /** MANAGEMENT_PORT: the actuator moves to a port of its own, open to whoever reaches it, and leaves the service's. */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "pok.api-key=", "MANAGEMENT_PORT=0"})
    class OnASeparateManagementPort {

        @LocalServerPort
        int port;

        @LocalManagementPort
        int managementPort;

        @Test
        void detailsAndMetricsOnTheManagementPortProbesOnBoth() throws Exception {
            assertThat(managementPort).isNotEqualTo(port).isPositive();
            HttpResponse<String> metrics = get(managementPort, "/actuator/prometheus", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            assertThat(get(managementPort, "/actuator/health", null).body()).contains("\"diskSpace\"");
            assertThat(get(managementPort, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);

            // Nothing of the actuator on the service's port but the probes, status only.
            assertThat(get(port, "/actuator/prometheus", null).statusCode()).isIn(401, 404);
            assertThat(get(port, "/actuator/health", null).body()).doesNotContain("diskSpace");
            HttpResponse<String> ready = get(port, "/readyz", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(port, "/livez", null).statusCode()).isEqualTo(200);
        }
    }
}
