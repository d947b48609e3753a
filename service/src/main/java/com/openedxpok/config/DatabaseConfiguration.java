package com.openedxpok.config;

import javax.sql.DataSource;

import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    Database database(DataSource dataSource) {
        return Database.of(dataSource);
    }

    @Bean
    FlywayConfigurationCustomizer vendorColumnTypes(Database database) {
        return configuration -> configuration.placeholders(database.migrationPlaceholders());
    }
}
