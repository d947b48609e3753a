package com.openedxpok.simulator;

import java.util.List;

/** A template the simulator knows, with the custom parameters every issue request must fill. */
record SimTemplate(String id, String name, String version, List<Parameter> customParameters) {

    record Parameter(String id, String label) {
    }

    SimTemplate {
        customParameters = List.copyOf(customParameters);
    }
}
