package com.openedxpok.openedx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.Valve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import com.openedxpok.config.ServiceConfig;

import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
class OpenedxWebConfiguration {

    @Bean(destroyMethod = "close")
    WebhookCallLog webhookCallLog(Clock clock, MeterRegistry meters) {
        return new WebhookCallLog(clock, meters).tickEvery(Duration.ofSeconds(10));
    }

    @Bean
    FilterRegistrationBean<OpenedxTokenFilter> openedxTokenFilter(ServiceConfig config, WebhookCallLog callLog) {
        FilterRegistrationBean<OpenedxTokenFilter> registration = new FilterRegistrationBean<>(
                new OpenedxTokenFilter(config, callLog));
        registration.addUrlPatterns("/openedx/*");
        return registration;
    }

    /** Runs after Spring Boot's own customizer, which may have added a RemoteIpValve, and goes in front of it. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> peerAddressValve() {
        return new Customizer();
    }

    private static final class Customizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
            Ordered {

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            List<Valve> valves = new ArrayList<>(factory.getEngineValves());
            valves.add(0, new PeerAddressValve());
            factory.setEngineValves(valves);
        }
    }
}
