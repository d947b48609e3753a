package com.openedxpok.web;

/** The thing an operator asked for does not exist (404). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
