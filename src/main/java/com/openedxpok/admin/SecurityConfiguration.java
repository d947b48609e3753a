package com.openedxpok.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may reach what. Open edX's endpoints carry their own token (checked by the openedx package) and the learner's
 * certificate image is public by its unguessable id; everything else is for logged-in operators.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/openedx/**", "/certificates/**").permitAll()
                        .requestMatchers("/webjars/**", "/css/**", "/favicon.ico", "/error").permitAll()
                        .anyRequest().authenticated())
                // Open edX posts without a CSRF token; those endpoints authenticate with the URL token instead.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/openedx/**"))
                .formLogin(Customizer.withDefaults())
                .httpBasic(basic -> basic.disable());
        return http.build();
    }
}
