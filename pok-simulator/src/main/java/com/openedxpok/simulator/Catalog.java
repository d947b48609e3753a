package com.openedxpok.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The templates and pages the simulated organization owns. */
final class Catalog {

    private final Map<String, SimTemplate> templates = new LinkedHashMap<>();
    private final Map<String, SimPage> pages = new LinkedHashMap<>();

    Catalog() {
        reset();
    }

    synchronized Optional<SimTemplate> template(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    synchronized List<SimTemplate> templates() {
        return List.copyOf(templates.values());
    }

    synchronized void add(SimTemplate template) {
        templates.put(template.id(), template);
    }

    synchronized boolean pageExists(String id) {
        return pages.containsKey(id);
    }

    synchronized List<SimPage> pages() {
        return List.copyOf(pages.values());
    }

    synchronized void reset() {
        templates.clear();
        SeedData.TEMPLATES.forEach(t -> templates.put(t.id(), t));
        pages.clear();
        SeedData.PAGES.forEach(p -> pages.put(p.id(), p));
    }
}
