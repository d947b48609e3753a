package com.openedxpok.admin.security;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

import com.openedxpok.config.ServiceConfig;

/**
 * Who may reach what, in two filter chains.
 * <ul>
 * <li>{@code /api/v1/**}: stateless, an API token in {@code Authorization: Bearer}; no cookies, so no CSRF to
 * guard against; 401/403 as JSON.</li>
 * <li>everything else: the console under {@code /admin} with form login, CSRF protection and a session. Open edX's
 * endpoints carry their own token (checked by the openedx package), the learner's certificate pages are public by
 * their unguessable id, and health and metrics are public for the orchestrator.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * Only the console's own pages: the certificate pages and Swagger UI (which needs inline scripts) keep theirs.
     * No inline script or style anywhere in the console; images may come from POK's storage (previews, credentials).
     */
    private static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: http: https:; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Bean
    PasswordEncoder passwordEncoder() {
        // {bcrypt} for new hashes; the prefix lets a later change of algorithm upgrade hashes at login.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Open edX's calls (webfilters, events) authenticate with the URL token ({@code OpenedxTokenFilter}), hold no
     * session and post without CSRF tokens: a chain with no filter work, because the render webfilter runs on every
     * view of every certificate and the console chain's session, CSRF and operator checks were most of its cost.
     */
    @Bean
    @Order(0)
    SecurityFilterChain openedxFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/openedx/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .csrf(csrf -> csrf.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.disable());
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(HttpSecurity http, ApiTokenService tokens) throws Exception {
        http.securityMatcher("/api/v1/**")
                .authorizeHttpRequests(auth -> auth
                        // The API's description holds no data; Swagger UI in the console reads it.
                        .requestMatchers("/api/v1/openapi.json", "/api/v1/openapi.json/**").permitAll()
                        .requestMatchers("/api/v1/operators", "/api/v1/operators/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .addFilterBefore(new ApiTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> JsonErrors.write(response,
                                HttpServletResponse.SC_UNAUTHORIZED, "An API token is required: Authorization: Bearer pok_..."))
                        .accessDeniedHandler((request, response, e) -> JsonErrors.write(response,
                                HttpServletResponse.SC_FORBIDDEN, "This needs an administrator's token")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain consoleFilterChain(HttpSecurity http, OperatorRepository operators) throws Exception {
        RequestMatcher consolePages = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.startsWith("/admin") && !path.startsWith("/admin/api-docs") && !path.contains("swagger-ui");
        };
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/certificates/**").permitAll()
                        .requestMatchers("/webjars/**", "/css/**", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/admin/login").permitAll()
                        .requestMatchers("/admin/operators", "/admin/operators/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/admin/login").loginProcessingUrl("/admin/login")
                        .defaultSuccessUrl("/admin", false).failureHandler(loginFailure()))
                .logout(logout -> logout.logoutUrl("/admin/logout").logoutSuccessUrl("/admin/login?logout"))
                .httpBasic(basic -> basic.disable())
                .addFilterBefore(new DisabledOperatorFilter(operators), AuthorizationFilter.class)
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(consolePages,
                        new ContentSecurityPolicyHeaderWriter(CONSOLE_CSP))));
        return http.build();
    }

    /** The login page says "locked" or "disabled" where that is the reason; a wrong password stays vague. */
    private static AuthenticationFailureHandler loginFailure() {
        return (request, response, exception) -> {
            String reason = exception instanceof LockedException ? "locked"
                    : exception instanceof DisabledException ? "disabled" : "error";
            response.sendRedirect(request.getContextPath() + "/admin/login?" + reason);
        };
    }

    /** The console session ends after POK_ADMIN_SESSION_TIMEOUT without a request. */
    @Bean
    SessionTimeout sessionTimeout(ServiceConfig config) {
        return new SessionTimeout(config);
    }

    /** Last, so that it wins over Boot's own {@code server.servlet.session.timeout}. */
    static final class SessionTimeout implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>,
            Ordered {
        private final ServiceConfig config;

        SessionTimeout(ServiceConfig config) {
            this.config = config;
        }

        @Override
        public void customize(ConfigurableServletWebServerFactory factory) {
            factory.getSettings().getSession().setTimeout(config.admin().sessionTimeout());
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
