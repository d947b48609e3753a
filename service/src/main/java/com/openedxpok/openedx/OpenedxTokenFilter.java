package com.openedxpok.openedx;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.web.JsonErrors;

/**
 * Guards every {@code /openedx/**} endpoint. openedx-webhooks sends no authentication header and no signature, so
 * the shared secret travels in the URL as {@code ?token=}; it is compared in constant time and never logged. During a
 * rotation the previous token is accepted too. Optionally the caller must also come from an allowed network
 * ({@link SourceAddress}). Bodies are capped here too, before anything parses them.
 */
public class OpenedxTokenFilter extends OncePerRequestFilter {

    /** Real payloads are a few kilobytes; anything near this is not Open edX. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private final ServiceConfig.OpenEdx config;
    private final WebhookCallLog callLog;

    OpenedxTokenFilter(ServiceConfig config, WebhookCallLog callLog) {
        this.config = config.openedx();
        this.callLog = callLog;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SourceAddress source = SourceAddress.resolve(PeerAddressValve.peer(request),
                PeerAddressValve.forwardedFor(request), config.trustedProxies());
        // Checked before the token, so that a caller from elsewhere learns nothing about the token.
        if (!config.allowedNetworks().isEmpty() && !source.isIn(config.allowedNetworks())) {
            callLog.refused(WebhookCallLog.Refusal.SOURCE, "source not in OPENEDX_ALLOWED_NETWORKS",
                    request.getMethod(), pathOnly(request), source.toString());
            JsonErrors.write(response, HttpServletResponse.SC_FORBIDDEN, "calls from this address are not allowed");
            return;
        }
        String token = tokenFromQueryString(request.getQueryString());
        // Both comparisons always run, so that timing does not tell which token (if any) was close.
        boolean current = config.webhookToken().matches(token);
        boolean previous = config.previousWebhookToken().matches(token);
        if (!current && !previous) {
            callLog.refused(WebhookCallLog.Refusal.TOKEN, token == null ? "missing webhook token"
                    : "wrong webhook token", request.getMethod(), pathOnly(request), source.toString());
            JsonErrors.write(response, HttpServletResponse.SC_UNAUTHORIZED, "missing or wrong token in the URL");
            return;
        }
        if (current) {
            callLog.acceptedWithCurrentToken();
        } else {
            callLog.acceptedWithPreviousToken();
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            JsonErrors.write(response, HttpServletResponse.SC_BAD_REQUEST,
                    "payload larger than " + MAX_BODY_BYTES / 1024 + " KiB");
            return;
        }
        chain.doFilter(new JsonAccepting(request), response);
    }

    /** The request URI never carries the query string; path parameters ({@code ;x=y}) are cut off too. */
    private static String pathOnly(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int semicolon = uri.indexOf(';');
        return semicolon < 0 ? uri : uri.substring(0, semicolon);
    }

    /**
     * openedx-webhooks always sends {@code Accept: text/plain} and then reads the body as JSON (a non-JSON body becomes
     * {@code {}}): content negotiation must not turn that into 406, so these endpoints see {@code application/json}.
     * A multipart content type is hidden as well: these endpoints read the raw body themselves (its shape decides),
     * and Spring's multipart parsing, which runs before any controller, answered 500 to a multipart type without a
     * boundary.
     */
    static final class JsonAccepting extends HttpServletRequestWrapper {

        private static final String ACCEPT = "Accept";
        private static final String CONTENT_TYPE = "Content-Type";
        private static final String JSON = "application/json";
        private static final String RAW = "application/octet-stream";

        JsonAccepting(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getContentType() {
            return unlessMultipart(super.getContentType());
        }

        private static String unlessMultipart(String type) {
            return type != null && type.strip().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/") ? RAW : type;
        }

        @Override
        public String getHeader(String name) {
            if (CONTENT_TYPE.equalsIgnoreCase(name)) {
                return unlessMultipart(super.getHeader(name));
            }
            return ACCEPT.equalsIgnoreCase(name) ? JSON : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (CONTENT_TYPE.equalsIgnoreCase(name)) {
                String type = getHeader(name);
                return Collections.enumeration(type == null ? List.of() : List.of(type));
            }
            return ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(JSON)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>(Collections.list(super.getHeaderNames()));
            if (names.stream().noneMatch(ACCEPT::equalsIgnoreCase)) {
                names.add(ACCEPT);
            }
            return Collections.enumeration(names);
        }
    }

    /**
     * The token from the query string alone. {@code getParameter} would also parse a form-encoded body, consuming the
     * body that openedx-webhooks sends as a JSON text under a form content type before the endpoint can read it.
     */
    static String tokenFromQueryString(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                try {
                    return URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
