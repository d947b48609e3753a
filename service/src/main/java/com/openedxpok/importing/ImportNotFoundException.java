package com.openedxpok.importing;

import com.openedxpok.web.NotFoundException;

/** No import with that id. */
public class ImportNotFoundException extends NotFoundException {

    public ImportNotFoundException(String message) {
        super(message);
    }
}
