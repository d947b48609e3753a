package com.openedxpok.pok;

import java.net.URI;
import java.time.Duration;

import com.openedxpok.config.Secret;

/**
 * Where the POK client sends its requests: the real POK API, or the built-in simulator in demo mode.
 *
 * @param baseUrl always ends with '/'
 * @param simulated true when this is the built-in simulator (shown to operators as DEMO)
 */
public record PokEndpoint(URI baseUrl, Secret apiKey, Duration timeout, boolean simulated) {

    public PokEndpoint {
        String text = baseUrl.toString();
        baseUrl = text.endsWith("/") ? baseUrl : URI.create(text + "/");
    }
}
