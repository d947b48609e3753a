import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the original Django plugin's call pattern, for the side-by-side benchmark (bench/original-bench.sh).
 * It answers the same two webfilter paths as our service, but the way the plugin did: synchronously, with POK inside
 * the request.
 * <ul>
 * <li>certificate creation requested: GET /template/{id}, POST /credential, GET /credential/{id}, in series, then
 * {@code {}}. The credential id is remembered in memory per learner and course (the plugin kept it in its model).</li>
 * <li>certificate render started: one GET /credential/{id} for a learner it knows, then a RenderCustomResponse page
 * built from that answer; {@code {}} (Open edX's own page) for a learner it does not know, with no POK call.</li>
 * </ul>
 * Deliberately generous to the original: a JDK HTTP client with keep-alive connections (Python's {@code requests}
 * without a session opens one per call), payloads read with a few regular expressions instead of a JSON parser, no
 * database, and a fixed pool of 64 request threads (a large gunicorn deployment). Nothing here is retried, as in the
 * plugin: a POK failure is counted and Open edX gets {@code {}}.
 *
 * <pre>
 * java bench/OriginalPluginPattern.java --port 18502 --pok-url http://127.0.0.1:18501/ --api-key KEY [--token T]
 *      [--template demo-template] [--platform "Bench Learning"] [--emitter "Bench University"] [--threads 64]
 * </pre>
 * GET /_stats answers its own counts: {creations, renders, pokCalls, pokFailures, known}.
 */
public class OriginalPluginPattern {

    private static final Pattern USER_ID = Pattern.compile("\"user\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern COURSE_KEY = Pattern.compile("\"course_key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EMAIL = Pattern.compile("\"email\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern USERNAME = Pattern.compile("\"username\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern LANGUAGE = Pattern.compile("\"language\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern MODE = Pattern.compile("\"mode\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern PERCENT = Pattern.compile("\"percent\"\\s*:\\s*([0-9.]+)");
    private static final Pattern RENDER_USER = Pattern.compile("\"accomplishment_user_id\"\\s*:\\s*(\\d+)");
    private static final Pattern RENDER_COURSE = Pattern.compile("\"course_id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern VIEW_URL = Pattern.compile("\"viewUrl\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern TITLE = Pattern.compile("\"title\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern EMISSION_DATE = Pattern.compile("\"emissionDate\"\\s*:\\s*\"([^\"]*)\"");

    private final HttpClient http;
    private final String pokUrl;
    private final String apiKey;
    private final String token;
    private final String template;
    private final String platform;
    private final String emitter;
    /** learner id + "|" + course key → POK credential id, as the plugin's model row. */
    private final Map<String, String> credentials = new ConcurrentHashMap<>();
    private final AtomicLong creations = new AtomicLong();
    private final AtomicLong renders = new AtomicLong();
    private final AtomicLong pokCalls = new AtomicLong();
    private final AtomicLong pokFailures = new AtomicLong();

    OriginalPluginPattern(Map<String, String> options) {
        this.pokUrl = options.get("pok-url").replaceAll("/+$", "");
        this.apiKey = options.get("api-key");
        this.token = options.get("token");
        this.template = options.getOrDefault("template", "demo-template");
        this.platform = options.getOrDefault("platform", "Bench Learning");
        this.emitter = options.getOrDefault("emitter", "Bench University");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!options.containsKey("port") || !options.containsKey("pok-url") || !options.containsKey("api-key")) {
            System.err.println("usage: java bench/OriginalPluginPattern.java --port N --pok-url URL --api-key KEY "
                    + "[--token T] [--template ID] [--platform NAME] [--emitter NAME] [--threads 64]");
            System.exit(2);
        }
        // The simulator drops a keep-alive connection after 15 s idle; let the client drop it first, so that a POST is
        // never sent on a connection the other side has just closed (the JDK retries only GETs).
        System.setProperty("jdk.httpclient.keepalive.timeout", "10");
        OriginalPluginPattern plugin = new OriginalPluginPattern(options);
        int port = Integer.parseInt(options.get("port"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "64"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/openedx/webfilters/certificate-creation-requested", plugin::creation);
        server.createContext("/openedx/webfilters/certificate-render-started", plugin::render);
        server.createContext("/_stats", plugin::stats);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.start();
        System.out.println("original plugin pattern listening at http://127.0.0.1:" + port + "/ with " + threads
                + " threads, POK at " + plugin.pokUrl);
    }

    // ---- the two webfilters ---------------------------------------------------------------------------------------

    private void creation(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = requestBody(exchange);
            if (body == null) {
                return;
            }
            creations.incrementAndGet();
            String userId = group(USER_ID, body);
            String courseKey = group(COURSE_KEY, body);
            if (userId == null || courseKey == null) {
                answer(exchange, 400, "{\"error\": \"user.id or course_key is missing\"}");
                return;
            }
            String key = userId + "|" + courseKey;
            if (!credentials.containsKey(key)) {
                String id = issue(userId, courseKey, body);
                if (id != null) {
                    credentials.put(key, id);
                }
            }
            answer(exchange, 200, "{}");
        }
    }

    private void render(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = requestBody(exchange);
            if (body == null) {
                return;
            }
            renders.incrementAndGet();
            String userId = group(RENDER_USER, body);
            String courseKey = group(RENDER_COURSE, body);
            String id = userId == null || courseKey == null ? null : credentials.get(userId + "|" + courseKey);
            if (id == null) {
                answer(exchange, 200, "{}");
                return;
            }
            String credential = pok("GET", "/credential/" + id, null, 200);
            answer(exchange, 200, credential == null ? "{}" : page(credential));
        }
    }

    /** The plugin's issuance, inside the request: read the template, issue, read the credential back. */
    private String issue(String userId, String courseKey, String payload) {
        String templateJson = pok("GET", "/template/" + template, null, 200);
        if (templateJson == null) {
            return null;
        }
        List<String> parameters = new ArrayList<>();
        int at = templateJson.indexOf("\"customParameters\"");
        if (at >= 0) {
            Matcher m = ID.matcher(templateJson.substring(at));
            while (m.find()) {
                parameters.add(m.group(1));
            }
        }
        String percent = group(PERCENT, payload);
        String grade = percent == null ? "" : Math.round(Double.parseDouble(percent) * 100) + "%";
        StringBuilder custom = new StringBuilder();
        for (String parameter : parameters) {
            String value = switch (parameter) {
                case "grade" -> grade;
                case "platform" -> platform;
                default -> courseKey;
            };
            custom.append(custom.length() == 0 ? "" : ",").append('"').append(json(parameter)).append("\":\"")
                    .append(json(value)).append('"');
        }
        String name = orElse(group(NAME, payload), orElse(group(USERNAME, payload), "Learner"));
        int space = name.indexOf(' ');
        String first = space < 0 ? name : name.substring(0, space);
        String last = space < 0 ? "" : name.substring(space + 1);
        String language = orElse(group(LANGUAGE, payload), "en");
        String languageTag = language.contains("-") ? language : language + "-" + language.toUpperCase();
        String mode = orElse(group(MODE, payload), "unknown");
        String issue = "{\"credential\":{\"tags\":[\"StudentId:" + userId + "\",\"CourseId:" + json(courseKey)
                + "\",\"Mode:" + json(mode) + "\"],\"skipAcceptance\":true,\"emissionType\":\"pok\","
                + "\"dateFormat\":\"dd/MM/yyyy\",\"emissionDate\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "\",\"title\":\"" + json(courseKey) + "\",\"emitter\":\"" + json(emitter) + "\"},"
                + "\"receiver\":{\"languageTag\":\"" + json(languageTag) + "\",\"identification\":\"" + userId
                + "\",\"email\":\"" + json(orElse(group(EMAIL, payload), "")) + "\",\"firstName\":\"" + json(first)
                + "\",\"lastName\":\"" + json(last) + "\"},"
                + "\"customization\":{\"template\":{\"id\":\"" + json(template) + "\",\"customParameters\":{"
                + custom + "}}}}";
        String issued = pok("POST", "/credential", issue, 201);
        String id = issued == null ? null : group(ID, issued);
        if (id == null) {
            return null;
        }
        pok("GET", "/credential/" + id, null, 200);
        return id;
    }

    /** A small certificate page from the credential POK just described, or a status page while it is not emitted. */
    private static String page(String credential) {
        String state = orElse(group(STATE, credential), "unknown");
        String title = orElse(group(TITLE, credential), "");
        String name = orElse(group(NAME, credential), "");
        String html;
        if (state.equals("emitted")) {
            String view = orElse(group(VIEW_URL, credential), "");
            html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html(title) + "</title></head><body>"
                    + "<main><h1>" + html(title) + "</h1><p>Awarded to <strong>" + html(name) + "</strong> on "
                    + html(orElse(group(EMISSION_DATE, credential), "")) + "</p><p><a href=\"" + html(view)
                    + "\">View and share your certificate on POK</a></p></main></body></html>";
        } else {
            html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html(title) + "</title></head><body>"
                    + "<main><h1 id=\"status-heading\">Your certificate is being prepared</h1><p>POK says: "
                    + html(state) + "</p></main></body></html>";
        }
        return "{\"exception\":{\"RenderCustomResponse\":{\"content\":\"" + json(html)
                + "\",\"content_type\":\"text/html; charset=utf-8\",\"status\":200}}}";
    }

    private void stats(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 200, "{\"creations\":" + creations + ",\"renders\":" + renders + ",\"pokCalls\":"
                    + pokCalls + ",\"pokFailures\":" + pokFailures + ",\"known\":" + credentials.size() + "}");
        }
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    /** One POK call; the body on the expected status, else null (counted as a failure). */
    private String pok(String method, String path, String body, int expected) {
        pokCalls.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pokUrl + path))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "ApiKey " + apiKey)
                .header("Accept", "application/json");
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == expected) {
                return response.body();
            }
            fail(method + " " + path + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        } catch (IOException e) {
            fail(method + " " + path + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(method + " " + path + " interrupted");
        }
        return null;
    }

    private void fail(String what) {
        // Only the first few: a broken set-up should be visible in the log without flooding it.
        if (pokFailures.incrementAndGet() <= 10) {
            System.err.println("POK call " + what);
        }
    }

    /** The body, or null after answering 401 when the token in the URL is wrong (as ours does). */
    private String requestBody(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (token != null) {
            String query = exchange.getRequestURI().getRawQuery();
            if (query == null || !List.of(query.split("&")).contains("token=" + token)) {
                answer(exchange, 401, "{\"error\": \"missing or wrong token in the URL\"}");
                return null;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String group(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** JSON string content. The regexes above stop at the first quote, so what they read never holds one. */
    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
