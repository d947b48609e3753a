package com.openedxpok.importing;

import com.openedxpok.web.InvalidInputException;

/** An import that cannot be done as asked: the message says why, for the operator. */
public class ImportException extends InvalidInputException {

    public ImportException(String message) {
        super(message);
    }
}
