package com.openedxpok.openedx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Calls an Open edX endpoint over a real socket the way openedx-webhooks does ({@code Accept: text/plain},
 * {@code Content-type: application/json}), from 127.0.0.1. The event type is one the service ignores, so a call that
 * gets through is answered 200 {@code {}} and changes nothing.
 */
abstract class OpenedxGuardAppTestBase {

    static final String CURRENT = "current-webhook-token-0123456789";
    static final String PREVIOUS = "previous-webhook-token-0123456789";
    static final String BODY = "{\"event_metadata\": {\"event_type\": \"org.openedx.learning.unused.v1\"}}";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    HttpResponse<String> call(String token) throws Exception {
        return call(token, null);
    }

    HttpResponse<String> call(String token, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/openedx/webhooks/events" + (token == null ? "" : "?token=" + token)))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "text/plain")
                .header("Content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
