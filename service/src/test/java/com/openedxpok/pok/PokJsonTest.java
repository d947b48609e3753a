package com.openedxpok.pok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The liberal reading of POK's answers and of its error bodies. */
class PokJsonTest {

    @ParameterizedTest
    @CsvSource({
            "2025-06-01T14:03:00Z,              2025-06-01T14:03:00Z",
            "2025-06-01T14:03:00.000Z,          2025-06-01T14:03:00Z",
            "2025-06-01T16:03:00+02:00,         2025-06-01T14:03:00Z",
            "2025-06-01T14:03:00,               2025-06-01T14:03:00Z",
            "2025-06-01T14:03:00.123456,        2025-06-01T14:03:00.123456Z",
            "2025-06-01 14:03:00,               2025-06-01T14:03:00Z",
            "2025-06-01T14:03:00Z[UTC],         2025-06-01T14:03:00Z",
            "2025-06-01,                        2025-06-01T00:00:00Z" })
    void datesAreReadWithOrWithoutZoneAndAZoneLessOneIsUtc(String sent, String expected) {
        CredentialDetails details = PokJson.credentialDetails("{\"createdAt\":\"" + sent + "\"}");

        assertThat(details.createdAt()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"yesterday\"", "\"\"", "1717250580", "{\"at\":1}" })
    void anUnreadableDateIsNull(String sent) {
        assertThat(PokJson.credentialDetails("{\"id\":\"c\",\"createdAt\":" + sent + "}").createdAt()).isNull();
    }

    @Test
    void fieldsOfAnUnexpectedShapeAreNullAndDoNotFailTheAnswer() {
        CredentialDetails details = PokJson.credentialDetails(
                "{\"id\":{\"oid\":\"x\"},\"state\":[\"emitted\"],\"credential\":\"none\",\"receiver\":7}");

        assertThat(details).isEqualTo(new CredentialDetails(null, null, null, null, null, null));
        assertThat(details.pokState()).as("no state, not the 'emitted' of the array").isEqualTo(PokState.of(""));
        assertThat(details.pokState().isEmitted()).isFalse();
        assertThat(details.pokState().isFinalNotViewable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "<html></html>", "[1,2]", "\"text\"", "{\"id\":" })
    void aBodyThatIsNotAJsonObjectIsUnreadable(String body) {
        assertThatThrownBy(() -> PokJson.organization(body)).isInstanceOf(PokJson.Unreadable.class);
    }

    @Test
    void anUnreadableReasonNeverQuotesTheBody() {
        assertThatThrownBy(() -> PokJson.issuedCredential("{\"email\":\"ana@example.org\"}"))
                .isInstanceOf(PokJson.Unreadable.class).hasMessage("the answer carries no credential id");
        assertThatThrownBy(() -> PokJson.issuedCredential("Dear ana@example.org"))
                .hasMessage("the answer is not JSON");
    }

    @Test
    void aJsonMessageIsPoksMessage() {
        assertThat(PokJson.errorMessage("{\"message\":\"Template not found\",\"error\":\"Not Found\"}"))
                .isEqualTo("Template not found");
    }

    @Test
    void validationMessagesInArraysAreJoined() {
        assertThat(PokJson.errorMessage("""
                {"statusCode":422,"message":["receiver.email must be an email","title is empty"],
                 "error":"Unprocessable Entity"}""")).isEqualTo("receiver.email must be an email; title is empty");
        assertThat(PokJson.errorMessage("{\"errors\":[{\"field\":\"x\",\"message\":\"x is bad\"},{\"msg\":\"y\"},"
                + "\"z is missing\"],\"detail\":\"validation failed\"}"))
                .isEqualTo("validation failed; x is bad; y; z is missing");
    }

    @Test
    void errorIsUsedOnlyWhenNothingBetterIsThere() {
        assertThat(PokJson.errorMessage("{\"error\":\"Forbidden\"}")).isEqualTo("Forbidden");
        assertThat(PokJson.errorMessage("{\"error\":{\"message\":\"quota exceeded\"}}")).isEqualTo("quota exceeded");
    }

    @Test
    void anHtmlPageIsReducedToItsVisibleText() {
        assertThat(PokJson.errorMessage("""
                <!DOCTYPE html><html><head><title>Oops</title><script>var a = "<b>";</script></head>
                <body>\n<h1>Service   Unavailable</h1><!-- node 7 --><p>Try &amp; retry&nbsp;later</p></body></html>"""))
                .isEqualTo("Oops Service Unavailable Try & retry later");
    }

    @Test
    void aLongMessageIsTruncated() {
        String message = PokJson.errorMessage("x".repeat(1000));

        assertThat(message).hasSize(PokJson.MAX_MESSAGE_LENGTH + 1).endsWith("x…");
    }

    @Test
    void aBodyThatSaysNothingGivesNoMessage() {
        assertThat(PokJson.errorMessage("")).isNull();
        assertThat(PokJson.errorMessage(null)).isNull();
        assertThat(PokJson.errorMessage("<html><body> </body></html>")).isNull();
        assertThat(PokJson.errorMessage("{\"code\":17}")).isEqualTo("{\"code\":17}");
    }

    @Test
    void aNullTemplateParameterIsLeftOutRatherThanSentAsNull() {
        java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("grade", null);
        parameters.put("course", "CS101");
        IssueRequest request = new IssueRequest(null, null,
                new IssueRequest.Customization(null, new IssueRequest.Template("tpl-1", parameters)));

        assertThat(PokJson.issueBody(request))
                .isEqualTo("{\"customization\":{\"template\":{\"id\":\"tpl-1\",\"customParameters\":"
                        + "{\"course\":\"CS101\"}}}}");
    }
}
