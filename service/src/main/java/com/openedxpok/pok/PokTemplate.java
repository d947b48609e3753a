package com.openedxpok.pok;

import java.util.List;

/** A POK certificate template and the custom parameters it expects. */
public record PokTemplate(String id, String name, String version, List<CustomParameter> customParameters) {

    public record CustomParameter(String id, String label) {
    }

    public PokTemplate {
        customParameters = customParameters == null ? List.of() : List.copyOf(customParameters);
    }
}
