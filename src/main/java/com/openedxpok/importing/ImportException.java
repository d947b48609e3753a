package com.openedxpok.importing;

/** An import that cannot be done as asked: the message says why, for the operator. */
public class ImportException extends RuntimeException {

    public ImportException(String message) {
        super(message);
    }
}
