package com.openedxpok.openedx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import com.openedxpok.config.ServiceConfig;

/**
 * Guards every {@code /openedx/**} endpoint. openedx-webhooks sends no authentication header and no signature, so
 * the shared secret travels in the URL as {@code ?token=}; it is compared in constant time and never logged.
 * Bodies are capped here too, before anything parses them.
 */
public class OpenedxTokenFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OpenedxTokenFilter.class);
    /** Real payloads are a few kilobytes; anything near this is not Open edX. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private final ServiceConfig config;

    public OpenedxTokenFilter(ServiceConfig config) {
        this.config = config;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = tokenFromQuery(request.getQueryString());
        if (!config.openedx().webhookToken().matches(token)) {
            log.warn("Refused {} {} from {}: {} webhook token", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr(), token == null ? "missing" : "wrong");
            reject(response, HttpServletResponse.SC_UNAUTHORIZED, "missing or wrong token in the URL");
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            reject(response, HttpServletResponse.SC_BAD_REQUEST,
                    "payload larger than " + MAX_BODY_BYTES / 1024 + " KiB");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The token from the query string only. {@code getParameter} would make the servlet container read a
     * form-encoded body to look for it, and the payload would then be gone for the controller.
     */
    static String tokenFromQuery(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals("token")) {
                try {
                    return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void reject(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
