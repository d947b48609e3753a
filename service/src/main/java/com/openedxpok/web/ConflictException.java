package com.openedxpok.web;

/** The input clashes with what exists (a second course template for a course): 409 in the REST API. */
public class ConflictException extends InvalidInputException {

    public ConflictException(String message) {
        super(message);
    }
}
