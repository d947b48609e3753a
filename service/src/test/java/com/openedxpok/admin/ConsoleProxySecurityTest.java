package com.openedxpok.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.openedxpok.testsupport.RawHttp;
import com.openedxpok.testsupport.RawHttp.Answer;

/**
 * The console behind a TLS reverse proxy, over a real socket: redirects never carry the request's {@code Host},
 * forwarded headers count only from {@code TRUSTED_PROXIES}, HSTS and the {@code Secure} session cookie follow
 * {@code PUBLIC_URL} and the connection's TLS. Every request here comes from 127.0.0.1.
 */
class ConsoleProxySecurityTest {

    static final String FORGED_HOST = "Host: evil.example";

    /** PUBLIC_URL is https and no proxy is trusted: what a TLS-terminating proxy in front of the service needs. */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "pok.api-key=", "public-url=https://pok.example.org/"})
    class WithAnHttpsPublicUrl {

        @LocalServerPort
        int port;

        @Test
        void aForgedHostNeverReachesALocationWhichIsBuiltFromThePublicUrl() {
            for (String page : new String[] {"/admin", "/admin/certificates?q=x"}) {
                Answer answer = RawHttp.get(port, page, FORGED_HOST);
                assertThat(answer.status()).as(page).isEqualTo(302);
                assertThat(answer.header("Location")).as(page).hasValue("https://pok.example.org/admin/login");
            }
            Answer forwardedHost = RawHttp.get(port, "/admin", FORGED_HOST, "X-Forwarded-Host: evil2.example",
                    "X-Forwarded-Proto: http");
            assertThat(forwardedHost.header("Location")).hasValue("https://pok.example.org/admin/login");
        }

        @Test
        void everyAnswerHasHstsAndTheSessionCookieIsSecure() {
            Answer login = RawHttp.get(port, "/admin/login");
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.header("Strict-Transport-Security")).hasValueSatisfying(
                    hsts -> assertThat(hsts).contains("max-age="));
            assertThat(login.sessionCookie()).hasValueSatisfying(cookie -> assertThat(cookie).contains("; Secure")
                    .contains("HttpOnly"));
            // The learner's public pages too: HSTS is for the whole host.
            assertThat(RawHttp.get(port, "/certificates/no-such-certificate").header("Strict-Transport-Security"))
                    .isPresent();
        }
    }

    /** 127.0.0.1 is the trusted proxy, without PUBLIC_URL: its X-Forwarded-Proto says whether the browser used TLS. */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "pok.api-key=", "trusted-proxies=127.0.0.1/32"})
    class BehindATrustedProxy {

        @LocalServerPort
        int port;

        @Test
        void tlsAtTheTrustedProxyMakesTheSessionCookieSecure() {
            Answer viaTls = RawHttp.get(port, "/admin/login", "X-Forwarded-Proto: https",
                    "X-Forwarded-For: 203.0.113.7");
            assertThat(viaTls.sessionCookie()).hasValueSatisfying(cookie -> assertThat(cookie).contains("; Secure"));
            assertThat(viaTls.header("Strict-Transport-Security")).isPresent();

            Answer plain = RawHttp.get(port, "/admin/login");
            assertThat(plain.sessionCookie()).hasValueSatisfying(cookie -> assertThat(cookie).doesNotContain("Secure"));
            assertThat(plain.header("Strict-Transport-Security")).isEmpty();
        }

        @Test
        void withoutAPublicUrlRedirectsAreRelativeSoNoHostReachesThem() {
            Answer answer = RawHttp.get(port, "/admin", FORGED_HOST, "X-Forwarded-Host: evil2.example",
                    "X-Forwarded-Proto: https");
            assertThat(answer.status()).isEqualTo(302);
            assertThat(answer.header("Location")).hasValue("/admin/login");
        }
    }

    /**
     * On Kubernetes Spring Boot would trust every private-range peer's forwarded headers by itself; here 127.0.0.1
     * is not in TRUSTED_PROXIES, so what it forwards is ignored.
     */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "pok.api-key=", "trusted-proxies=10.0.0.0/8", "spring.main.cloud-platform=kubernetes"})
    class FromAnUntrustedPeerOnKubernetes {

        @LocalServerPort
        int port;

        @Test
        void forwardedHeadersAreIgnored() {
            Answer answer = RawHttp.get(port, "/admin/login", "X-Forwarded-Proto: https",
                    "X-Forwarded-For: 10.1.2.3", "X-Forwarded-Host: evil.example", "X-Forwarded-Port: 443");
            assertThat(answer.sessionCookie()).hasValueSatisfying(cookie -> assertThat(cookie).doesNotContain("Secure"));
            assertThat(answer.header("Strict-Transport-Security")).isEmpty();

            Answer redirect = RawHttp.get(port, "/admin", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example");
            assertThat(redirect.header("Location")).hasValueSatisfying(
                    location -> assertThat(location).doesNotContain("evil").doesNotStartWith("https:"));
        }
    }
}
