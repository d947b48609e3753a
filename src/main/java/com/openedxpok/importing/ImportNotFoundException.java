package com.openedxpok.importing;

/** No import with that id. */
public class ImportNotFoundException extends RuntimeException {

    public ImportNotFoundException(String message) {
        super(message);
    }
}
