package com.openedxpok.pok;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Every operation's success path: the exact request sent, and what is read from POK's answer. */
class HttpPokClientTest {

    @RegisterExtension
    static WireMockExtension pok = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HttpPokClient client;

    @BeforeEach
    void startClient() {
        client = new HttpPokClient(PokFixtures.endpoint(pok.baseUrl() + "/", Duration.ofSeconds(5)), registry);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void issueSendsExactlyTheContractsBodyWithNullsOmittedAndTheDateInUtcSeconds() {
        stub(post("/credential"), aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"cred-1\",\"viewUrl\":\"https://pok.tech/v/cred-1\",\"state\":\"processing\"}"));

        IssuedCredential issued = client.issueCredential(PokFixtures.issueRequest(null));

        assertThat(issued).isEqualTo(new IssuedCredential("cred-1", "https://pok.tech/v/cred-1", "processing"));
        pok.verify(withJsonHeaders(postRequestedFor(urlEqualTo("/credential")))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {
                          "credential": {
                            "tags": ["StudentId:learner-90417", "CourseId:course-v1:Org+CS101+2025", "Mode:verified"],
                            "skipAcceptance": true,
                            "emissionType": "pok",
                            "dateFormat": "dd/MM/yyyy",
                            "emissionDate": "2025-06-01T14:03:00Z",
                            "title": "Introduction to Computer Science",
                            "emitter": "Example University"
                          },
                          "receiver": {
                            "languageTag": "es-AR",
                            "identification": "learner-90417",
                            "email": "ana.garcia@example.org",
                            "firstName": "Ana",
                            "lastName": "García López"
                          },
                          "customization": {
                            "template": { "id": "tpl-1", "customParameters": { "grade": "0.95", "platform_name": "Example edX" } }
                          }
                        }""")));
        String sent = pok.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(sent).contains("\"emissionDate\":\"2025-06-01T14:03:00Z\"").doesNotContain("page")
                .doesNotContain("null");
    }

    @Test
    void issueSendsThePageWhenThereIsOneAndOmitsABlankOne() {
        stub(post("/credential"), okJson("{\"id\":\"cred-2\"}"));

        client.issueCredential(PokFixtures.issueRequest("page-7"));
        client.issueCredential(PokFixtures.issueRequest("  "));

        assertThat(pok.getAllServeEvents()).extracting(e -> e.getRequest().getBodyAsString())
                .anySatisfy(body -> assertThat(body).contains("\"customization\":{\"page\":\"page-7\",\"template\""))
                .anySatisfy(body -> assertThat(body).contains("\"customization\":{\"template\""));
    }

    @Test
    void issueReadsANumericIdAndIgnoresUnknownFields() {
        stub(post("/credential"), okJson("{\"id\":12345,\"extra\":{\"nested\":[1,2]},\"state\":\"emitted\"}"));

        assertThat(client.issueCredential(PokFixtures.issueRequest(null)))
                .isEqualTo(new IssuedCredential("12345", null, "emitted"));
    }

    @Test
    void credentialReadsEveryFieldWithDatesWithAndWithoutZone() {
        stub(get("/credential/cred-1"), okJson("""
                {"id":"cred-1","state":"emitted","viewUrl":"https://pok.tech/v/cred-1",
                 "createdAt":"2025-06-01T14:03:00",
                 "credential":{"tags":["StudentId:7","CourseId:x"],"emitter":"Example University","title":"CS101",
                               "emissionDate":"2025-06-01T16:03:00.250+02:00","emissionType":"blockchain",
                               "somethingNew":true},
                 "receiver":{"name":"Ana García","email":"ana@example.org"},
                 "wallet":{"address":"0xabc"}}"""));

        CredentialDetails details = client.credential("cred-1");

        assertThat(details).isEqualTo(new CredentialDetails("cred-1", "emitted", "https://pok.tech/v/cred-1",
                Instant.parse("2025-06-01T14:03:00Z"),
                new CredentialDetails.Credential(java.util.List.of("StudentId:7", "CourseId:x"), "Example University",
                        "CS101", Instant.parse("2025-06-01T14:03:00.250Z"), "blockchain"),
                new CredentialDetails.Receiver("Ana García", "ana@example.org")));
        assertThat(details.pokState().isEmitted()).isTrue();
        pok.verify(withJsonHeaders(getRequestedFor(urlEqualTo("/credential/cred-1")))
                .withHeader("Content-Type", absent()));
    }

    @Test
    void credentialWithMissingFieldsIsReadAsNullsAndEmptyLists() {
        stub(get("/credential/cred-1"), okJson("{\"id\":\"cred-1\",\"credential\":{\"title\":\"CS101\"}}"));

        assertThat(client.credential("cred-1")).isEqualTo(new CredentialDetails("cred-1", null, null, null,
                new CredentialDetails.Credential(java.util.List.of(), null, "CS101", null, null), null));
    }

    @Test
    void anIdIsSentAsOnePathSegment() {
        stub(get("/credential/a%2Fb%20c"), okJson("{\"id\":\"a/b c\"}"));

        assertThat(client.credential("a/b c").id()).isEqualTo("a/b c");
    }

    @Test
    void decryptedImageReadsTheLocation() {
        stub(get("/credential/cred-1/decrypted-image"), okJson("{\"location\":\"https://cdn.pok.tech/i/1.png\"}"));

        assertThat(client.decryptedImage("cred-1")).isEqualTo(new CredentialImage("https://cdn.pok.tech/i/1.png"));
        pok.verify(withJsonHeaders(getRequestedFor(urlEqualTo("/credential/cred-1/decrypted-image"))));
    }

    @Test
    void templateReadsItsParametersAndANumericVersion() {
        stub(get("/template/tpl-1"), okJson("""
                {"id":"tpl-1","name":"Diploma","version":3,"customParameters":[
                  {"id":"p1","label":"Grade","type":"text"},{"id":"p2"},"not-an-object"]}"""));

        assertThat(client.template("tpl-1")).isEqualTo(new PokTemplate("tpl-1", "Diploma", "3",
                java.util.List.of(new PokTemplate.CustomParameter("p1", "Grade"),
                        new PokTemplate.CustomParameter("p2", null))));
        pok.verify(withJsonHeaders(getRequestedFor(urlEqualTo("/template/tpl-1"))));
    }

    @Test
    void templateWithoutParametersHasAnEmptyList() {
        stub(get("/template/tpl-1"), okJson("{\"id\":\"tpl-1\"}"));

        assertThat(client.template("tpl-1").customParameters()).isEmpty();
    }

    @Test
    void templatesAreReadFromTheDataWrapper() {
        stub(get("/template?limit=25"), okJson("{\"data\":[{\"id\":\"t1\",\"name\":\"A\"},{\"id\":\"t2\"}],"
                + "\"total\":2}"));

        assertThat(client.templates(25)).extracting(PokTemplate::id, PokTemplate::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t1", "A"),
                        org.assertj.core.groups.Tuple.tuple("t2", null));
        pok.verify(withJsonHeaders(getRequestedFor(urlEqualTo("/template?limit=25"))));
    }

    @Test
    void templatesAreReadFromABareArray() {
        stub(get("/template?limit=5"), okJson("[{\"id\":\"t1\",\"customParameters\":[{\"id\":\"p\",\"label\":\"L\"}]}]"));

        assertThat(client.templates(5)).containsExactly(new PokTemplate("t1", null, null,
                java.util.List.of(new PokTemplate.CustomParameter("p", "L"))));
    }

    @Test
    void previewSendsTheIssueBodyWithoutTheFieldsAPreviewMustNotCarry() {
        stub(post("/template/preview"), okJson("{\"url\":\"https://cdn.pok.tech/p/1.png\"}"));

        assertThat(client.previewTemplate(PokFixtures.previewRequest()))
                .isEqualTo(new TemplatePreview("https://cdn.pok.tech/p/1.png"));
        pok.verify(withJsonHeaders(postRequestedFor(urlEqualTo("/template/preview")))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {
                          "credential": {
                            "emissionType": "blockchain",
                            "dateFormat": "MM/dd/yyyy",
                            "emissionDate": "2025-06-01T14:03:00Z",
                            "title": "Introduction to Computer Science",
                            "emitter": "Example University"
                          },
                          "receiver": { "languageTag": "en-US", "firstName": "Ana", "lastName": "García López" },
                          "customization": { "template": { "id": "tpl-1", "customParameters": { "grade": "[ Grade ]" } } }
                        }""")));
    }

    @Test
    void pagesAreReadFromTheDataWrapperOrABareArray() {
        stub(get("/page?limit=50"), okJson("{\"data\":[{\"id\":\"pg1\",\"name\":\"Main\",\"slug\":\"main\"}]}"));
        stub(get("/page?limit=1"), okJson("[{\"id\":7,\"name\":\"Numeric\"}]"));

        assertThat(client.pages(50)).containsExactly(new PokPage("pg1", "Main"));
        assertThat(client.pages(1)).containsExactly(new PokPage("7", "Numeric"));
        pok.verify(withJsonHeaders(getRequestedFor(urlEqualTo("/page?limit=50"))));
    }

    @Test
    void organizationReadsNumbersSentAsNumbersOrAsStrings() {
        stub(get("/organization/me"), okJson("""
                {"wallet":"0xabc","name":"Example University","availableCredits":"12","emittedCredentials":340,
                 "sentCredentials":"7.0","draftCredentials":"n/a","plan":"pro"}"""));

        assertThat(client.organization()).isEqualTo(
                new Organization("0xabc", "Example University", 12L, 340L, 7L, null, null));
        pok.verify(withJsonHeaders(getRequestedFor(urlEqualTo("/organization/me"))));
    }

    @Test
    void aBaseUrlWithoutTrailingSlashKeepsItsPath() {
        stub(get("/api/v1/organization/me"), okJson("{\"name\":\"Example University\"}"));
        try (HttpPokClient prefixed = new HttpPokClient(
                PokFixtures.endpoint(pok.baseUrl() + "/api/v1", Duration.ofSeconds(5)), registry)) {

            assertThat(prefixed.organization().name()).isEqualTo("Example University");
        }
        pok.verify(withJsonHeaders(getRequestedFor(urlEqualTo("/api/v1/organization/me"))));
    }

    @Test
    void eachCallIsTimedByOperationAndOutcome() {
        stub(post("/credential"), okJson("{\"id\":\"cred-1\"}"));
        stub(get("/organization/me"), aResponse().withStatus(422).withBody("{\"message\":\"no\"}"));

        client.issueCredential(PokFixtures.issueRequest(null));
        assertThatThrownBy(client::organization).isInstanceOf(PokException.class);

        assertThat(registry.get(HttpPokClient.METRIC).tags("operation", "POST /credential", "outcome", "success")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get(HttpPokClient.METRIC).tags("operation", "GET /organization/me", "outcome",
                "permanent").timer().count()).isEqualTo(1);
    }

    @Test
    void blankIdsAndNonPositiveLimitsAreProgrammingErrorsNotPokFailures() {
        assertThatThrownBy(() -> client.credential(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.templates(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(pok.getAllServeEvents()).isEmpty();
    }

    private static RequestPatternBuilder withJsonHeaders(RequestPatternBuilder request) {
        return request.withHeader("Authorization", equalTo("ApiKey " + PokFixtures.API_KEY))
                .withHeader("Accept", equalTo("application/json"))
                .withHeader("User-Agent", equalTo("openedx-pok"));
    }

    private static void stub(MappingBuilder request, ResponseDefinitionBuilder response) {
        pok.stubFor(request.willReturn(response));
    }
}
