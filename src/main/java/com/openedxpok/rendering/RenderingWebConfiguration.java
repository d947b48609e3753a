package com.openedxpok.rendering;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class RenderingWebConfiguration {

    @Bean
    FilterRegistrationBean<RenderBodyCaptureFilter> renderBodyCaptureFilter() {
        FilterRegistrationBean<RenderBodyCaptureFilter> registration = new FilterRegistrationBean<>(
                new RenderBodyCaptureFilter());
        registration.addUrlPatterns(RenderWebfilterController.PATH);
        // After the character-encoding filter, before Spring Security and the token filter (which read parameters).
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
