package com.openedxpok.backfill;

/** A backfill request that cannot be done as asked; the message is for the operator and holds no personal data. */
public class BackfillException extends RuntimeException {

    public BackfillException(String message) {
        super(message);
    }
}
