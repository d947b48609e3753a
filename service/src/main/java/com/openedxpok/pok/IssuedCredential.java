package com.openedxpok.pok;

/** POK's answer to an issue request. Only the id is certain; the view URL and state are sometimes included. */
public record IssuedCredential(String id, String viewUrl, String state) {
}
