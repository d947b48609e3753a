package com.openedxpok.pok;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Neither the API key nor the learner's personal data may leave through an exception message or the debug log. */
@ExtendWith(OutputCaptureExtension.class)
class HttpPokClientLeakTest {

    @RegisterExtension
    static WireMockExtension pok = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final Logger clientLogger = (Logger) LoggerFactory.getLogger("com.openedxpok.pok");
    private final Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private Level clientLevel;
    private Level rootLevel;
    private HttpPokClient client;

    @BeforeEach
    void debugTheClientOnly() {
        clientLevel = clientLogger.getLevel();
        rootLevel = rootLogger.getLevel();
        // Only our logging is under test: HttpClient's own header log at DEBUG would print the key (see the docs).
        rootLogger.setLevel(Level.INFO);
        clientLogger.setLevel(Level.DEBUG);
        client = new HttpPokClient(PokFixtures.endpoint(pok.baseUrl(), Duration.ofSeconds(5)),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void restore() {
        client.close();
        clientLogger.setLevel(clientLevel);
        rootLogger.setLevel(rootLevel);
    }

    @Test
    void noMessageAndNoLogLineCarriesTheKeyOrTheLearnersData(CapturedOutput output) {
        List<PokException> failures = new ArrayList<>();

        pok.stubFor(post("/credential").willReturn(okJson("{\"id\":\"cred-1\"}")));
        client.issueCredential(PokFixtures.issueRequest("page-1"));

        pok.stubFor(post("/credential").willReturn(aResponse().withStatus(422).withBody(
                "{\"message\":\"receiver.email " + PokFixtures.EMAIL + " of " + PokFixtures.FIRST_NAME + " "
                        + PokFixtures.LAST_NAME + " (" + PokFixtures.IDENTIFICATION + ") is already a receiver\"}")));
        failures.add(issueAndFail());

        pok.stubFor(post("/credential").willReturn(aResponse().withStatus(401).withBody(
                "{\"error\":\"API key " + PokFixtures.API_KEY + " is unknown\"}")));
        failures.add(issueAndFail());

        pok.stubFor(post("/credential").willReturn(aResponse().withStatus(200).withHeader("Content-Type",
                "text/html").withBody("<p>Hello " + PokFixtures.FIRST_NAME + " " + PokFixtures.EMAIL + "</p>")));
        failures.add(issueAndFail());

        pok.stubFor(post("/credential").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        failures.add(issueAndFail());

        pok.stubFor(post("/template/preview").willReturn(aResponse().withStatus(400).withBody(
                "{\"errors\":[{\"message\":\"lastName '" + PokFixtures.LAST_NAME + "' is too long\"}]}")));
        failures.add(catchThrowableOfType(PokException.class,
                () -> client.previewTemplate(PokFixtures.previewRequest())));

        pok.stubFor(get("/credential/cred-1").willReturn(okJson("{\"id\":\"cred-1\",\"receiver\":{\"name\":\""
                + PokFixtures.FIRST_NAME + " " + PokFixtures.LAST_NAME + "\",\"email\":\"" + PokFixtures.EMAIL
                + "\"}}")));
        assertThat(client.credential("cred-1").receiver().email()).isEqualTo(PokFixtures.EMAIL);

        assertThat(failures).hasSize(5).doesNotContainNull();
        for (PokException failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(PokFixtures.API_KEY, PokFixtures.EMAIL,
                        PokFixtures.FIRST_NAME, PokFixtures.LAST_NAME, PokFixtures.IDENTIFICATION, "customParameters");
            }
            assertThat(failure.pokMessage().orElse("")).doesNotContain(PokFixtures.API_KEY, PokFixtures.EMAIL,
                    PokFixtures.FIRST_NAME, PokFixtures.LAST_NAME, PokFixtures.IDENTIFICATION);
        }
        assertThat(failures.get(0).pokMessage()).contains("receiver.email *** of *** *** (***) is already a receiver");

        String log = output.getAll();
        assertThat(log).contains("POK request POST /credential body={\"credential\":")
                .contains("\"email\":\"***\"", "\"firstName\":\"***\"", "\"lastName\":\"***\"",
                        "\"identification\":\"***\"", "\"customParameters\":{\"grade\":\"***\"")
                .contains("POK response to POST /credential: HTTP 422")
                .contains("POK response to GET /credential/cred-1: HTTP 200")
                .contains("(not JSON, ")
                .contains("POK response to POST /credential: no answer after")
                .doesNotContain(PokFixtures.API_KEY, PokFixtures.EMAIL, PokFixtures.FIRST_NAME + " ",
                        PokFixtures.LAST_NAME, "ApiKey", "0.95");
    }

    private PokException issueAndFail() {
        return catchThrowableOfType(PokException.class,
                () -> client.issueCredential(PokFixtures.issueRequest(null)));
    }
}
