package com.openedxpok.rendering;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * Renders the learner's pages to a String (the webfilter sends them inside JSON). The templates
 * ({@code src/main/jte}) are compiled to Java classes at build time by jte: rendering one is string appends, a small
 * fraction of what an interpreted template costs, and a view of a certificate nobody looked at recently (most views,
 * with many learners) renders one. Values are escaped by jte for where they stand; no template writes raw HTML.
 * The messages ({@code i18n/certificate*.properties}) are separate from the console's.
 */
@Component
class CertificatePageRenderer {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            CertificatePageRenderer.class.getClassLoader(), CertificatePageRenderer.class.getPackageName());
    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    CertificatePageRenderer() {
        messages.setBasename("i18n/certificate");
        messages.setDefaultEncoding("UTF-8");
        // English is the base bundle: a server running in another default locale must not change the fallback.
        messages.setFallbackToSystemLocale(false);
    }

    /** @param template {@code page} or {@code status}; the variables are its parameters but the messages */
    String render(String template, Locale locale, Map<String, Object> variables) {
        Map<String, Object> parameters = new HashMap<>(variables);
        parameters.put("msg", new PageMessages(messages, locale));
        StringOutput output = new StringOutput(12 * 1024);
        engine.render(template + ".jte", parameters, output);
        return output.toString();
    }

    String message(String key, Locale locale, Object... arguments) {
        return messages.getMessage(key, arguments, locale);
    }
}
