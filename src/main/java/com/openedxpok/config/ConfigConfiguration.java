package com.openedxpok.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class ConfigConfiguration {

    @Bean
    ServiceConfig serviceConfig(Environment environment) {
        return new ServiceConfigLoader(environment).load();
    }
}
