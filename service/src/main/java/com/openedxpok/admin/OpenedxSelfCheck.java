package com.openedxpok.admin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.openedxpok.config.PublicUrl;
import com.openedxpok.config.ServiceConfig;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Check from Open edX": the service calls itself over HTTP the way openedx-webhooks 21.0.0 does (its headers, a JSON
 * body, a 10 s timeout, no redirects) and reads the answers the way the plugin's {@code _process_filter} does. Two
 * calls with no lasting effect: an event of a type the service does not use (a ping), and a render context for a
 * learner without certificate in a course no template names. The token is sent, never shown: the URLs in the result
 * carry {@code token=****}.
 */
@Component
public class OpenedxSelfCheck {

    /** openedx-webhooks' {@code requests.post(..., timeout=10)}. */
    static final Duration PLUGIN_TIMEOUT = Duration.ofSeconds(10);
    static final String PING_EVENT_TYPE = "org.openedx.pok.settings.check.ping.v1";
    static final String CHECK_COURSE = "course-v1:openedx-pok+settings-check+0";
    /** A user id no LMS hands out soon, so the render check never meets a real certificate. */
    static final long CHECK_USER_ID = 2_000_000_000L;
    static final String EVENTS_PATH = "openedx/webhooks/events";
    static final String RENDER_PATH = "openedx/webfilters/certificate-render-started";
    private static final int SHOWN_BODY = 600;

    private final ServiceConfig config;
    private final PublicUrl publicUrl;
    private final Environment environment;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(PLUGIN_TIMEOUT).build();

    public OpenedxSelfCheck(ServiceConfig config, PublicUrl publicUrl, Environment environment) {
        this.config = config;
        this.publicUrl = publicUrl;
        this.environment = environment;
    }

    /**
     * @param target     the base URL the calls went to
     * @param targetNote which address that is and why (PUBLIC_URL, or the local port and the reason)
     * @param ok         both calls were answered as Open edX needs
     */
    public record OpenedxCheck(String target, String targetNote, boolean ok, List<Call> calls) {
    }

    /**
     * @param request    method and URL, the token masked
     * @param status     the HTTP status, 0 when there was no answer
     * @param body       the answer as Open edX decodes it (cut after 600 characters); empty without an answer
     * @param parsedJson the answer parsed as the plugin's {@code json.loads} would, pretty-printed; empty if not JSON
     * @param outcome    what the plugin makes of it, in words
     */
    public record Call(String name, String request, int status, String body, String parsedJson, boolean ok,
            String outcome) {
    }

    public OpenedxCheck run() {
        URI local = URI.create("http://127.0.0.1:" + localPort() + "/");
        Optional<URI> configured = config.service().publicUrl();
        if (configured.isEmpty()) {
            return runAgainst(local, "the local port " + localPort() + " (PUBLIC_URL is not set)", List.of());
        }
        Call firstPing;
        try {
            firstPing = ping(configured.get());
        } catch (IOException unreachable) {
            return runAgainst(local, "the local port " + localPort() + ": PUBLIC_URL " + configured.get()
                    + " was not reachable from the service itself (" + reason(unreachable) + "), so Open edX may not "
                    + "reach it either; check DNS, the proxy and the firewall between them", List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OpenedxCheck(configured.get().toString(), "interrupted", false, List.of());
        }
        return runAgainst(configured.get(), "PUBLIC_URL", List.of(firstPing));
    }

    private OpenedxCheck runAgainst(URI base, String note, List<Call> done) {
        List<Call> calls = new ArrayList<>(done);
        try {
            if (calls.isEmpty()) {
                calls.add(pingOrFailure(base));
            }
            calls.add(render(base));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new OpenedxCheck(base.toString(), note, calls.size() == 2 && calls.stream().allMatch(Call::ok),
                List.copyOf(calls));
    }

    private Call pingOrFailure(URI base) throws InterruptedException {
        try {
            return ping(base);
        } catch (IOException e) {
            return noAnswer("Events webhook (a ping event)", base, EVENTS_PATH, e);
        }
    }

    private Call ping(URI base) throws IOException, InterruptedException {
        String body = "{\"event_metadata\": {\"event_type\": \"" + PING_EVENT_TYPE + "\", \"id\": \""
                + UUID.randomUUID() + "\", \"minorversion\": 0, \"source\": \"openedx-pok/settings-check\", "
                + "\"sourcehost\": \"openedx-pok\", \"time\": \"" + pythonNow() + "\", \"sourcelib\": [11, 2, 0]}}";
        HttpResponse<byte[]> answer = post(base, EVENTS_PATH, body);
        Answer read = read(answer);
        String name = "Events webhook (a ping event)";
        if (answer.statusCode() >= 200 && answer.statusCode() < 300) {
            return call(name, base, EVENTS_PATH, answer, read, true,
                    "Delivered: the token and the address work. (The plugin never reads a webhook's answer.)");
        }
        return call(name, base, EVENTS_PATH, answer, read, false, refusal(answer.statusCode())
                + " Open edX's certificate events would be lost (the plugin logs the failure and does not retry).");
    }

    private Call render(URI base) throws InterruptedException {
        String name = "Render webfilter (a learner without certificate)";
        String body = "{\"context\": {\"course_id\": \"" + CHECK_COURSE + "\", \"accomplishment_user_id\": "
                + CHECK_USER_ID + ", \"user_language\": \"en\", \"username\": \"settings-check\"}, "
                + "\"custom_template\": null, \"completion_summary\": null, \"event_metadata\": {\"event_type\": "
                + "\"org.openedx.learning.certificate.render.started.v1\", \"time\": \"" + pythonNow() + "\"}}";
        HttpResponse<byte[]> answer;
        try {
            answer = post(base, RENDER_PATH, body);
        } catch (IOException e) {
            return noAnswer(name, base, RENDER_PATH, e);
        }
        Answer read = read(answer);
        int status = answer.statusCode();
        String halt = status >= 500 ? " With \"halt on 5xx\" ticked the learner's page fails."
                : status >= 400 ? " With \"halt on 4xx\" ticked the learner's page fails." : "";
        if (read.parsed().isEmpty()) {
            return call(name, base, RENDER_PATH, answer, read, false, "Not JSON: the plugin logs an error and "
                    + "treats it as {}, so Open edX renders its own certificate page." + halt);
        }
        JsonNode parsed = read.parsed().get();
        if (!parsed.isObject()) {
            return call(name, base, RENDER_PATH, answer, read, false,
                    "Not a JSON object: the plugin fails with a TypeError and the learner's page with it." + halt);
        }
        boolean fine = status >= 200 && status < 300;
        return call(name, base, RENDER_PATH, answer, read, fine, renderOutcome(parsed)
                + (fine ? "" : " " + refusal(status) + halt));
    }

    /** {@code _check_for_exception} in the order of {@code CertificateRenderStarted}: the first present wins. */
    private static String renderOutcome(JsonNode answer) {
        JsonNode exception = answer.path("exception");
        if (exception.has("RedirectToPage")) {
            return "Open edX redirects the learner to " + exception.path("RedirectToPage").path("redirect_to")
                    .asString("''") + ".";
        }
        if (exception.has("RenderAlternativeInvalidCertificate")) {
            return "Open edX shows its \"invalid certificate\" page.";
        }
        if (exception.has("RenderCustomResponse")) {
            JsonNode custom = exception.path("RenderCustomResponse");
            return "Open edX shows the service's own page (status " + custom.path("status").asInt(200) + ", "
                    + custom.path("content").asString("").length() + " characters of "
                    + custom.path("content_type").asString("text/html") + ").";
        }
        return "{} with nothing to raise: Open edX renders its own certificate page, as it should for a learner "
                + "the service holds no certificate for.";
    }

    private static String refusal(int status) {
        return switch (status) {
            case 401 -> "Refused (401): the token in the URL is not OPENEDX_WEBHOOK_TOKEN.";
            case 403 -> "Refused (403): the caller's address is outside OPENEDX_ALLOWED_NETWORKS (or a proxy in "
                    + "between is not in OPENEDX_TRUSTED_PROXIES).";
            case 404 -> "Not found (404): the path is wrong, or PUBLIC_URL does not lead to this service.";
            default -> "Answered " + status + ".";
        };
    }

    private record Answer(String text, Optional<JsonNode> parsed) {
    }

    private HttpResponse<byte[]> post(URI base, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path + "?token="
                        + config.openedx().webhookToken().reveal()))
                .timeout(PLUGIN_TIMEOUT)
                .header("User-Agent", "openedx-pok settings check (as python-requests)")
                .header("Accept", "text/plain")
                .header("Content-type", "application/json")
                // json.dumps(...) is ASCII only: the bodies above are.
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.US_ASCII))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** requests' {@code response.text}: UTF-8 for JSON, ISO-8859-1 for {@code text/*} without a charset. */
    private Answer read(HttpResponse<byte[]> answer) {
        String contentType = answer.headers().firstValue("Content-Type").orElse("").toLowerCase();
        Charset charset = StandardCharsets.UTF_8;
        int at = contentType.indexOf("charset=");
        if (at >= 0) {
            try {
                charset = Charset.forName(contentType.substring(at + 8).split(";")[0].strip().replace("\"", ""));
            } catch (RuntimeException unknown) {
                charset = StandardCharsets.UTF_8;
            }
        } else if (contentType.startsWith("text/")) {
            charset = StandardCharsets.ISO_8859_1;
        }
        String text = new String(answer.body(), charset);
        try {
            return new Answer(text, Optional.of(json.readTree(text)));
        } catch (JacksonException notJson) {
            return new Answer(text, Optional.empty());
        }
    }

    private Call call(String name, URI base, String path, HttpResponse<byte[]> answer, Answer read, boolean ok,
            String outcome) {
        String shown = read.text().length() > SHOWN_BODY ? read.text().substring(0, SHOWN_BODY) + "…" : read.text();
        String pretty = read.parsed().map(node -> {
            String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            return text.length() > SHOWN_BODY ? text.substring(0, SHOWN_BODY) + "…" : text;
        }).orElse("");
        return new Call(name, "POST " + masked(base, path), answer.statusCode(), shown, pretty, ok, outcome);
    }

    private static Call noAnswer(String name, URI base, String path, IOException e) {
        return new Call(name, "POST " + masked(base, path), 0, "", "", false, "No answer (" + reason(e) + "): the "
                + "plugin logs it and, with \"halt on request exception\" ticked, stops Open edX's action.");
    }

    static String masked(URI base, String path) {
        return base + path + "?token=****";
    }

    private static String reason(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null || e.getMessage().isBlank() ? type : type + ": " + e.getMessage();
    }

    private int localPort() {
        return environment.getProperty("local.server.port", Integer.class, publicUrl.base().getPort());
    }

    /** Python's {@code str(datetime)} of an aware UTC time, as the plugin writes dates. */
    private static String pythonNow() {
        return LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"))
                + "+00:00";
    }
}
