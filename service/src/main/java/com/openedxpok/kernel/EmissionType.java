package com.openedxpok.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How POK emits a credential. Blockchain emissions spend one organization credit each; pok ones do not. */
public enum EmissionType {
    POK("pok"),
    BLOCKCHAIN("blockchain");

    private final String wireValue;

    EmissionType(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The value in POK's JSON and in our tables. */
    public String wireValue() {
        return wireValue;
    }

    public static Optional<EmissionType> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.wireValue.equals(normalized)).findFirst();
    }
}
