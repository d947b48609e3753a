package com.openedxpok.rendering;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.openedxpok.openedx.RenderContext;
import com.openedxpok.config.PublicUrl;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.kernel.CourseKey;

/**
 * Builds the learner's certificate page and the status pages from what we stored (and, for views through Open edX,
 * the display strings of the render context). Pure computation and template rendering: no database, no network.
 */
@Component
class CertificatePages {

    private final CertificatePageRenderer renderer;
    private final PublicUrl publicUrl;
    private final ThemeColors colors;
    /**
     * Rendered pages. A page is a pure function of the certificate's row (its version changes with every save), the
     * page kind and the viewer, so a cached page is never stale; caching makes a repeated view cost a lookup instead
     * of a template rendering, which is most of a render webfilter call's CPU.
     */
    private final Cache<PageKey, String> rendered = Caffeine.newBuilder()
            .maximumWeight(32L * 1024 * 1024)
            .weigher((PageKey key, String page) -> page.length())
            .expireAfterAccess(Duration.ofMinutes(30))
            .build();

    /** @param refreshSeconds a status page's reload interval, which changes with the certificate's age */
    private record PageKey(String page, long certificateId, long version, StatusKind kind, Viewer viewer,
            int refreshSeconds) {
    }

    private final Clock clock;

    CertificatePages(CertificatePageRenderer renderer, PublicUrl publicUrl, ServiceConfig config, Clock clock) {
        this.clock = clock;
        this.renderer = renderer;
        this.publicUrl = publicUrl;
        this.colors = ThemeColors.of(config.rendering().theme());
    }

    /**
     * Who looks at the page, and what Open edX told us for the page's frame and as fallbacks for facts POK did not
     * give. Our standalone page has only the language.
     */
    record Viewer(Locale locale, String platformName, String logoSrc, String courseTitle, String organization,
            String learnerName, String dashboardUrl) {

        static Viewer of(RenderContext context, Locale locale) {
            return new Viewer(locale, context.platformName(), safeLogo(context.logoSrc()),
                    firstOf(context.courseTitle(), context.courseName()),
                    firstOf(context.organizationName(), context.courseOrg()), context.learnerName(),
                    CertificatePages.dashboardUrl(context.lmsRootUrl()));
        }

        static Viewer standalone(Locale locale) {
            return new Viewer(locale, null, null, null, null, null, null);
        }
    }

    /**
     * What every page shares: language, platform branding and colours, and for views through Open edX the way back
     * to the learner's dashboard (null on our standalone page, the share target others see).
     */
    record Frame(String lang, String platformName, String logoSrc, ThemeColors colors, String dashboardUrl) {
    }

    /**
     * The learner's dashboard on the LMS: {@code <LMS root>/dashboard}, from the render context's {@code logo_url}
     * (the LMS's base URL in edx-platform's certificate view). {@code /dashboard} is the LMS's learner dashboard
     * (it forwards to the learner-dashboard MFE where that is enabled) and lists every course, also ended ones, so
     * it is always a good way back; a course's own page would need a URL that differs with the MFEs a site runs.
     * Null unless the root is an http(s) URL.
     */
    static String dashboardUrl(String lmsRootUrl) {
        String root = safeHttpUrl(lmsRootUrl);
        if (root == null) {
            return null;
        }
        URI uri = URI.create(root);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return uri.getScheme() + "://" + uri.getRawAuthority() + path + "/dashboard";
    }

    /**
     * A title cut into pieces after the separators of course keys ({@code + : _ / .} followed by more text, in words
     * of 16 characters or more), for
     * the templates to put a {@code <wbr>} between them: a long key or title then wraps at those points on a narrow
     * screen rather than in the middle of a word.
     */
    static List<String> breakable(String text) {
        List<String> parts = new ArrayList<>();
        if (text == null) {
            return parts;
        }
        int start = 0;
        int tokenStart = 0;
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                tokenStart = i + 1;
            } else if ("+:_/.".indexOf(c) >= 0 && !Character.isWhitespace(text.charAt(i + 1))
                    && tokenLength(text, tokenStart) >= BREAKABLE_TOKEN) {
                parts.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** Shorter words fit a 320 px line even in the largest heading, so they are never cut. */
    private static final int BREAKABLE_TOKEN = 16;

    private static int tokenLength(String text, int from) {
        int end = from;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return end - from;
    }

    /** The emitted certificate page's content. Null fields are left out of the page. */
    record CertificateView(String title, List<String> titleParts, String learnerName, String organization, String issueDate,
            String issueDateIso, String imageUrl, String imageAlt, String description, String viewUrl,
            String downloadUrl, String shareUrl, ShareLinks share) {
    }

    /** A status page's content. */
    record StatusView(String headingKey, String bodyKey, String courseTitle, int refreshSeconds) {
        public List<String> courseTitleParts() {
            return breakable(courseTitle);
        }
    }

    /** The preview page's content. */
    record PreviewView(String title, String imageUrl) {
    }

    /**
     * The preview page course staff see. Not cached: its image URL carries a reference that expires, and previews are
     * rare.
     *
     * @param titleOverride the course template's title override, or null
     * @param imageUrl      our URL of the template preview image
     */
    String previewPage(CourseKey courseKey, String titleOverride, String imageUrl, Viewer viewer) {
        PreviewView view = new PreviewView(firstOf(titleOverride, viewer.courseTitle(), courseKey.value()), imageUrl);
        return renderer.render("preview", viewer.locale(), Map.of("frame", frame(viewer), "p", view));
    }

    String certificatePage(Certificate certificate, Viewer viewer) {
        return rendered.get(new PageKey("page", certificate.id(), certificate.version(), null, viewer, 0),
                key -> renderCertificatePage(certificate, viewer));
    }

    private String renderCertificatePage(Certificate certificate, Viewer viewer) {
        Locale locale = viewer.locale();
        String title = titleOf(certificate, viewer);
        String organization = firstOf(certificate.pok().emitter(), viewer.organization(), certificate.courseKey().org());
        String learnerName = firstOf(certificate.learner().name(), viewer.learnerName());
        Instant issued = certificate.pok().emissionDate();
        String base = "certificates/" + certificate.publicId();
        String shareUrl = publicUrl.resolve(base);
        boolean hasImage = certificate.pok().imageUrl() != null;
        String description = learnerName == null
                ? renderer.message("page.descriptionWithoutName", locale, title, organization)
                : renderer.message("page.description", locale, learnerName, title, organization);
        CertificateView view = new CertificateView(title, breakable(title), learnerName, organization,
                issued == null ? null : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                        .withZone(ZoneOffset.UTC).format(issued),
                issued == null ? null : DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(issued),
                hasImage ? publicUrl.resolve(base + "/image") : null,
                learnerName == null ? renderer.message("page.imageAltWithoutName", locale, title, organization)
                        : renderer.message("page.imageAlt", locale, title, learnerName, organization),
                description,
                safeHttpUrl(certificate.pok().viewUrl()),
                hasImage ? publicUrl.resolve(base + "/image?download=1") : null,
                shareUrl,
                ShareLinks.of(shareUrl, title, organization, issued, certificate.publicId(),
                        renderer.message("page.shareText", locale, title, organization)));
        return renderer.render("page", locale, Map.of("frame", frame(viewer), "c", view));
    }

    /** @param certificate null when there is no certificate to speak of (unknown id on our standalone page) */
    String statusPage(Certificate certificate, StatusKind kind, Viewer viewer) {
        int refresh = refreshSeconds(certificate, kind);
        PageKey key = certificate == null ? new PageKey("status", -1, -1, kind, viewer, refresh)
                : new PageKey("status", certificate.id(), certificate.version(), kind, viewer, refresh);
        return rendered.get(key, k -> renderStatusPage(certificate, kind, viewer, refresh));
    }

    /** 0: no reload. */
    private int refreshSeconds(Certificate certificate, StatusKind kind) {
        if (!kind.refreshes()) {
            return 0;
        }
        if (certificate == null) {
            return StatusKind.REFRESH_SECONDS_WITHOUT_CERTIFICATE;
        }
        Instant queued = certificate.queuedAt() != null ? certificate.queuedAt() : certificate.createdAt();
        return StatusKind.refreshSeconds(queued == null ? Duration.ZERO : Duration.between(queued, clock.instant()));
    }

    private String renderStatusPage(Certificate certificate, StatusKind kind, Viewer viewer, int refreshSeconds) {
        String courseTitle = certificate == null ? null : titleOf(certificate, viewer);
        StatusView view = new StatusView("status." + kind.messageKey() + ".heading",
                "status." + kind.messageKey() + ".body", courseTitle, refreshSeconds);
        return renderer.render("status", viewer.locale(), Map.of("frame", frame(viewer), "s", view));
    }

    private Frame frame(Viewer viewer) {
        return new Frame(viewer.locale().toLanguageTag(), viewer.platformName(), viewer.logoSrc(), colors,
                viewer.dashboardUrl());
    }

    private static String titleOf(Certificate certificate, Viewer viewer) {
        return firstOf(certificate.pok().title(), viewer.courseTitle(), certificate.courseKey().value());
    }

    private static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    /** Only http(s) URLs reach an {@code href}: a {@code javascript:} URL from anywhere would run in the page. */
    static String safeHttpUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null ? uri.toString() : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The platform logo: an http(s) URL or a path on the LMS ({@code /static/…}), as Open edX sends it. */
    static String safeLogo(String src) {
        if (src == null || src.isBlank()) {
            return null;
        }
        String value = src.strip();
        if (value.startsWith("/") && !value.startsWith("//")) {
            try {
                return new URI(value).getScheme() == null ? value : null;
            } catch (URISyntaxException e) {
                return null;
            }
        }
        return safeHttpUrl(value);
    }
}
