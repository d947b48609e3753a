package com.openedxpok.config;

/** A configuration value that cannot be used; the message names the environment variable and the problem. */
public class InvalidConfigurationException extends RuntimeException {

    private final String variable;

    public InvalidConfigurationException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
