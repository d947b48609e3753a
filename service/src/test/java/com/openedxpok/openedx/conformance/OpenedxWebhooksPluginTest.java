package com.openedxpok.openedx.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.Answer;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.Crash;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.CreationOutcome;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.CustomResponse;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.InvalidCertificate;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.OpenedxPage;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.Options;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.Redirect;
import com.openedxpok.openedx.conformance.OpenedxWebhooksPlugin.RenderOutcome;

/** The model of openedx-webhooks' reading of an answer, on hand-written answers (the tricky ones above all). */
class OpenedxWebhooksPluginTest {

    private final OpenedxWebhooksPlugin plugin = new OpenedxWebhooksPlugin();

    private static Answer json(String body) {
        return Answer.json(200, body);
    }

    // ---- decoding and json.loads -------------------------------------------------------------------------------

    @Test
    void textIsUtf8ForJsonIso88591ForTextWithoutCharsetAndTheCharsetWhenGiven() {
        byte[] utf8 = "García".getBytes(StandardCharsets.UTF_8);
        assertThat(OpenedxWebhooksPlugin.text("application/json", utf8)).isEqualTo("García");
        assertThat(OpenedxWebhooksPlugin.text("text/plain", utf8)).isEqualTo("GarcÃ\u00ada");
        assertThat(OpenedxWebhooksPlugin.text("text/html; charset=utf-8", utf8)).isEqualTo("García");
        assertThat(OpenedxWebhooksPlugin.text("application/json; charset=ISO-8859-1", utf8))
                .isEqualTo("GarcÃ\u00ada");
        assertThat(OpenedxWebhooksPlugin.text("application/json;charset=\"UTF-8\"", utf8)).isEqualTo("García");
        assertThat(OpenedxWebhooksPlugin.text("application/json; profile=text", utf8)).isEqualTo("García");
        assertThat(OpenedxWebhooksPlugin.text("application/json; charset=no-such-charset", utf8)).isEqualTo("García");
    }

    @Test
    void aJsonAnswerUnderTextPlainLosesItsAccents() {
        String body = "{\"exception\": {\"RenderCustomResponse\": {\"content\": \"Ana García\"}}}";
        RenderOutcome outcome = plugin.render(new Answer(200, "OK", "text/plain",
                body.getBytes(StandardCharsets.UTF_8)));
        assertThat(outcome).isInstanceOf(CustomResponse.class);
        assertThat(((CustomResponse) outcome).content()).isEqualTo("Ana GarcÃ\u00ada");
    }

    @Test
    void anythingButJsonIsReadAsAnEmptyObject() {
        for (String body : new String[] { "", "   ", "<html>406</html>", "{\"a\": 1} trailing", "{'a': 1}" }) {
            assertThat(plugin.creation(json(body))).as(body)
                    .isEqualTo(new CreationOutcome(null, false, null, java.util.Map.of()));
            assertThat(plugin.render(json(body))).as(body).isEqualTo(new OpenedxPage(java.util.Map.of()));
        }
    }

    @Test
    void aTopLevelThatIsNotAnObjectCrashesThePlugin() {
        for (String body : new String[] { "null", "[]", "[{\"data\": {}}]", "\"text\"", "42" }) {
            assertThat(plugin.creation(json(body)).crashed()).as(body).isTrue();
            assertThat(plugin.render(json(body))).as(body).isInstanceOf(Crash.class);
        }
        // With both filtering and halting disabled the plugin never looks at the answer.
        OpenedxWebhooksPlugin blind = new OpenedxWebhooksPlugin(new Options(false, false, true, true));
        assertThat(blind.render(json("null"))).isEqualTo(new OpenedxPage(java.util.Map.of()));
    }

    // ---- the creation filter -------------------------------------------------------------------------------------

    @Test
    void anEmptyObjectLetsTheCertificateBeCreatedUnchanged() {
        CreationOutcome outcome = plugin.creation(json("{}"));
        assertThat(outcome.crashed()).isFalse();
        assertThat(outcome.prevented()).isFalse();
        assertThat(outcome.changes()).isEmpty();
    }

    @Test
    void dataKeysAreChangesAppliedToOpenedx() {
        CreationOutcome outcome = plugin.creation(json("{\"data\": {\"user\": {\"email\": \"x@y\"}, \"status\": "
                + "\"notpassing\", \"unrelated\": 1}, \"error\": \"ignored\"}"));
        assertThat(outcome.prevented()).isFalse();
        assertThat(outcome.changes()).containsOnlyKeys("user", "status");
    }

    @Test
    void preventCertificateCreationWithAStringADictOrSomethingElse() {
        assertThat(plugin.creation(json("{\"exception\": {\"PreventCertificateCreation\": \"no\"}}")))
                .extracting(CreationOutcome::prevented, CreationOutcome::message).containsExactly(true, "no");
        assertThat(plugin.creation(json("{\"exception\": {\"PreventCertificateCreation\": {\"message\": \"m\"}}}")))
                .extracting(CreationOutcome::prevented, CreationOutcome::message).containsExactly(true, "m");
        assertThat(plugin.creation(json("{\"exception\": {\"PreventCertificateCreation\": {}}}")))
                .extracting(CreationOutcome::prevented, CreationOutcome::message).containsExactly(true, "");
        assertThat(plugin.creation(json("{\"exception\": {\"PreventCertificateCreation\": 1}}")))
                .extracting(CreationOutcome::prevented, CreationOutcome::message)
                .containsExactly(true, "Reason not specified");
    }

    @Test
    void thePluralExceptionsKeyIsIgnored() {
        assertThat(plugin.creation(json("{\"exceptions\": {\"PreventCertificateCreation\": \"no\"}}")).prevented())
                .isFalse();
        assertThat(plugin.render(json("{\"exceptions\": {\"RedirectToPage\": {\"redirect_to\": \"https://x\"}}}")))
                .isEqualTo(new OpenedxPage(java.util.Map.of()));
    }

    @Test
    void statusCodesAreIgnoredUnlessAHaltFlagIsTicked() {
        Answer badRequest = new Answer(400, "Bad Request", "application/json",
                "{\"error\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(plugin.creation(badRequest).prevented()).isFalse();
        assertThat(plugin.render(badRequest)).isEqualTo(new OpenedxPage(java.util.Map.of()));

        OpenedxWebhooksPlugin halting = new OpenedxWebhooksPlugin(new Options(true, true, false, false));
        CreationOutcome prevented = halting.creation(badRequest);
        assertThat(prevented.prevented()).isTrue();
        assertThat(prevented.message()).contains("returned status code 400 (Bad Request)");
        // RedirectToPage does not take status_code: the render filter crashes.
        assertThat(halting.render(badRequest)).isInstanceOf(Crash.class);
        assertThat(halting.render(new Answer(503, "Service Unavailable", "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)))).isInstanceOf(Crash.class);
        assertThat(halting.render(json("{}"))).isEqualTo(new OpenedxPage(java.util.Map.of()));
    }

    @Test
    void disableHaltIgnoresExceptionsAndDisableFilteringIgnoresData() {
        String body = "{\"data\": {\"mode\": \"honor\"}, \"exception\": {\"PreventCertificateCreation\": \"no\"}}";
        CreationOutcome noHalt = new OpenedxWebhooksPlugin(new Options(false, false, false, true)).creation(json(body));
        assertThat(noHalt.prevented()).isFalse();
        assertThat(noHalt.changes()).containsOnlyKeys("mode");
        CreationOutcome noFilter = new OpenedxWebhooksPlugin(new Options(false, false, true, false))
                .creation(json(body));
        assertThat(noFilter.prevented()).isTrue();
        assertThat(noFilter.changes()).isEmpty();
    }

    // ---- the render filter -----------------------------------------------------------------------------------------

    @Test
    void redirectWinsOverInvalidWhichWinsOverCustomResponse() {
        String all = "{\"exception\": {\"RenderCustomResponse\": {\"content\": \"c\"}, "
                + "\"RenderAlternativeInvalidCertificate\": {}, \"RedirectToPage\": {\"redirect_to\": \"https://p\"}}}";
        assertThat(plugin.render(json(all))).isEqualTo(new Redirect("", "https://p"));
        String two = "{\"exception\": {\"RenderCustomResponse\": {\"content\": \"c\"}, "
                + "\"RenderAlternativeInvalidCertificate\": {\"template_name\": \"t.html\"}}}";
        assertThat(plugin.render(json(two))).isEqualTo(new InvalidCertificate("", "t.html"));
    }

    @Test
    void aStringRedirectIsOnlyAMessageAndRedirectsToNothing() {
        assertThat(plugin.render(json("{\"exception\": {\"RedirectToPage\": \"https://pok.tech/x\"}}")))
                .isEqualTo(new Redirect("https://pok.tech/x", ""));
        assertThat(plugin.render(json("{\"exception\": {\"RedirectToPage\": null}}")))
                .isEqualTo(new Redirect("Reason not specified", ""));
    }

    @Test
    void unknownKeywordArgumentsCrash() {
        assertThat(plugin.render(json("{\"exception\": {\"RedirectToPage\": {\"redirect_to\": \"https://p\", "
                + "\"status_code\": 302}}}"))).isInstanceOf(Crash.class);
        assertThat(plugin.render(json("{\"exception\": {\"RenderAlternativeInvalidCertificate\": {\"reason\": "
                + "\"r\"}}}"))).isInstanceOf(Crash.class);
    }

    @Test
    void aCustomResponseMustBeADictOfHttpResponseArguments() {
        RenderOutcome ok = plugin.render(json("{\"exception\": {\"RenderCustomResponse\": {\"content\": \"<p>hi</p>\", "
                + "\"content_type\": \"text/html; charset=utf-8\", \"status\": 200}}}"));
        assertThat(ok).isInstanceOf(CustomResponse.class);
        assertThat((CustomResponse) ok).extracting(CustomResponse::content, CustomResponse::contentType,
                CustomResponse::status).containsExactly("<p>hi</p>", "text/html; charset=utf-8", 200);

        assertThat(plugin.render(json("{\"exception\": {\"RenderCustomResponse\": \"<p>hi</p>\"}}")))
                .isInstanceOf(Crash.class);
        assertThat(plugin.render(json("{\"exception\": {\"RenderCustomResponse\": {\"content\": \"c\", "
                + "\"message\": \"\"}}}"))).isInstanceOf(Crash.class);
        assertThat(plugin.render(json("{\"exception\": {\"RenderCustomResponse\": {\"content\": \"c\", "
                + "\"status\": \"ok\"}}}"))).isInstanceOf(Crash.class);
        assertThat(plugin.render(json("{\"exception\": {\"RenderCustomResponse\": {\"content\": \"c\", "
                + "\"status\": 700}}}"))).isInstanceOf(Crash.class);
    }

    @Test
    void contextUpdatesReachOpenedxsOwnPage() {
        RenderOutcome outcome = plugin.render(json("{\"data\": {\"context\": {\"document_title\": \"T\"}}}"));
        assertThat(outcome).isInstanceOf(OpenedxPage.class);
        assertThat(((OpenedxPage) outcome).contextUpdates()).containsOnlyKeys("document_title");
        assertThat(plugin.render(json("{\"data\": {\"context\": [1]}}"))).isInstanceOf(Crash.class);
    }

    @Test
    void nonObjectDataOrExceptionIsLoggedAndIgnored() {
        assertThat(plugin.render(json("{\"data\": [1], \"exception\": \"RedirectToPage\"}")))
                .isEqualTo(new OpenedxPage(java.util.Map.of()));
    }
}
