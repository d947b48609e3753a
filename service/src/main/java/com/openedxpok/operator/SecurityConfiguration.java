package com.openedxpok.operator;

import com.openedxpok.web.JsonErrors;
import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import com.openedxpok.config.ServiceConfig;

/**
 * Who may reach what, in filter chains.
 * <ul>
 * <li>{@code /api/v1/**}: stateless, an API token in {@code Authorization: Bearer}; no cookies, so no CSRF to
 * guard against; 401/403 as JSON.</li>
 * <li>{@code /actuator/**}: the health status and the liveness and readiness probes for anyone (the orchestrator);
 * health details and metrics for an operator, by console session or API token, or for anyone on the separate
 * management port ({@code MANAGEMENT_PORT}), which is not meant to be published.</li>
 * <li>everything else: the console under {@code /admin} with form login, CSRF protection and a session. Open edX's
 * endpoints carry their own token (checked by the openedx package), the learner's certificate pages are public by
 * their unguessable id.</li>
 * </ul>
 * Redirects are relative, or absolute from {@code PUBLIC_URL} ({@code config.ForwardedHeaders}): never from the
 * request's {@code Host}.
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
                .headers(headers -> headers.disable());
        withoutBrowserFeatures(http);
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
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> JsonErrors.write(response,
                                HttpServletResponse.SC_UNAUTHORIZED, "An API token is required: Authorization: Bearer pok_..."))
                        .accessDeniedHandler((request, response, e) -> JsonErrors.write(response,
                                HttpServletResponse.SC_FORBIDDEN, "This needs an administrator's token")));
        withoutBrowserFeatures(http);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorFilterChain(HttpSecurity http, ApiTokenService tokens, OperatorRepository operators,
            ManagementPort managementPort) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(auth -> auth
                        // Status only: show-details is when-authorized, so components and details stay hidden.
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().authenticated())
                .addFilterBefore(new ApiTokenFilter(tokens), AnonymousAuthenticationFilter.class)
                .addFilterBefore(managementPort.authentication(), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new DisabledOperatorFilter(operators), AuthorizationFilter.class)
                // A console session is read, never created: probes and scrapers keep no cookies.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> JsonErrors.write(response,
                                HttpServletResponse.SC_UNAUTHORIZED,
                                "This needs an operator's session or API token: Authorization: Bearer pok_...")));
        // Only read-only endpoints are exposed, so a console session needs no CSRF token here.
        withoutBrowserFeatures(http);
        return http.build();
    }

    @Bean
    ManagementPort managementPort() {
        return new ManagementPort();
    }

    @Bean
    @Order(3)
    SecurityFilterChain consoleFilterChain(HttpSecurity http, OperatorRepository operators) throws Exception {
        LoginUrlAuthenticationEntryPoint toLogin = new LoginUrlAuthenticationEntryPoint("/admin/login");
        // A relative Location: Tomcat makes it absolute from PUBLIC_URL, or leaves it relative without one.
        toLogin.setFavorRelativeUris(true);
        SavedRequestAwareAuthenticationSuccessHandler afterLogin = new SavedRequestAwareAuthenticationSuccessHandler();
        afterLogin.setDefaultTargetUrl("/admin");
        afterLogin.setRedirectStrategy(SecurityConfiguration::redirectToPath);
        RequestMatcher consolePages = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return path.startsWith("/admin") && !path.startsWith("/admin/api-docs") && !path.contains("swagger-ui");
        };
        http.authorizeHttpRequests(auth -> auth
                        // The probes' extra paths on the service's port (management.endpoint.health.probes).
                        .requestMatchers("/livez", "/readyz").permitAll()
                        .requestMatchers("/certificates/**").permitAll()
                        .requestMatchers("/webjars/**", "/css/**", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/admin/login").permitAll()
                        .requestMatchers("/admin/operators", "/admin/operators/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/admin/login").loginProcessingUrl("/admin/login")
                        .successHandler(afterLogin).failureHandler(loginFailure()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(toLogin))
                .logout(logout -> logout.logoutUrl("/admin/logout").logoutSuccessUrl("/admin/login?logout"))
                .httpBasic(basic -> basic.disable())
                .addFilterBefore(new DisabledOperatorFilter(operators), AuthorizationFilter.class)
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(consolePages,
                        new ContentSecurityPolicyHeaderWriter(CONSOLE_CSP))));
        return http.build();
    }

    /**
     * The saved request's URL is absolute, built from the request that was saved: keep its path and query only, so
     * that the {@code Host} that request carried is not sent back.
     */
    private static void redirectToPath(HttpServletRequest request, HttpServletResponse response, String url)
            throws IOException {
        URI target = URI.create(url);
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        String location = target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
        if (!target.isAbsolute() && !location.startsWith(request.getContextPath())) {
            location = request.getContextPath() + location;
        }
        response.sendRedirect(response.encodeRedirectURL(location));
    }

    /**
     * The port of the separate management server ({@code MANAGEMENT_PORT}), once it listens. Whoever reaches it is
     * treated as authorized for the actuator: the port is the protection, as the documentation says.
     */
    static final class ManagementPort {
        private volatile int port = -1;

        @EventListener
        void onWebServer(WebServerInitializedEvent event) {
            if ("management".equals(event.getApplicationContext().getServerNamespace())) {
                port = event.getWebServer().getPort();
            }
        }

        OncePerRequestFilter authentication() {
            return new OncePerRequestFilter() {
                @Override
                protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                        FilterChain chain) throws ServletException, IOException {
                    if (port > 0 && request.getLocalPort() == port) {
                        SecurityContext context = SecurityContextHolder.createEmptyContext();
                        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                                "management-port", null, List.of(new SimpleGrantedAuthority("ROLE_MANAGEMENT"))));
                        SecurityContextHolder.setContext(context);
                    }
                    chain.doFilter(request, response);
                }
            };
        }
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

    /**
     * For the chains whose callers are programs (Open edX, API clients, probes and scrapers): no CSRF token, login form,
     * basic authentication, logout or saved request, which only a browser session needs.
     */
    private static void withoutBrowserFeatures(HttpSecurity http) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable());
    }
}
