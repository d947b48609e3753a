package com.openedxpok.simulator;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** The simulated POK API: same paths and shapes as docs/pok-api.md, with the state kept in memory. */
final class PokApi {

    /** What the request log needs besides the response. */
    record Result(SimResponse response, String identification, List<String> tags, String credentialId) {

        static Result of(SimResponse response) {
            return new Result(response, null, List.of(), null);
        }

        static Result of(SimResponse response, String credentialId) {
            return new Result(response, null, List.of(), credentialId);
        }
    }

    private static final int DEFAULT_LIMIT = 10;
    private static final int IMAGE_CACHE_SIZE = 64;
    private static final int PREVIEWS_KEPT = 1000;

    private final ApiKey apiKey;
    private final URI baseUrl;
    private final CredentialStore store;
    private final Catalog catalog;
    private final IssueValidator validator;
    private final Map<String, CertificateImage.Content> previews = lru(PREVIEWS_KEPT);
    private final Map<String, byte[]> imageCache = lru(IMAGE_CACHE_SIZE);

    PokApi(ApiKey apiKey, URI baseUrl, CredentialStore store, Catalog catalog) {
        this.apiKey = apiKey;
        this.baseUrl = baseUrl;
        this.store = store;
        this.catalog = catalog;
        this.validator = new IssueValidator(catalog::template, catalog::pageExists, SeedData.ORGANIZATION_NAME);
    }

    Result handle(Route route, SimRequest request) {
        if (!route.methodAllowed()) {
            return Result.of(SimResponse.error(405, "Method " + request.method() + " not allowed here"));
        }
        if (route.operation().isPokApi() && !authorized(request.header("authorization"))) {
            Result lenient = route.operation() == SimOperation.ISSUE_CREDENTIAL ? peek(request) : Result.of(null);
            return new Result(SimResponse.error(401, "Invalid or missing API key"), lenient.identification(),
                    lenient.tags(), null);
        }
        try {
            switch (route.operation()) {
                case ISSUE_CREDENTIAL:
                    return issue(request);
                case GET_CREDENTIAL:
                    return Result.of(credential(route.id()), route.id());
                case GET_DECRYPTED_IMAGE:
                    requireCredential(route.id());
                    return Result.of(SimResponse.json(200, Map.of("location", url("images/" + route.id() + ".png"))),
                            route.id());
                case GET_TEMPLATE:
                    return Result.of(SimResponse.json(200, templateJson(catalog.template(route.id())
                            .orElseThrow(() -> new PokApiError(404, "Template not found")))));
                case LIST_TEMPLATES:
                    return Result.of(SimResponse.json(200, Map.of("data", catalog.templates().stream()
                            .limit(limit(request)).map(PokApi::templateJson).toList())));
                case PREVIEW_TEMPLATE:
                    return Result.of(preview(request));
                case LIST_PAGES:
                    return Result.of(SimResponse.json(200, Map.of("data", catalog.pages().stream()
                            .limit(limit(request)).map(p -> pair("id", p.id(), "name", p.name())).toList())));
                case GET_ORGANIZATION:
                    return Result.of(SimResponse.json(200, organization()));
                case CREDENTIAL_IMAGE:
                    return Result.of(SimResponse.of(200, "image/png", credentialImage(route.id())), route.id());
                case PREVIEW_IMAGE:
                    return Result.of(SimResponse.of(200, "image/png", previewImage(route.id())));
                case VIEW_PAGE:
                    return Result.of(SimResponse.html(viewPage(route.id())), route.id());
                default:
                    return Result.of(SimResponse.error(404, "No such endpoint: " + request.method() + " "
                            + request.path()));
            }
        } catch (PokApiError e) {
            return Result.of(SimResponse.error(e.status(), e.getMessage()),
                    addressesCredential(route.operation()) ? route.id() : null);
        }
    }

    private static boolean addressesCredential(SimOperation operation) {
        return operation == SimOperation.GET_CREDENTIAL || operation == SimOperation.GET_DECRYPTED_IMAGE
                || operation == SimOperation.CREDENTIAL_IMAGE || operation == SimOperation.VIEW_PAGE;
    }

    /** False simulates POK refusing our key (revoked or rotated at POK): every API call then answers 401. */
    private volatile boolean keyAccepted = true;

    void setKeyAccepted(boolean accepted) {
        this.keyAccepted = accepted;
    }

    private boolean authorized(String header) {
        if (!keyAccepted || header == null || !header.regionMatches(true, 0, "ApiKey ", 0, 7)) {
            return false;
        }
        return apiKey.matches(header.substring(7).strip());
    }

    private Result issue(SimRequest request) {
        Result seen = peek(request);
        try {
            IssueCommand command = validator.issue(parse(request));
            SimulatedCredential created = store.create(command);
            imageCache.remove(created.id());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", created.id());
            body.put("state", created.state());
            if (created.state().equals(CredentialStore.EMITTED)) {
                body.put("viewUrl", url("view/" + created.id()));
            }
            return new Result(SimResponse.json(201, body), command.identification(), command.tags(),
                    created.id());
        } catch (PokApiError e) {
            return new Result(SimResponse.error(e.status(), e.getMessage()), seen.identification(), seen.tags(),
                    null);
        }
    }

    /** The learner and tags of an issue request, read leniently so that even refused attempts are attributed. */
    static Result peek(SimRequest request) {
        try {
            JsonNode root = Json.parse(request.body());
            JsonNode identification = root.path("receiver").path("identification");
            List<String> tags = new ArrayList<>();
            root.path("credential").path("tags").forEach(t -> {
                if (t.isString()) {
                    tags.add(t.stringValue());
                }
            });
            return new Result(null, identification.isString() ? identification.stringValue() : null, tags, null);
        } catch (RuntimeException unreadable) {
            return Result.of(null);
        }
    }

    private SimResponse credential(String id) {
        SimulatedCredential c = requireCredential(id);
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("tags", c.tags());
        putIfPresent(credential, "emitter", c.emitter());
        putIfPresent(credential, "title", c.title());
        credential.put("emissionDate", c.emissionDate().toString());
        credential.put("emissionType", c.emissionType());
        Map<String, Object> receiver = new LinkedHashMap<>();
        receiver.put("name", c.receiverName());
        receiver.put("email", c.email());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", c.id());
        body.put("state", c.state());
        if (c.state().equals(CredentialStore.EMITTED)) {
            body.put("viewUrl", url("view/" + c.id()));
        }
        body.put("createdAt", c.createdAt().toString());
        body.put("credential", credential);
        body.put("receiver", receiver);
        return SimResponse.json(200, body);
    }

    private SimResponse preview(SimRequest request) {
        IssueCommand command = validator.preview(parse(request));
        String id = UUID.randomUUID().toString();
        synchronized (previews) {
            previews.put(id, CertificateImage.Content.of("PREVIEW", command));
        }
        return SimResponse.json(200, Map.of("url", url("previews/" + id + ".png")));
    }

    private Map<String, Object> organization() {
        Map<String, Long> states = store.countByState();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wallet", SeedData.WALLET);
        body.put("name", SeedData.ORGANIZATION_NAME);
        body.put("availableCredits", store.availableCredits());
        body.put("emittedCredentials", states.getOrDefault(CredentialStore.EMITTED, 0L));
        // "Sent" = reached the receiver: emitted, or waiting for the receiver to accept it.
        body.put("sentCredentials", states.getOrDefault(CredentialStore.EMITTED, 0L)
                + states.getOrDefault(CredentialStore.WAITING_FOR_APPROVAL, 0L));
        body.put("draftCredentials", states.getOrDefault("draft", 0L));
        body.put("processingCredentials", states.getOrDefault(CredentialStore.PROCESSING, 0L));
        return body;
    }

    private byte[] credentialImage(String id) {
        SimulatedCredential c = requireCredential(id);
        synchronized (imageCache) {
            byte[] cached = imageCache.get(id);
            if (cached != null) {
                return cached;
            }
        }
        SimTemplate template = catalog.template(c.templateId())
                .orElseGet(() -> new SimTemplate(c.templateId(), c.templateId(), "1", List.of()));
        IssueCommand command = new IssueCommand(c.emissionType(), c.title(), c.emitter(), c.emissionDate(),
                c.dateFormat(), c.tags(), c.skipAcceptance(), c.identification(), c.email(), c.firstName(),
                c.lastName(), c.languageTag(), template, c.customParameters(), c.pageId());
        byte[] png = CertificateImage.png(CertificateImage.Content.of("CERTIFICATE", command));
        synchronized (imageCache) {
            imageCache.put(id, png);
        }
        return png;
    }

    private byte[] previewImage(String id) {
        CertificateImage.Content content;
        synchronized (previews) {
            content = previews.get(id);
        }
        if (content == null) {
            throw new PokApiError(404, "Preview not found");
        }
        return CertificateImage.png(content);
    }

    private String viewPage(String id) {
        SimulatedCredential c = requireCredential(id);
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + escape(c.title() == null ? "Credential" : c.title()) + " — POK simulator</title></head><body>"
                + "<h1>" + escape(c.title() == null ? "Credential" : c.title()) + "</h1>"
                + "<p>Awarded to <strong>" + escape(c.receiverName()) + "</strong> by " + escape(c.emitter())
                + "</p><p>State: <code>" + escape(c.state()) + "</code></p>"
                + "<p><img src=\"" + escape(url("images/" + c.id() + ".png")) + "\" width=\"600\" alt=\"Certificate\">"
                + "</p><p><em>Simulated by openedx-pok: not a real POK credential.</em></p></body></html>";
    }

    private SimulatedCredential requireCredential(String id) {
        return store.find(id).orElseThrow(() -> new PokApiError(404, "Credential not found"));
    }

    private static JsonNode parse(SimRequest request) {
        try {
            return Json.parse(request.body());
        } catch (IllegalArgumentException e) {
            throw new PokApiError(400, e.getMessage());
        }
    }

    private static long limit(SimRequest request) {
        String raw = request.query().get("limit");
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            long limit = Long.parseLong(raw.strip());
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new PokApiError(400, "limit must be a positive whole number");
    }

    private static Map<String, Object> templateJson(SimTemplate t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", t.id());
        body.put("name", t.name());
        body.put("version", t.version());
        body.put("customParameters", t.customParameters().stream()
                .map(p -> pair("id", p.id(), "label", p.label())).toList());
        return body;
    }

    /** Two fields in this order (Map.of has none, and readers of captured traffic like the documented order). */
    private static Map<String, String> pair(String k1, String v1, String k2, String v2) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private String url(String path) {
        return baseUrl.resolve(path).toString();
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
