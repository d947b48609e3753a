package com.openedxpok.testsupport;

import java.util.List;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Every line the service logs while it is started, for tests that assert what never reaches the log. */
public final class LogCapture {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public void start() {
        appender.start();
        root().addAppender(appender);
    }

    public void stop() {
        root().detachAppender(appender);
        appender.stop();
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
