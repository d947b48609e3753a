package com.openedxpok.rendering;

import java.util.Locale;

import org.springframework.context.MessageSource;

/** The pages' message bundle in the viewer's language, as the templates ask for it. */
record PageMessages(MessageSource source, Locale locale) {

    String get(String key, Object... arguments) {
        return source.getMessage(key, arguments, locale);
    }
}
