package com.openedxpok.pok;

import java.time.Duration;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * POK data that changes rarely and is needed for every issue request (the template's parameters, the organization's
 * name), cached so that issuing 10,000 certificates does not mean 10,000 extra template look-ups.
 */
@Component
public class PokCatalog {

    private final PokClient client;
    private final Cache<String, PokTemplate> templates = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(5)).maximumSize(1_000).build();
    private final Cache<String, Organization> organization = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(1).build();

    public PokCatalog(PokClient client) {
        this.client = client;
    }

    /** @throws PokException as the client does; failures are not cached */
    public PokTemplate template(String templateId) {
        return templates.get(templateId, client::template);
    }

    public Organization organization() {
        return organization.get("me", key -> client.organization());
    }
}
