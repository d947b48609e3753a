package com.openedxpok.web;

/** An operator's input that cannot be used; the message says what to change (shown in the console, 400 in the API). */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
