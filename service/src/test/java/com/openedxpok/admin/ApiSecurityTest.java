package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.openedxpok.operator.LoginLockout;
import com.openedxpok.operator.OperatorRepository;
import com.openedxpok.operator.OperatorRole;

/**
 * The REST API surface of issue #14: an operator locked out by someone guessing their password is unlocked through the
 * API by an administrator's token only, and nothing of the caller's forged {@code Host} reaches an API answer.
 */
@AdminTestApp
class ApiSecurityTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    LoginLockout lockout;
    @Autowired
    OperatorRepository operators;

    AdminTestData data;

    @BeforeEach
    void setUp() {
        data = new AdminTestData(context);
    }

    @Test
    void aLockedOutOperatorIsUnlockedThroughTheApiByAnAdministratorsTokenOnly() throws Exception {
        String name = AdminTestData.unique("apilock");
        data.operator(name, "api-lock-password-1", OperatorRole.OPERATOR);
        lockOut(name, "203.0.113.7");
        assertThat(lockout.reserve(name, "203.0.113.7", operators.findByUsername(name))).as("locked").isEmpty();

        String operatorToken = data.token(data.operator(AdminTestData.unique("plain"), "plain-password-12",
                OperatorRole.OPERATOR));
        assertThat(post("/api/v1/operators/" + name + "/unlock", operatorToken).statusCode())
                .as("an operator's token").isEqualTo(403);
        assertThat(lockout.reserve(name, "203.0.113.7", operators.findByUsername(name))).as("still locked").isEmpty();
        assertThat(post("/api/v1/operators/" + name + "/unlock", null).statusCode()).as("no token").isEqualTo(401);

        HttpResponse<String> unlocked = post("/api/v1/operators/" + name + "/unlock", data.token(data.admin()));
        assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(200);
        assertThat(lockout.reserve(name, "203.0.113.7", operators.findByUsername(name))).as("unlocked").isPresent();
    }

    @Test
    void aForgedHostNeverReachesAnApiAnswer() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/certificates"))
                .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "198.51.100.9").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Location")).isEmpty();
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(anonymous.body()).doesNotContain("evil.example");
    }

    private void lockOut(String name, String address) {
        for (int i = 0; i < 20; i++) {
            Optional<LoginLockout.Attempt> attempt = lockout.reserve(name, address, operators.findByUsername(name));
            if (attempt.isEmpty()) {
                return;
            }
            lockout.failed(attempt.get());
        }
        throw new AssertionError(name + " was never locked");
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
