package com.openedxpok.config;

import java.net.URI;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The service's own address as browsers and Open edX see it: {@code PUBLIC_URL} when set, otherwise
 * {@code http://localhost:<the port we actually listen on>/} (which is right for a laptop and for tests).
 */
@Component
public class PublicUrl {

    private final ServiceConfig config;
    private volatile int localPort = 8080;

    public PublicUrl(ServiceConfig config) {
        this.config = config;
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        // A separate management server (MANAGEMENT_PORT) announces itself here too: its port is not ours.
        if (event.getApplicationContext().getServerNamespace() == null) {
            localPort = event.getWebServer().getPort();
        }
    }

    /** Always ends with '/'. */
    public URI base() {
        return config.service().publicUrl().orElseGet(() -> URI.create("http://localhost:" + localPort + "/"));
    }

    /** An absolute URL for a path of ours, for example {@code certificates/abc/image}. */
    public String resolve(String path) {
        return base().resolve(path.startsWith("/") ? path.substring(1) : path).toString();
    }
}
