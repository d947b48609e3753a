package com.openedxpok.pok;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PokRedactorTest {

    @Test
    void personalValuesAndTemplateParameterValuesAreMaskedAndEverythingElseKept() {
        String body = PokJson.issueBody(PokFixtures.issueRequest("page-1"));

        String logged = PokRedactor.forLog(body, Set.of());

        assertThat(logged)
                .contains("\"receiver\":{\"languageTag\":\"es-AR\",\"identification\":\"***\",\"email\":\"***\","
                        + "\"firstName\":\"***\",\"lastName\":\"***\"}")
                .contains("\"customParameters\":{\"grade\":\"***\",\"platform_name\":\"***\"}")
                .contains("\"title\":\"Introduction to Computer Science\"", "\"page\":\"page-1\"",
                        "\"emissionDate\":\"2025-06-01T14:03:00Z\"", "\"skipAcceptance\":true")
                .doesNotContain(PokFixtures.EMAIL, PokFixtures.FIRST_NAME, PokFixtures.LAST_NAME, "0.95");
    }

    @Test
    void secretsAreMaskedByAnyKeyThatNamesOneAtAnyDepth() {
        String logged = PokRedactor.forLog("""
                {"apiKey":"k1","nested":[{"access_token":"t1","Authorization":"ApiKey k2","PASSWORD":"p1"}],
                 "name":"Example University","keep":"visible","count":3,"email":null}""", Set.of());

        assertThat(logged).isEqualTo("{\"apiKey\":\"***\",\"nested\":[{\"access_token\":\"***\","
                + "\"Authorization\":\"***\",\"PASSWORD\":\"***\"}],\"name\":\"***\",\"keep\":\"visible\","
                + "\"count\":3,\"email\":null}");
    }

    @Test
    void aSensitiveKeyHidesAWholeObject() {
        assertThat(PokRedactor.forLog("{\"name\":{\"first\":\"Ana\",\"last\":\"López\"}}", Set.of()))
                .isEqualTo("{\"name\":\"***\"}");
    }

    @Test
    void knownValuesAreMaskedWhereverTheyAppearLongestFirstAndIgnoringCase() {
        String logged = PokRedactor.forLog("{\"message\":\"ANA@example.org (Ana) exists\",\"tags\":[\"StudentId:"
                + "learner-9\"],\"code\":\"E42\"}", Set.of("ana", "ana@example.org", "learner-9", "42"));

        assertThat(logged).isEqualTo(
                "{\"message\":\"*** (***) exists\",\"tags\":[\"StudentId:***\"],\"code\":\"E42\"}");
    }

    @Test
    void sensitiveValuesAreCollectedFromTheRequestBody() {
        String body = PokJson.issueBody(PokFixtures.issueRequest(null));

        assertThat(PokRedactor.sensitiveValues(body)).containsExactlyInAnyOrder(PokFixtures.IDENTIFICATION,
                PokFixtures.EMAIL, PokFixtures.FIRST_NAME, PokFixtures.LAST_NAME);
        assertThat(PokRedactor.sensitiveValues(null)).isEmpty();
        assertThat(PokRedactor.sensitiveValues("<html>")).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsReducedToItsSize() {
        assertThat(PokRedactor.forLog("<p>Dear Ana García</p>", Set.of())).isEqualTo("(not JSON, 22 characters)");
        assertThat(PokRedactor.forLog("", Set.of())).isEqualTo("(empty)");
        assertThat(PokRedactor.forLog(null, Set.of())).isEqualTo("(empty)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "email", "firstName", "lastName", "name", "identification", "apiKey", "x-api-key",
            "refreshToken", "password", "authorization" })
    void keysThatNamePersonalDataOrSecretsAreSensitive(String key) {
        assertThat(PokRedactor.isSensitive(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "id", "title", "emitter", "languageTag", "tags", "state", "viewUrl", "username" })
    void otherKeysAreNot(String key) {
        assertThat(PokRedactor.isSensitive(key)).isFalse();
    }
}
