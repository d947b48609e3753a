package com.openedxpok.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a bad setting into Spring Boot's short start-up failure report (one line naming the variable) instead of
 * the wall of nested bean-creation stack traces that the exception would otherwise produce.
 */
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis("Invalid configuration: " + cause.getMessage(),
                "Fix " + cause.variable() + " (see docs/configuration.md) and start the service again.", null);
    }
}
