package com.openedxpok.pok;

/** @param location URL of the rendered certificate image (may be temporary) */
public record CredentialImage(String location) {
}
