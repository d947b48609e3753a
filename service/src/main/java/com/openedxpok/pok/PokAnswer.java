package com.openedxpok.pok;

/**
 * What POK answered, read completely so that the connection goes back to the pool at once.
 *
 * @param retryAfter the raw {@code Retry-After} header, or null
 * @param location   the raw {@code Location} header, or null (a redirect we do not follow)
 * @param body       the body as text, empty when there was none
 */
record PokAnswer(int status, String retryAfter, String location, String body) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
