package com.openedxpok.config;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.servlet.ServletException;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Who may tell the service how a browser reached it. Only a peer in {@code TRUSTED_PROXIES} has its
 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto} read (Tomcat's RemoteIpValve, given exactly those networks);
 * whatever Spring Boot set up by itself ({@code server.forward-headers-strategy}, on by itself on Kubernetes, where
 * its valve trusts every private-range peer) is removed. {@code X-Forwarded-Host} is never read: with
 * {@code PUBLIC_URL} set, the request's scheme, host and port are {@code PUBLIC_URL}'s, so every absolute URL and
 * redirect the frameworks build names it and no caller's {@code Host}; without it, redirects stay relative.
 */
@Component
class ForwardedHeaders implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final ServiceConfig.Service config;

    ForwardedHeaders(ServiceConfig config) {
        this.config = config.service();
    }

    /** After Spring Boot's own customizer, which may have added a RemoteIpValve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        List<Valve> valves = new ArrayList<>();
        for (Valve valve : factory.getEngineValves()) {
            if (!(valve instanceof RemoteIpValve)) {
                valves.add(valve);
            }
        }
        if (!config.trustedProxies().isEmpty()) {
            valves.add(remoteIpValve(config.trustedProxies()));
        }
        config.publicUrl().ifPresent(url -> valves.add(new PublicUrlValve(url)));
        factory.setEngineValves(valves);
        boolean relative = config.publicUrl().isEmpty();
        factory.addContextCustomizers(context -> context.setUseRelativeRedirects(relative));
    }

    static RemoteIpValve remoteIpValve(List<IpNetwork> trustedProxies) {
        RemoteIpValve valve = new RemoteIpValve();
        // A value with '/' is read as CIDR networks, not as a regular expression.
        valve.setInternalProxies(trustedProxies.stream().map(IpNetwork::toString).collect(Collectors.joining(",")));
        valve.setTrustedProxies(null);
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProtocolHeader("X-Forwarded-Proto");
        valve.setProtocolHeaderHttpsValue("https");
        valve.setHostHeader(null);
        valve.setPortHeader(null);
        return valve;
    }

    /**
     * The request's scheme, server name and port become {@code PUBLIC_URL}'s; an https {@code PUBLIC_URL} makes the
     * request secure (HSTS, {@code Secure} session cookie). A request that arrived over TLS stays secure.
     */
    static final class PublicUrlValve extends ValveBase {

        private final String scheme;
        private final String host;
        private final int port;
        private final boolean https;

        PublicUrlValve(URI publicUrl) {
            super(true);
            this.scheme = publicUrl.getScheme().toLowerCase(java.util.Locale.ROOT);
            this.https = scheme.equals("https");
            this.host = publicUrl.getHost();
            this.port = publicUrl.getPort() > 0 ? publicUrl.getPort() : https ? 443 : 80;
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            request.getCoyoteRequest().scheme().setString(scheme);
            request.getCoyoteRequest().serverName().setString(host);
            request.setServerPort(port);
            if (https) {
                request.setSecure(true);
            }
            getNext().invoke(request, response);
        }
    }
}
