package com.openedxpok.openedx;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.openedxpok.config.ServiceConfig;

@Configuration(proxyBeanMethods = false)
class OpenedxWebConfiguration {

    @Bean
    FilterRegistrationBean<OpenedxTokenFilter> openedxTokenFilter(ServiceConfig config) {
        FilterRegistrationBean<OpenedxTokenFilter> registration = new FilterRegistrationBean<>(
                new OpenedxTokenFilter(config));
        registration.addUrlPatterns("/openedx/*");
        return registration;
    }
}
