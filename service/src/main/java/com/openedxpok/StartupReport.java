package com.openedxpok;

import com.openedxpok.config.IpNetwork;
import com.openedxpok.config.PublicUrl;
import com.openedxpok.config.ServiceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.openedxpok.pok.PokEndpoint;

/**
 * The few lines an operator needs after start-up: where the admin UI is, which POK endpoint is in use and, in demo
 * mode only, the ready-to-paste webhook URLs (the token there is a throw-away one generated for this run).
 */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final ServiceConfig config;
    private final PublicUrl publicUrl;
    private final PokEndpoint endpoint;

    StartupReport(ServiceConfig config, PublicUrl publicUrl, PokEndpoint endpoint) {
        this.config = config;
        this.publicUrl = publicUrl;
        this.endpoint = endpoint;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        String base = publicUrl.base().toString().replaceAll("/$", "");
        log.info("openedx-pok is ready. Admin UI: {}/admin  Health: {}/actuator/health", base, base);
        if (endpoint.simulated()) {
            log.warn("DEMO MODE: POK_API_KEY is not set, so certificates go to the built-in POK SIMULATOR at {} "
                    + "and nothing is issued for real.", endpoint.baseUrl());
        } else {
            log.info("POK endpoint: {}", endpoint.baseUrl());
        }
        ServiceConfig.OpenEdx openedx = config.openedx();
        if (!openedx.previousWebhookToken().isEmpty()) {
            log.info("OPENEDX_WEBHOOK_TOKEN_PREVIOUS is set: calls with the previous webhook token are still accepted. "
                    + "Once the log and the metric openedx_pok_webhook_calls_total{token=\"previous\"} show no more "
                    + "such calls, remove it and restart.");
        }
        if (!openedx.allowedNetworks().isEmpty()) {
            log.info("Open edX calls are accepted only from {} (OPENEDX_ALLOWED_NETWORKS); trusted proxies: {}",
                    joined(openedx.allowedNetworks()), openedx.trustedProxies().isEmpty() ? "none"
                            : joined(openedx.trustedProxies()));
        }
        if (config.openedx().webhookTokenGenerated()) {
            String token = config.openedx().webhookToken().reveal();
            // The token alone on its line, to copy with a double-click (TOKEN=… in the README's demo).
            log.warn("OPENEDX_WEBHOOK_TOKEN is not set: generated a token for this run only:\n  {}\n"
                    + "Webhook URLs for openedx-webhooks (also on the console's Settings page):"
                    + "\n  creation webfilter: {}/openedx/webfilters/certificate-creation-requested?token={}"
                    + "\n  render webfilter:   {}/openedx/webfilters/certificate-render-started?token={}"
                    + "\n  events webhook:     {}/openedx/webhooks/events?token={}", token, base, token, base, token,
                    base, token);
        }
    }

    private static String joined(java.util.List<IpNetwork> networks) {
        return String.join(", ", networks.stream().map(IpNetwork::toString).toList());
    }
}
