package com.openedxpok.rendering;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import com.openedxpok.openedx.OpenedxTokenFilter;

/**
 * Reads the render webfilter's raw body before anything asks the request for a parameter. openedx-webhooks' "WWW
 * form encoding" posts a JSON text under {@code application/x-www-form-urlencoded}; once the servlet container has
 * parsed such a body as a form (the token filter's {@code getParameter("token")} would make it), the JSON is lost.
 * Reading the stream first leaves the container parsing only the query string, where the token is. Capped at the
 * same size as the token filter's check, so a chunked body cannot make us hold more.
 */
class RenderBodyCaptureFilter extends OncePerRequestFilter {

    static final String BODY_ATTRIBUTE = RenderBodyCaptureFilter.class.getName() + ".body";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod())) {
            byte[] body = request.getInputStream().readNBytes((int) OpenedxTokenFilter.MAX_BODY_BYTES + 1);
            // Too large: no attribute, and the webfilter answers {} (the token filter usually refuses it first).
            if (body.length <= OpenedxTokenFilter.MAX_BODY_BYTES) {
                request.setAttribute(BODY_ATTRIBUTE, body);
            }
        }
        chain.doFilter(request, response);
    }
}
