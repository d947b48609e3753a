package com.openedxpok.operator;

/**
 * A token just created: the only moment its value exists outside the operator's hands.
 *
 * @param value the token to show once ({@code pok_…}); never stored, never logged
 */
public record NewApiToken(ApiToken token, String value) {

    @Override
    public String toString() {
        return "NewApiToken[" + token + ", value=****]";
    }
}
