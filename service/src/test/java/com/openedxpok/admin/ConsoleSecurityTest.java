package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.operator.LoginLockout;
import com.openedxpok.operator.Operator;
import com.openedxpok.operator.OperatorRepository;
import com.openedxpok.operator.OperatorRole;
import com.openedxpok.testsupport.MutableClock;
import com.openedxpok.testsupport.TestDatabase;

/**
 * The console's login against attacks (issue #14, items 1 and 2), on each database: the lockout is counted there, so
 * that two instances share it, with conditional updates each database must serialize (the race in particular on
 * PostgreSQL). Logins come from real sockets bound to different loopback addresses (127.0.0.x), so the server sees
 * them as different clients through {@code request.getRemoteAddr()}.
 */
class ConsoleSecurityTest {

    private static final int LIMIT = 5;
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"pok.api-key=", "pok.simulator-emit-delay=200ms"})
    @Import(Clocks.class)
    class OnPostgresql extends OnEachDatabase {
        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            TestDatabase.POSTGRESQL.register(registry);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"pok.api-key=", "pok.simulator-emit-delay=200ms"})
    @Import(Clocks.class)
    class OnMariadb extends OnEachDatabase {
        @DynamicPropertySource
        static void database(DynamicPropertyRegistry registry) {
            TestDatabase.MARIADB.register(registry);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"pok.api-key=", "pok.simulator-emit-delay=200ms"})
    @Import(Clocks.class)
    class OnH2 extends OnEachDatabase {
    }

    abstract static class OnEachDatabase {

        @LocalServerPort
        int port;

        @Autowired
        ApplicationContext context;

        @Autowired
        JdbcClient jdbc;

        @Autowired
        Clock clock;

        AdminTestData data;

        @BeforeEach
        void setUp() {
            data = new AdminTestData(context);
        }

        @Test
        void parallelWrongPasswordsAreEvaluatedAtMostTheLimitAndTheRightOneInsideTheBurstDoesNotLogIn() throws Exception {
            String name = AdminTestData.unique("race");
            data.operator(name, "the-right-password", OperatorRole.OPERATOR);
            int wrong = 40;
            List<Login> wrongLogins = new ArrayList<>();
            for (int i = 0; i < wrong; i++) {
                wrongLogins.add(Login.from("127.0.0.1", port));
            }
            List<Login> rightLogins = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                rightLogins.add(Login.from("127.0.0.1", port));
            }
            CompletableFuture<Void> firstRefusal = new CompletableFuture<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(wrong + rightLogins.size());
            try {
                List<Future<String>> wrongAnswers = new ArrayList<>();
                for (int i = 0; i < wrong; i++) {
                    Login login = wrongLogins.get(i);
                    String password = "wrong-" + i;
                    wrongAnswers.add(pool.submit(() -> {
                        start.await();
                        String location = login.post(name, password);
                        if (location.endsWith("?locked")) {
                            firstRefusal.complete(null);
                        }
                        return location;
                    }));
                }
                // The right password arrives inside the burst: as soon as the first attempt is refused, while the
                // attempts that were let through are still being checked.
                List<Future<String>> rightAnswers = new ArrayList<>();
                for (Login login : rightLogins) {
                    rightAnswers.add(pool.submit(() -> {
                        firstRefusal.get(60, TimeUnit.SECONDS);
                        return login.post(name, "the-right-password");
                    }));
                }
                start.countDown();

                List<String> answers = new ArrayList<>();
                for (Future<String> answer : wrongAnswers) {
                    answers.add(answer.get(120, TimeUnit.SECONDS));
                }
                long evaluated = answers.stream().filter(a -> a.endsWith("/admin/login?error")).count();
                long refused = answers.stream().filter(a -> a.endsWith("/admin/login?locked")).count();
                assertThat(evaluated).as("wrong passwords checked (%s)", answers).isBetween(1L, (long) LIMIT);
                assertThat(evaluated + refused).as("every attempt answered: %s", answers).isEqualTo(wrong);
                for (Future<String> answer : rightAnswers) {
                    assertThat(answer.get(120, TimeUnit.SECONDS)).as("the right password inside the burst")
                            .endsWith("/admin/login?locked");
                }
            } finally {
                pool.shutdownNow();
            }
            // The lock stands: nothing inside the burst cleared it.
            assertThat(jdbc.sql("SELECT locked_until FROM operator_account WHERE username = :u").param("u", name)
                    .query(LocalDateTime.class).single()).isNotNull();
            assertThat(Login.from("127.0.0.1", port).post(name, "the-right-password")).endsWith("/admin/login?locked");
        }

        @Test
        void anAttackerElsewhereCannotLockTheOwnerOutOfAnAddressTheyLoggedInFromBefore() {
            String name = AdminTestData.unique("owner");
            data.operator(name, "owner-password-1", OperatorRole.ADMIN);
            assertThat(Login.from("127.0.0.11", port).post(name, "owner-password-1")).endsWith("/admin");

            for (int i = 0; i < LIMIT; i++) {
                assertThat(Login.from("127.0.0.12", port).post(name, "guess-" + i)).endsWith("/admin/login?error");
            }
            assertThat(Login.from("127.0.0.12", port).post(name, "guess-x")).endsWith("/admin/login?locked");
            assertThat(Login.from("127.0.0.12", port).post(name, "owner-password-1")).as("the attacker's address")
                    .endsWith("/admin/login?locked");
            // An address the owner never logged in from is locked too (the whole account is under attack)...
            assertThat(Login.from("127.0.0.13", port).post(name, "owner-password-1")).endsWith("/admin/login?locked");
            // ...but the address the owner logged in from before still lets the owner in.
            assertThat(Login.from("127.0.0.11", port).post(name, "owner-password-1")).endsWith("/admin");

            List<Map<String, Object>> audit = jdbc.sql("SELECT action, detail FROM audit_log WHERE target = :u "
                    + "AND action = 'LOGIN_LOCKED'").param("u", name).query().listOfRows();
            assertThat(audit).isNotEmpty();
            assertThat(audit.toString()).contains("127.0.0.12");
        }

        @Test
        void anAddressThatKeepsFailingWaitsLongerEachTime() {
            MutableClock time = (MutableClock) clock;
            String name = AdminTestData.unique("grow");
            data.operator(name, "grow-password-1", OperatorRole.OPERATOR);

            failUntilLocked(name, "127.0.0.21");
            time.advance(Duration.ofMinutes(5).plusSeconds(1));
            // The first lock (5 minutes) is over: the address gets its attempts back...
            failUntilLocked(name, "127.0.0.21");
            time.advance(Duration.ofMinutes(5).plusSeconds(1));
            // ...but the second lock of the same address lasts 10 minutes, even for the right password,
            assertThat(Login.from("127.0.0.21", port).post(name, "grow-password-1")).endsWith("/admin/login?locked");
            // while the owner, from elsewhere, is no longer held up once the account-wide 5 minutes are over.
            assertThat(Login.from("127.0.0.22", port).post(name, "grow-password-1")).endsWith("/admin");
            time.advance(Duration.ofMinutes(5));
            assertThat(Login.from("127.0.0.21", port).post(name, "grow-password-1")).endsWith("/admin");
        }

        @Test
        void anAdministratorUnlocksALockedOperatorInTheConsoleAndThroughTheApi() throws Exception {
            String name = AdminTestData.unique("unlock");
            data.operator(name, "unlock-password-1", OperatorRole.OPERATOR);
            failUntilLocked(name, "127.0.0.31");
            assertThat(Login.from("127.0.0.32", port).post(name, "unlock-password-1")).endsWith("/admin/login?locked");

            ConsoleSession admin = ConsoleSession.loggedIn(port, AdminTestData.ADMIN, AdminTestData.ADMIN_PASSWORD);
            assertThat(admin.get("/admin/operators").body()).contains("/admin/operators/" + name + "/unlock");
            var answer = admin.postForm("/admin/operators", "/admin/operators/" + name + "/unlock", Map.of());
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(admin.get("/admin/operators").body()).contains("Unlocked " + name);

            assertThat(Login.from("127.0.0.32", port).post(name, "unlock-password-1")).endsWith("/admin");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'OPERATOR_UNLOCKED' AND target = :u")
                    .param("u", name).query(Long.class).single()).isEqualTo(1);

            // The same through the API, with an administrator's token.
            failUntilLocked(name, "127.0.0.33");
            assertThat(Login.from("127.0.0.34", port).post(name, "unlock-password-1")).endsWith("/admin/login?locked");
            String token = data.token(data.admin());
            var http = java.net.http.HttpClient.newHttpClient();
            var unlocked = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + port + "/api/v1/operators/" + name + "/unlock"))
                    .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(200);
            assertThat(unlocked.body()).contains("\"lockedUntil\":null");
            assertThat(Login.from("127.0.0.34", port).post(name, "unlock-password-1")).endsWith("/admin");
        }

        @Test
        void aRightPasswordWhoseCheckRacedALockDoesNotLogInNorClearTheLock() {
            String name = AdminTestData.unique("racer");
            data.operator(name, "racer-password-1", OperatorRole.OPERATOR);
            LoginLockout lockout = context.getBean(LoginLockout.class);
            Optional<Operator> operator = context.getBean(OperatorRepository.class).findByUsername(name);
            List<LoginLockout.Attempt> checking = new ArrayList<>();
            for (int i = 0; i < LIMIT; i++) {
                checking.add(lockout.reserve(name, "127.0.0.41", operator).orElseThrow());
            }
            // While five passwords are being checked, a sixth is not even looked at.
            assertThat(lockout.reserve(name, "127.0.0.41", operator)).isEmpty();
            // Four turn out wrong and lock; the fifth, the right one, finishes after them.
            checking.subList(0, LIMIT - 1).forEach(lockout::failed);
            assertThat(lockout.succeeded(checking.get(LIMIT - 1))).isFalse();

            assertThat(jdbc.sql("SELECT locked_until FROM operator_account WHERE username = :u").param("u", name)
                    .query(LocalDateTime.class).single()).isNotNull();
            assertThat(Login.from("127.0.0.41", port).post(name, "racer-password-1")).endsWith("/admin/login?locked");
            assertThat(Login.from("127.0.0.42", port).post(name, "racer-password-1")).endsWith("/admin/login?locked");
        }

        @Test
        void clientsAreCountedByIpv4AddressOrIpv6NetworkWithoutDnsLookups() {
            assertThat(LoginLockout.addressKey("203.0.113.7")).isEqualTo("203.0.113.7");
            assertThat(LoginLockout.addressKey("2001:db8:1:2:aaaa::1")).isEqualTo(LoginLockout.addressKey("2001:db8:1:2::99"))
                    .isEqualTo("2001:db8:1:2:0:0:0:0/64");
            assertThat(LoginLockout.addressKey("2001:db8:1:3::1")).isNotEqualTo(LoginLockout.addressKey("2001:db8:1:2::1"));
            assertThat(LoginLockout.addressKey("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
            assertThat(LoginLockout.addressKey("evil\n.example")).isEqualTo("evil?.example");
            assertThat(LoginLockout.addressKey(null)).isEqualTo("unknown");
        }

        private void failUntilLocked(String name, String address) {
            for (int i = 0; i < LIMIT; i++) {
                assertThat(Login.from(address, port).post(name, "not-it-" + i)).as("attempt %d from %s", i + 1, address)
                        .endsWith("/admin/login?error");
            }
            assertThat(Login.from(address, port).post(name, "not-it-x")).endsWith("/admin/login?locked");
        }
    }

    /**
     * One login through the form, from a chosen loopback address: HTTP/1.1 over a socket bound to that address (the
     * JDK's HttpClient cannot choose its local address on Java 17). Loads the login page first for the session and
     * its CSRF token.
     */
    static final class Login {
        private final String address;
        private final int port;
        private String cookie;
        private String csrf;

        private Login(String address, int port) {
            this.address = address;
            this.port = port;
        }

        static Login from(String address, int port) {
            Login login = new Login(address, port);
            String page = login.exchange("GET /admin/login", null).body();
            Matcher token = CSRF.matcher(page);
            if (!token.find()) {
                throw new IllegalStateException("no CSRF token on the login page: " + page);
            }
            login.csrf = token.group(1);
            return login;
        }

        /** Posts the form; the answer's {@code Location}. */
        String post(String username, String password) {
            String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf);
            Answer answer = exchange("POST /admin/login", form);
            return answer.headers().getOrDefault("location", "(no redirect: " + answer.status() + ")");
        }

        private record Answer(int status, Map<String, String> headers, String body) {
        }

        private Answer exchange(String requestLine, String form) {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(address, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                socket.setSoTimeout(120_000);
                byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
                StringBuilder head = new StringBuilder(requestLine).append(" HTTP/1.1\r\n")
                        .append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
                if (cookie != null) {
                    head.append("Cookie: ").append(cookie).append("\r\n");
                }
                if (form != null) {
                    head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                            .append(body.length).append("\r\n");
                }
                head.append("\r\n");
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                InputStream in = socket.getInputStream();
                String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int end = raw.indexOf("\r\n\r\n");
                String[] lines = raw.substring(0, end).split("\r\n");
                Map<String, String> headers = new java.util.HashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    String key = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = lines[i].substring(colon + 1).trim();
                    headers.put(key, value);
                    if (key.equals("set-cookie") && value.startsWith("JSESSIONID=")) {
                        cookie = value.substring(0, value.indexOf(';') < 0 ? value.length() : value.indexOf(';'));
                    }
                }
                return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
