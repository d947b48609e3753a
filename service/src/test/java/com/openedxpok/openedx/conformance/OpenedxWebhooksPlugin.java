package com.openedxpok.openedx.conformance;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.openedxpok.testsupport.ReplayClient;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How openedx-webhooks 21.0.0 reads our answer to its two webfilters, written from the fixtures README's "How the
 * plugin reads the answer" ({@code openedx_webhooks/filters.py} {@code _process_filter}, {@code _check_for_exception}
 * and the two {@code run_filter}s), for one enabled webfilter. The outcomes say what Open edX then does: what the
 * learner sees, and what is written back into Open edX.
 */
final class OpenedxWebhooksPlugin {

    /** The webfilter's check boxes; all off by default, as in the plugin's admin. */
    record Options(boolean haltOn4xx, boolean haltOn5xx, boolean disableFiltering, boolean disableHalt) {
        static final Options DEFAULT = new Options(false, false, false, false);
    }

    // ---- the creation filter -----------------------------------------------------------------------------------

    /**
     * What {@code CertificateCreationRequestedWebFilter.run_filter} does with the answer.
     *
     * @param crash     the Python exception that breaks certificate generation, or null
     * @param prevented whether {@code PreventCertificateCreation} is raised (edx-platform then refuses the certificate)
     * @param message   its message when prevented
     * @param changes   the {@code data} keys the plugin applies to Open edX ({@code user} and {@code profile} are
     *                  saved to the LMS database; {@code course_key}, {@code grade}, {@code mode}, {@code status},
     *                  {@code generation_mode} replace what edx-platform goes on with)
     */
    record CreationOutcome(String crash, boolean prevented, String message, Map<String, JsonNode> changes) {

        static CreationOutcome crashed(String crash) {
            return new CreationOutcome(crash, false, null, Map.of());
        }

        boolean crashed() {
            return crash != null;
        }
    }

    static final List<String> CREATION_DATA_KEYS = List.of("user", "profile", "course_key", "grade", "mode", "status",
            "generation_mode");

    // ---- the render filter -------------------------------------------------------------------------------------

    /** What {@code CertificateRenderStartedWebFilter.run_filter} makes of the answer. */
    sealed interface RenderOutcome {
    }

    /** A Python exception: the learner gets a server error instead of a certificate page. */
    record Crash(String reason) implements RenderOutcome {
    }

    /** {@code RedirectToPage}: edx-platform answers {@code HttpResponseRedirect(redirectTo)}. */
    record Redirect(String message, String redirectTo) implements RenderOutcome {
    }

    /** {@code RenderAlternativeInvalidCertificate}: Open edX's invalid-certificate page (or {@code templateName}). */
    record InvalidCertificate(String message, String templateName) implements RenderOutcome {
    }

    /** {@code RenderCustomResponse}: edx-platform answers {@code HttpResponse(**arguments)}. */
    record CustomResponse(String content, String contentType, int status, Map<String, JsonNode> arguments)
            implements RenderOutcome {
    }

    /** No exception: Open edX renders its own certificate page, its context updated with these keys. */
    record OpenedxPage(Map<String, JsonNode> contextUpdates) implements RenderOutcome {
    }

    /** {@code django.http.HttpResponse.__init__}'s keyword arguments: anything else is a TypeError. */
    static final Set<String> HTTP_RESPONSE_ARGUMENTS = Set.of("content", "content_type", "status", "reason",
            "charset", "headers");
    /** {@code CertificateRenderStarted.RedirectToPage.__init__(message, redirect_to)}. */
    static final Set<String> REDIRECT_ARGUMENTS = Set.of("message", "redirect_to");
    /** {@code CertificateRenderStarted.RenderAlternativeInvalidCertificate.__init__(message, template_name)}. */
    static final Set<String> INVALID_CERTIFICATE_ARGUMENTS = Set.of("message", "template_name");

    // ------------------------------------------------------------------------------------------------------------

    /** Python's {@code json.loads}: no trailing content, NaN and Infinity allowed. */
    private static final JsonMapper PYTHON_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final Options options;

    OpenedxWebhooksPlugin(Options options) {
        this.options = options;
    }

    OpenedxWebhooksPlugin() {
        this(Options.DEFAULT);
    }

    /** An answer as the plugin receives it from {@code requests}: status, Content-Type header, body bytes. */
    record Answer(int status, String reason, String contentType, byte[] body) {

        static Answer of(ReplayClient.Response response) {
            String reason = response.statusLine().split(" ", 3).length == 3 ? response.statusLine().split(" ", 3)[2]
                    : "";
            return new Answer(response.status(), reason, response.header("Content-Type"), response.body());
        }

        static Answer json(int status, String body) {
            return new Answer(status, "", "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code response.text}: the {@code charset} parameter when there is one; else ISO-8859-1 for {@code text/*}
     * and UTF-8 for {@code application/json} ({@code requests.utils.get_encoding_from_headers}). Without either,
     * requests guesses from the bytes; UTF-8 stands in for that guess. Undecodable bytes become U+FFFD, as with
     * {@code errors="replace"}.
     */
    static String text(String contentType, byte[] body) {
        Charset charset = StandardCharsets.UTF_8;
        if (contentType != null) {
            // The tests on "text" and "application/json" look at the media type only, without its parameters.
            String lower = contentType.split(";", 2)[0].toLowerCase(Locale.ROOT);
            String declared = null;
            for (String parameter : contentType.split(";")) {
                String[] pair = parameter.strip().split("=", 2);
                if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                    declared = pair[1].strip().replaceAll("^[\"']|[\"']$", "");
                }
            }
            if (declared != null) {
                try {
                    charset = Charset.forName(declared);
                } catch (IllegalArgumentException unknown) {
                    // requests falls back to str(content, errors="replace"): UTF-8.
                    charset = StandardCharsets.UTF_8;
                }
            } else if (lower.contains("text")) {
                charset = StandardCharsets.ISO_8859_1;
            } else if (lower.contains("application/json")) {
                charset = StandardCharsets.UTF_8;
            }
        }
        return new String(body, charset);
    }

    /** {@code json.loads(response.text)}; null when Python would fail, which the plugin logs and reads as {@code {}}. */
    static JsonNode loads(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = PYTHON_JSON.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The merged {@code data} and {@code exception} of one webfilter's answer, or the crash reading it. */
    private record Read(Map<String, JsonNode> data, Map<String, JsonNode> exceptions, String crash) {
    }

    private Read read(Answer answer) {
        JsonNode response = loads(text(answer.contentType(), answer.body()));
        if (response == null) {
            // Not JSON: logged, and treated as {}.
            return new Read(Map.of(), Map.of(), null);
        }
        boolean examined = !options.disableFiltering() || !options.disableHalt();
        if (!response.isObject() && examined) {
            // 'data' in None / a list / a number: the plugin's dict handling breaks on anything but an object.
            return new Read(Map.of(), Map.of(), "TypeError: the answer's top level is " + response.getNodeType()
                    + ", not an object");
        }
        Map<String, JsonNode> data = new LinkedHashMap<>();
        Map<String, JsonNode> exceptions = new LinkedHashMap<>();
        if (!options.disableFiltering() && response.has("data") && response.get("data").isObject()) {
            response.get("data").properties().forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        // The singular key only: "exceptions" (the docstring's spelling) is ignored.
        if (!options.disableHalt() && response.has("exception") && response.get("exception").isObject()) {
            response.get("exception").properties().forEach(e -> exceptions.put(e.getKey(), e.getValue()));
        }
        return new Read(data, exceptions, null);
    }

    private String haltMessage(Answer answer, String event) {
        boolean halt = (answer.status() >= 400 && answer.status() <= 499 && options.haltOn4xx())
                || (answer.status() >= 500 && answer.status() <= 599 && options.haltOn5xx());
        return halt ? "Request to <webhook url> after webhook event " + event + " returned status code "
                + answer.status() + " (" + answer.reason() + ")" : null;
    }

    CreationOutcome creation(Answer answer) {
        String halt = haltMessage(answer, "CertificateCreationRequested");
        if (halt != null) {
            // PreventCertificateCreation accepts message, redirect_to and status_code.
            return new CreationOutcome(null, true, halt, Map.of());
        }
        Read read = read(answer);
        if (read.crash() != null) {
            return CreationOutcome.crashed(read.crash());
        }
        Map<String, JsonNode> changes = new LinkedHashMap<>();
        for (String key : CREATION_DATA_KEYS) {
            if (read.data().containsKey(key)) {
                changes.put(key, read.data().get(key));
            }
        }
        String exception = "PreventCertificateCreation";
        if (read.exceptions().containsKey(exception)) {
            JsonNode value = read.exceptions().get(exception);
            String message = value.isString() ? value.asString()
                    : value.isObject() ? (value.has("message") ? value.get("message").asString() : "")
                    : "Reason not specified";
            return new CreationOutcome(null, true, message, changes);
        }
        return new CreationOutcome(null, false, null, changes);
    }

    RenderOutcome render(Answer answer) {
        if (haltMessage(answer, "CertificateRenderStarted") != null) {
            // RedirectToPage(message, redirect_to) gets status_code too.
            return new Crash("TypeError: RedirectToPage.__init__() got an unexpected keyword argument 'status_code'");
        }
        Read read = read(answer);
        if (read.crash() != null) {
            return new Crash(read.crash());
        }
        Map<String, JsonNode> contextUpdates = new LinkedHashMap<>();
        if (read.data().containsKey("context")) {
            JsonNode context = read.data().get("context");
            if (!context.isObject()) {
                return new Crash("context.update() of a " + context.getNodeType());
            }
            context.properties().forEach(e -> contextUpdates.put(e.getKey(), e.getValue()));
        }
        Map<String, JsonNode> exceptions = read.exceptions();
        if (exceptions.containsKey("RedirectToPage")) {
            JsonNode value = exceptions.get("RedirectToPage");
            if (value.isObject()) {
                String unexpected = unexpected(value, REDIRECT_ARGUMENTS);
                if (unexpected != null) {
                    return new Crash("TypeError: RedirectToPage got an unexpected keyword argument '" + unexpected
                            + "'");
                }
                return new Redirect(textOr(value.get("message"), ""), textOr(value.get("redirect_to"), ""));
            }
            return new Redirect(value.isString() ? value.asString() : "Reason not specified", "");
        }
        if (exceptions.containsKey("RenderAlternativeInvalidCertificate")) {
            JsonNode value = exceptions.get("RenderAlternativeInvalidCertificate");
            if (value.isObject()) {
                String unexpected = unexpected(value, INVALID_CERTIFICATE_ARGUMENTS);
                if (unexpected != null) {
                    return new Crash("TypeError: RenderAlternativeInvalidCertificate got an unexpected keyword "
                            + "argument '" + unexpected + "'");
                }
                return new InvalidCertificate(textOr(value.get("message"), ""), textOr(value.get("template_name"),
                        ""));
            }
            return new InvalidCertificate(value.isString() ? value.asString() : "Reason not specified", "");
        }
        if (exceptions.containsKey("RenderCustomResponse")) {
            return customResponse(exceptions.get("RenderCustomResponse"));
        }
        return new OpenedxPage(contextUpdates);
    }

    /** {@code HttpResponse(**value)}, whatever the value: only a dict of its own keyword arguments works. */
    private static RenderOutcome customResponse(JsonNode value) {
        if (!value.isObject()) {
            return new Crash("TypeError: HttpResponse() argument after ** must be a mapping, not "
                    + value.getNodeType());
        }
        String unexpected = unexpected(value, HTTP_RESPONSE_ARGUMENTS);
        if (unexpected != null) {
            return new Crash("TypeError: HttpResponse.__init__() got an unexpected keyword argument '" + unexpected
                    + "'");
        }
        int status = 200;
        if (value.has("status") && !value.get("status").isNull()) {
            JsonNode given = value.get("status");
            String digits = given.isIntegralNumber() ? given.asString() : given.isString() ? given.asString().strip()
                    : null;
            if (digits == null || !digits.matches("-?\\d{1,9}")) {
                return new Crash("TypeError: HTTP status code must be an integer.");
            }
            status = Integer.parseInt(digits);
            if (status < 100 || status > 599) {
                return new Crash("ValueError: HTTP status code must be an integer from 100 to 599.");
            }
        }
        if (value.has("content_type") && value.has("headers") && value.get("headers").isObject()
                && value.get("headers").propertyNames().stream().anyMatch(n -> n.equalsIgnoreCase("Content-Type"))) {
            return new Crash("ValueError: 'headers' must not contain 'Content-Type' when the 'content_type' parameter "
                    + "is provided.");
        }
        Map<String, JsonNode> arguments = new LinkedHashMap<>();
        value.properties().forEach(e -> arguments.put(e.getKey(), e.getValue()));
        JsonNode content = value.get("content");
        return new CustomResponse(content == null || content.isNull() ? "" : content.asString(),
                textOr(value.get("content_type"), null), status, arguments);
    }

    private static String unexpected(JsonNode arguments, Set<String> accepted) {
        return arguments.propertyNames().stream().filter(n -> !accepted.contains(n)).findFirst().orElse(null);
    }

    private static String textOr(JsonNode node, String otherwise) {
        return node == null || node.isNull() ? otherwise : node.asString();
    }
}
