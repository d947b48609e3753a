package com.openedxpok.openedx;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /openedx/webhooks/events?token=…}: the certificate events of openedx-webhooks' "Webhooks" (created,
 * changed, revoked), all on one URL; the token is checked by {@link OpenedxTokenFilter}. Open edX ignores the answer
 * and never retries, so the work is done before answering (milliseconds: database only). An event type we do not use
 * is answered 200 with a DEBUG line; a payload we cannot read, 400.
 */
@RestController
@OpenedxEndpoint
class EventsWebhookController {

    private static final Logger log = LoggerFactory.getLogger(EventsWebhookController.class);

    private final CertificateEventHandler handler;

    EventsWebhookController(CertificateEventHandler handler) {
        this.handler = handler;
    }

    @PostMapping(path = "/openedx/webhooks/events", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> event(HttpServletRequest request) {
        WebhookPayload payload = WebhookPayload.read(request);
        String eventType = OpenedxCertificateEvent.eventType(payload);
        Optional<OpenedxCertificateEvent.Type> type = OpenedxCertificateEvent.Type.of(eventType);
        if (type.isEmpty()) {
            log.debug("Event type '{}' is not used by this service; ignored", eventType.length() > 100
                    ? eventType.substring(0, 100) : eventType);
            return Map.of();
        }
        handler.handle(OpenedxCertificateEvent.read(type.get(), payload));
        return Map.of();
    }

}
