package com.openedxpok.openedx;

/** A payload we cannot use. The message is short, safe to return to Open edX, and never quotes personal data. */
public class MalformedPayloadException extends RuntimeException {

    public MalformedPayloadException(String message) {
        super(message);
    }
}
