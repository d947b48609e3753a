package com.openedxpok.openedx;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.openedxpok.config.Secret;
import com.openedxpok.config.ServiceConfig;

/**
 * A fake Open edX LMS (and Studio) on WireMock, answering with the shapes documented for the real APIs: the OAuth2
 * token endpoint, the course, account, preference, grades and certificate APIs, and Studio's certificates API.
 */
public final class FakeLms implements AutoCloseable {

    public static final String CLIENT_ID = "pok-service";
    public static final String CLIENT_SECRET = "s3cr3t-client-secret-never-logged";

    private final WireMockServer server;
    private final java.util.Set<String> missingAccounts;

    private FakeLms(WireMockServer server, java.util.Set<String> missingAccounts) {
        this.server = server;
        this.missingAccounts = missingAccounts;
    }

    public static FakeLms start() {
        java.util.Set<String> missing = java.util.concurrent.ConcurrentHashMap.newKeySet();
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .bindAddress("127.0.0.1").containerThreads(20).jettyAcceptors(2).templatingEnabled(true)
                .globalTemplating(false).extensions(new GeneratedAccounts(missing)));
        server.start();
        return new FakeLms(server, missing);
    }

    /** Points the service at this LMS with its OAuth2 client: one attempt per call, 2 s timeout, a token for an hour. */
    public void connect(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("lms.url", this::url);
        registry.add("openedx.client-id", () -> CLIENT_ID);
        registry.add("openedx.client-secret", () -> CLIENT_SECRET);
        registry.add("openedx.api-timeout", () -> "2s");
        registry.add("openedx.api-max-attempts", () -> "1");
        tokens(3600, "token-1");
    }

    /** Accounts (one by one and in bulk) and passing certificates for every generated learner, no language set. */
    public void serveGeneratedLearners() {
        generatedAccounts();
        generatedAccountsInBulk();
        generatedCertificates();
        noLanguagePreferences();
    }

    /** A generated learner the LMS has no account for (left out of bulk answers, 404 on its own). */
    public void noAccount(String username) {
        missingAccounts.add(username);
        server.stubFor(get(urlPathEqualTo("/api/user/v1/accounts/" + username)).willReturn(aResponse()
                .withStatus(404)));
    }

    public WireMockServer server() {
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    /** Settings pointing at this LMS (and at it as Studio too). */
    public ServiceConfig.Lms settings(Duration timeout, int maxAttempts) {
        return new ServiceConfig.Lms(Optional.of(URI.create(url())), Optional.of(URI.create(url() + "cms/")),
                CLIENT_ID, Secret.of(CLIENT_SECRET), timeout, maxAttempts, Duration.ofHours(1));
    }

    /** Properties for a Spring Boot test of the whole application. */
    public String[] properties() {
        return new String[] {"lms.url=" + url(), "openedx.client-id=" + CLIENT_ID,
                "openedx.client-secret=" + CLIENT_SECRET};
    }

    public void reset() {
        server.resetAll();
    }

    public StubMapping stub(MappingBuilder mapping) {
        return server.stubFor(mapping);
    }

    /** The token endpoint answers {@code tokens} in turn (the last one from then on). */
    public void tokens(long expiresIn, String... tokens) {
        for (int i = 0; i < tokens.length; i++) {
            ScenarioMappingBuilder mapping = post(urlPathEqualTo("/oauth2/access_token"))
                    .withRequestBody(containing("grant_type=client_credentials"))
                    .withRequestBody(containing("token_type=jwt"))
                    .withRequestBody(containing("client_id=" + CLIENT_ID))
                    .inScenario("token").whenScenarioStateIs(i == 0 ? "Started" : "token-" + i)
                    .willReturn(okJson("{\"access_token\": \"" + tokens[i] + "\", \"token_type\": \"JWT\", "
                            + "\"expires_in\": " + expiresIn + ", \"scope\": \"read write email profile\"}"));
            if (i < tokens.length - 1) {
                mapping = mapping.willSetStateTo("token-" + (i + 1));
            }
            server.stubFor(mapping);
        }
    }

    public void course(String courseKey, String name, String org) {
        server.stubFor(get(urlPathEqualTo("/api/courses/v1/courses/" + courseKey + "/"))
                .willReturn(okJson("{\"id\": \"" + courseKey + "\", \"name\": \"" + name + "\", \"org\": \"" + org
                        + "\", \"number\": \"CS101\", \"start\": \"2025-01-01T00:00:00Z\", \"end\": null, "
                        + "\"media\": {}}")));
    }

    public void account(long userId, String username, String name, String email) {
        server.stubFor(get(urlPathEqualTo("/api/user/v1/accounts/" + username))
                .willReturn(okJson(accountJson(userId, username, name, email))));
    }

    /**
     * Every {@code learner<N>} has an account with user id N, name "Learner N" and an email; one call per page of
     * usernames ({@code ?username=a,b}) is answered too.
     */
    public void generatedAccounts() {
        server.stubFor(get(urlPathMatching("/api/user/v1/accounts/learner[0-9]+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": {{regexExtract request.pathSegments.[4] '[0-9]+'}}, "
                                + "\"username\": \"{{request.pathSegments.[4]}}\", "
                                + "\"name\": \"Learner {{regexExtract request.pathSegments.[4] '[0-9]+'}}\", "
                                + "\"email\": \"{{request.pathSegments.[4]}}@example.org\", \"is_active\": true}")
                        .withTransformers("response-template")));
    }

    /**
     * {@code GET /api/user/v1/accounts?username=a,b,c} for generated learners: every {@code learner<N>} asked for is
     * in the answer, in the order asked.
     */
    public void generatedAccountsInBulk() {
        server.stubFor(get(urlPathEqualTo("/api/user/v1/accounts")).withQueryParam("username", matching(".+"))
                .willReturn(aResponse().withTransformers(GeneratedAccounts.NAME)));
    }

    /** Answers the bulk accounts call for generated learners (Handlebars cannot loop over a split query value). */
    static final class GeneratedAccounts implements ResponseDefinitionTransformerV2 {
        static final String NAME = "generated-accounts";
        private final java.util.Set<String> missing;

        GeneratedAccounts(java.util.Set<String> missing) {
            this.missing = missing;
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            String usernames = serveEvent.getRequest().queryParameter("username").firstValue();
            String body = java.util.Arrays.stream(usernames.split(","))
                    .filter(u -> u.matches("learner[0-9]+") && !missing.contains(u))
                    .map(u -> accountJson(Long.parseLong(u.substring("learner".length())), u,
                            "Learner " + u.substring("learner".length()), u + "@example.org"))
                    .collect(Collectors.joining(",", "[", "]"));
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(body).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /** The bulk accounts answer for exactly these generated learners. */
    public void generatedAccountsBulk(List<Integer> learners) {
        String usernames = learners.stream().map(n -> "learner" + n).collect(Collectors.joining(","));
        String body = learners.stream().map(n -> accountJson(n, "learner" + n, "Learner " + n,
                "learner" + n + "@example.org")).collect(Collectors.joining(",", "[", "]"));
        server.stubFor(get(urlPathEqualTo("/api/user/v1/accounts")).withQueryParam("username", equalTo(usernames))
                .willReturn(okJson(body)));
    }

    /** Every {@code learner<N>} holds a downloadable verified certificate in every course. */
    public void generatedCertificates() {
        server.stubFor(get(urlPathMatching("/api/certificates/v0/certificates/learner[0-9]+/courses/.+/"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"username\": \"{{request.pathSegments.[4]}}\", "
                                + "\"course_id\": \"{{request.pathSegments.[6]}}\", \"certificate_type\": \"verified\", "
                                + "\"status\": \"downloadable\", \"is_passing\": true, \"grade\": \"0.9\", "
                                + "\"download_url\": \"\", \"created_date\": \"2024-05-01T10:00:00Z\"}")
                        .withTransformers("response-template")));
    }

    /** No learner chose a site language. */
    public void noLanguagePreferences() {
        server.stubFor(get(urlPathMatching("/api/user/v1/preferences/.+/pref-lang"))
                .willReturn(aResponse().withStatus(404)));
    }

    public void languagePreference(String username, String code) {
        server.stubFor(get(urlPathEqualTo("/api/user/v1/preferences/" + username + "/pref-lang"))
                .willReturn(okJson("\"" + code + "\"")));
    }

    public void certificate(String username, String courseKey, String status, String mode, String grade) {
        server.stubFor(get(urlPathEqualTo("/api/certificates/v0/certificates/" + username + "/courses/" + courseKey
                + "/")).willReturn(okJson("{\"username\": \"" + username + "\", \"course_id\": \"" + courseKey
                        + "\", \"certificate_type\": \"" + mode + "\", \"status\": \"" + status + "\", \"is_passing\": "
                        + "downloadable".equals(status) + ", \"grade\": \"" + grade + "\", \"download_url\": \"\"}")));
    }

    /**
     * A web certificate as edx-platform's certificates API shows it: {@code download_url} is
     * {@code /certificates/<verify_uuid>} when it is downloadable.
     */
    public void webCertificate(String username, String courseKey, String status, String verifyUuid) {
        server.stubFor(get(urlPathEqualTo("/api/certificates/v0/certificates/" + username + "/courses/" + courseKey
                + "/")).willReturn(okJson("{\"username\": \"" + username + "\", \"course_id\": \"" + courseKey
                        + "\", \"certificate_type\": \"verified\", \"status\": \"" + status + "\", \"is_passing\": "
                        + "downloadable".equals(status) + ", \"is_pdf_certificate\": false, \"grade\": \"0.87\", "
                        + "\"download_url\": " + ("downloadable".equals(status) ? "\"/certificates/" + verifyUuid + "\""
                                : "null") + "}")));
    }

    /** Page {@code i} (0-based) of the course's grades; the pages link to each other with a cursor. */
    public void gradesPage(String courseKey, int i, int lastPage, String resultsJson) {
        String path = "/api/grades/v1/courses/" + courseKey + "/";
        String next = i == lastPage ? "null" : "\"" + url() + path.substring(1) + "?cursor=p" + (i + 1) + "\"";
        MappingBuilder mapping = get(urlPathEqualTo(path))
                .withQueryParam("cursor", i == 0 ? absent() : equalTo("p" + i));
        server.stubFor(mapping.willReturn(okJson("{\"next\": " + next + ", \"previous\": null, \"results\": "
                + resultsJson + "}")));
    }

    /** A grades result for a generated learner. */
    public static String grade(int learner, String courseKey, boolean passed) {
        return "{\"username\": \"learner" + learner + "\", \"email\": \"learner" + learner + "@example.org\", "
                + "\"course_id\": \"" + courseKey + "\", \"passed\": " + passed + ", \"percent\": "
                + (passed ? "0.9" : "0.2") + ", \"letter_grade\": " + (passed ? "\"Pass\"" : "null") + "}";
    }

    public void studioCertificates(String courseKey, String bodyJson) {
        server.stubFor(get(urlPathEqualTo("/cms/api/contentstore/v1/certificates/" + courseKey))
                .willReturn(okJson(bodyJson)));
    }

    public int count(RequestPatternBuilder pattern) {
        return server.countRequestsMatching(pattern.build()).getCount();
    }

    public static String accountJson(long userId, String username, String name, String email) {
        return "{\"id\": " + userId + ", \"username\": \"" + username + "\", \"name\": \"" + name + "\", \"email\": \""
                + email + "\", \"is_active\": true, \"language_proficiencies\": [], \"bio\": null, "
                + "\"country\": \"AR\", \"date_joined\": \"2024-01-01T00:00:00Z\"}";
    }

    @Override
    public void close() {
        server.stop();
    }
}
