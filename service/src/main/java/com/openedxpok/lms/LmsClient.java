package com.openedxpok.lms;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import com.openedxpok.lms.LmsModels.Signatory;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.lms.LmsException.Kind;
import com.openedxpok.lms.LmsModels.Account;
import com.openedxpok.lms.LmsModels.Certificate;
import com.openedxpok.lms.LmsModels.Course;
import com.openedxpok.lms.LmsModels.Grade;
import com.openedxpok.lms.LmsModels.GradesPage;
import com.openedxpok.lms.LmsModels.StudioCertificate;

/**
 * The Open edX REST API calls this service makes, typed. Uncached: {@link LmsDirectory} puts a cache in front of the
 * ones asked often. "Not found" is an empty answer; every other failure is an {@link LmsException}.
 */
public class LmsClient {

    private final LmsHttp http;

    public LmsClient(LmsHttp http) {
        this.http = http;
    }

    public boolean configured() {
        return http.configured();
    }

    /** How long answers may be reused ({@code OPENEDX_API_CACHE_TTL}). */
    public java.time.Duration ttl() {
        return http.settings().cacheTtl();
    }

    /** Whether Studio (the CMS) is configured too, for signatories. */
    public boolean studioConfigured() {
        return http.configured() && http.settings().cmsUrl().isPresent();
    }

    /** {@code GET /api/courses/v1/courses/{course_key}/}. */
    public Optional<Course> course(CourseKey courseKey) {
        return json(lms("api/courses/v1/courses/" + segment(courseKey.value()) + "/"), LmsOperation.COURSE)
                .map(node -> new Course(text(node, "name"), text(node, "org"), text(node, "number")));
    }

    /**
     * {@code GET /api/mfe_config/v1}: the platform's name ({@code PLATFORM_NAME}, else {@code SITE_NAME}), which the
     * LMS serves to its micro-frontends (Tutor sets it). Public and read-only; empty when the LMS does not serve it
     * (404: {@code ENABLE_MFE_CONFIG_API} off) or names no platform.
     */
    public Optional<String> platformName() {
        return json(lms("api/mfe_config/v1"), LmsOperation.MFE_CONFIG).flatMap(node -> {
            String name = text(node, "PLATFORM_NAME");
            return Optional.ofNullable(name != null ? name : text(node, "SITE_NAME"));
        });
    }

    /** {@code GET /api/user/v1/accounts/{username}}. */
    public Optional<Account> account(String username) {
        return json(lms("api/user/v1/accounts/" + segment(username)), LmsOperation.ACCOUNT).map(LmsClient::account);
    }

    /** {@code GET /api/user/v1/accounts?lms_user_id=…} (staff only): when a payload carried no username. */
    public Optional<Account> accountByUserId(long userId) {
        return json(lms("api/user/v1/accounts?lms_user_id=" + userId), LmsOperation.ACCOUNT)
                .flatMap(node -> accounts(node).stream().findFirst());
    }

    /**
     * {@code GET /api/user/v1/accounts?username=a,b,c} (staff only): one call for a page of learners. Unknown
     * usernames are left out of the answer (Open edX answers 404 when none is known).
     */
    public List<Account> accounts(Collection<String> usernames) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        String joined = URLEncoder.encode(String.join(",", usernames), StandardCharsets.UTF_8);
        return json(lms("api/user/v1/accounts?username=" + joined), LmsOperation.ACCOUNTS)
                .map(LmsClient::accounts).orElse(List.of());
    }

    /**
     * {@code GET /api/user/v1/preferences/{username}/pref-lang}: the language the learner chose for the site. Open
     * edX answers the bare JSON string ({@code "es-419"}), or 404 when the learner never chose.
     */
    public Optional<String> languagePreference(String username) {
        return json(lms("api/user/v1/preferences/" + segment(username) + "/pref-lang"),
                LmsOperation.LANGUAGE_PREFERENCE)
                .map(node -> node.isTextual() ? node.asString() : node.isObject() ? text(node, "value") : null)
                .map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The first page of {@code GET /api/grades/v1/courses/{course_key}/}; 404 (unknown course) is empty. */
    public Optional<GradesPage> firstGradesPage(CourseKey courseKey) {
        return gradesPage(lms("api/grades/v1/courses/" + segment(courseKey.value()) + "/"));
    }

    /**
     * A following page, by the {@code next} URL an earlier page gave. The URL must point at the LMS: our access token
     * is sent to it.
     */
    public Optional<GradesPage> gradesPage(URI page) {
        requireOnLms(page);
        return json(page, LmsOperation.GRADES).map(node -> {
            JsonNode results = node.get("results");
            if (results == null || !results.isArray()) {
                throw new LmsException(Kind.BAD_RESPONSE, "The course grades answer has no results list");
            }
            List<Grade> grades = new ArrayList<>();
            for (JsonNode item : results) {
                String username = text(item, "username");
                if (username != null) {
                    grades.add(new Grade(username, bool(item, "passed"), decimal(item, "percent")));
                }
            }
            String next = text(node, "next");
            return new GradesPage(grades, next == null ? null : nextPage(next));
        });
    }

    /** {@code GET /api/certificates/v0/certificates/{username}/courses/{course_key}/}; 404: no certificate. */
    public Optional<Certificate> certificate(String username, CourseKey courseKey) {
        return json(lms("api/certificates/v0/certificates/" + segment(username) + "/courses/"
                + segment(courseKey.value()) + "/"), LmsOperation.CERTIFICATE)
                .map(node -> new Certificate(text(node, "username"), lower(text(node, "status")),
                        lower(text(node, "certificate_type")), decimal(node, "grade"),
                        Certificate.verifyUuidOf(text(node, "download_url"))));
    }

    /**
     * {@code GET {CMS}/api/contentstore/v1/certificates/{course_key}}: the active certificate configuration (else
     * the first one). Needs a staff user; empty when the course has no certificate configuration or Studio is not
     * configured.
     */
    public Optional<StudioCertificate> studioCertificate(CourseKey courseKey) {
        if (!studioConfigured()) {
            return Optional.empty();
        }
        URI uri = http.settings().cmsUrl().orElseThrow()
                .resolve("api/contentstore/v1/certificates/" + segment(courseKey.value()));
        return json(uri, LmsOperation.SIGNATORIES).flatMap(node -> {
            JsonNode list = node.get("certificates");
            if (list == null || !list.isArray() || list.isEmpty()) {
                return Optional.empty();
            }
            JsonNode chosen = list.get(0);
            for (JsonNode certificate : list) {
                if (certificate.path("is_active").asBoolean(false)) {
                    chosen = certificate;
                    break;
                }
            }
            List<Signatory> signatories = new ArrayList<>();
            JsonNode people = chosen.get("signatories");
            if (people != null && people.isArray()) {
                for (JsonNode person : people) {
                    Signatory signatory = new Signatory(text(person, "name"), text(person, "title"),
                            text(person, "organization"));
                    if (signatory.name() != null) {
                        signatories.add(signatory);
                    }
                }
            }
            return Optional.of(new StudioCertificate(text(chosen, "course_title"), signatories));
        });
    }

    private Optional<JsonNode> json(URI uri, LmsOperation operation) {
        LmsHttp.Answer answer = http.get(uri, operation);
        return answer.status() == 404 ? Optional.empty() : Optional.of(answer.body());
    }

    private URI lms(String pathAndQuery) {
        if (!configured()) {
            throw new LmsException(Kind.NOT_CONFIGURED, "The Open edX API is not configured (LMS_URL)");
        }
        return URI.create(http.settings().lmsUrl().orElseThrow() + pathAndQuery);
    }

    private URI nextPage(String next) {
        URI uri;
        try {
            uri = lms("").resolve(next);
        } catch (IllegalArgumentException e) {
            throw new LmsException(Kind.BAD_RESPONSE, "The course grades answer has a next link that is not a URL");
        }
        requireOnLms(uri);
        return uri;
    }

    /** Our token goes with every request: it must never go to a host the operator did not configure. */
    private void requireOnLms(URI uri) {
        URI base = lms("");
        boolean same = Objects.equals(uri.getScheme(), base.getScheme())
                && Objects.equals(uri.getHost(), base.getHost())
                && port(uri) == port(base)
                && uri.getRawPath() != null && uri.getRawPath().startsWith(base.getRawPath());
        if (!same) {
            throw new LmsException(Kind.BAD_RESPONSE, "The LMS gave a next-page link to another address; "
                    + "check that LMS_URL is the LMS's public address");
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static Account account(JsonNode node) {
        JsonNode id = node.get("id");
        String username = text(node, "username");
        if (id == null || !id.canConvertToLong() || username == null) {
            throw new LmsException(Kind.BAD_RESPONSE, "An account answer has no id or username: the OAuth2 "
                    + "application's user must be staff to see them");
        }
        return new Account(id.asLong(), username, text(node, "name"), text(node, "email"));
    }

    private static List<Account> accounts(JsonNode node) {
        if (!node.isArray()) {
            throw new LmsException(Kind.BAD_RESPONSE, "The accounts answer is not a list");
        }
        List<Account> accounts = new ArrayList<>();
        node.forEach(item -> accounts.add(account(item)));
        return accounts;
    }

    /**
     * A path segment as Open edX expects it: course keys keep their ':' and '+' (they are legal in a path), anything
     * else outside the unreserved set is percent-encoded.
     */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:+@".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainer()) {
            return null;
        }
        String text = value.asString().strip();
        return text.isEmpty() ? null : text;
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && (value.isBoolean() ? value.asBoolean() : "true".equalsIgnoreCase(value.asString()));
    }

    /** Open edX writes grades as 0.87 or "0.87"; anything unreadable is unknown rather than an error. */
    private static BigDecimal decimal(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(java.util.Locale.ROOT);
    }
}
