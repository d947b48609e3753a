package com.openedxpok.rendering;

import java.util.Locale;
import java.util.Map;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders the certificate pages to a String (the webfilter sends them inside JSON). It has its own Thymeleaf engine
 * and message bundle ({@code i18n/certificate*.properties}) instead of sharing the application's: declaring a second
 * engine bean would switch off Boot's auto-configured one, and the pages' messages stay separate from the console's.
 * Templates escape every value ({@code th:text}, attribute processors); no template uses {@code th:utext}.
 */
@Component
class CertificatePageRenderer {

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

    CertificatePageRenderer() {
        messages.setBasename("i18n/certificate");
        messages.setDefaultEncoding("UTF-8");
        // English is the base bundle: a server running in another default locale must not change the fallback.
        messages.setFallbackToSystemLocale(false);
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/certificate/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        engine.setTemplateEngineMessageSource(messages);
        engine.setEnableSpringELCompiler(true);
    }

    String render(String template, Locale locale, Map<String, Object> variables) {
        return engine.process(template, new Context(locale, variables));
    }

    String message(String key, Locale locale, Object... arguments) {
        return messages.getMessage(key, arguments, locale);
    }
}
