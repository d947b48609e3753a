package com.openedxpok.openedx;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Notes the TCP peer and the {@code X-Forwarded-For} header as they arrived, before anything can rewrite them. Spring
 * Boot turns on Tomcat's RemoteIpValve by itself on Kubernetes and other cloud platforms (or when
 * {@code server.forward-headers-strategy} is set), and that valve trusts any peer in a private range by default and
 * consumes the header: {@link OpenedxTokenFilter} must decide from the raw facts and {@code OPENEDX_TRUSTED_PROXIES}
 * alone. It is therefore the first engine valve.
 */
final class PeerAddressValve extends ValveBase {

    static final String PEER = PeerAddressValve.class.getName() + ".peer";
    static final String FORWARDED_FOR = PeerAddressValve.class.getName() + ".forwardedFor";

    PeerAddressValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        request.setAttribute(PEER, request.getPeerAddr());
        request.setAttribute(FORWARDED_FOR, List.copyOf(Collections.list(request.getHeaders(SourceAddress.FORWARDED_FOR))));
        getNext().invoke(request, response);
    }

    /** The peer as the connection saw it; the request's own view where no valve ran (another container, MockMvc). */
    static String peer(HttpServletRequest request) {
        return request.getAttribute(PEER) instanceof String peer ? peer : request.getRemoteAddr();
    }

    @SuppressWarnings("unchecked")
    static List<String> forwardedFor(HttpServletRequest request) {
        return request.getAttribute(FORWARDED_FOR) instanceof List<?> values ? (List<String>) values
                : Collections.list(request.getHeaders(SourceAddress.FORWARDED_FOR));
    }
}
