package com.openedxpok.openedx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The allowed networks exclude 127.0.0.1, where the test calls from, and no proxy is trusted for {@code /openedx/**}.
 * Tomcat's RemoteIpValve is switched on for the rest of the service ({@code TRUSTED_PROXIES} names 127.0.0.1; Spring
 * Boot's own valve, which {@code server.forward-headers-strategy=native} asks for, is replaced by it): it makes the
 * request look as if it came from the forged {@code X-Forwarded-For}; the filter must not be fooled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "openedx.webhook-token=" + OpenedxGuardAppTestBase.CURRENT,
        "openedx.allowed-networks=10.0.0.0/8",
        "server.forward-headers-strategy=native",
        "trusted-proxies=127.0.0.1/32",
        "openedx.trusted-proxies="})
@ExtendWith(OutputCaptureExtension.class)
class AllowedNetworksAppTest extends OpenedxGuardAppTestBase {

    @Autowired
    WebServerApplicationContext context;

    /** One test, so that the first refusal (the one with its own log line) is this one whatever the method order. */
    @Test
    void aCallFromOutsideIsForbiddenWhateverTheTokenAndTheForwardedHeader(CapturedOutput output) throws Exception {
        HttpResponse<String> response = call(CURRENT);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).startsWith("{\"error\":");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(output.getAll()).contains("Refused POST /openedx/webhooks/events from 127.0.0.1: source not in "
                + "OPENEDX_ALLOWED_NETWORKS").doesNotContain(CURRENT).doesNotContain("?token=");
        // Checked before the token: a wrong one gets the same answer, so an outsider learns nothing about it.
        assertThat(call("wrong-token-0123456789").statusCode()).isEqualTo(403);

        // Tomcat's RemoteIpValve is there, behind the valve that notes the real peer first.
        List<Valve> valves = Arrays.asList(((TomcatWebServer) context.getWebServer()).getTomcat().getEngine()
                .getPipeline().getValves());
        assertThat(valves).anySatisfy(valve -> assertThat(valve).isInstanceOf(RemoteIpValve.class));
        assertThat(valves.get(0)).isInstanceOf(PeerAddressValve.class);
        // The peer is not a trusted proxy, so its X-Forwarded-For is not read.
        assertThat(call(CURRENT, "10.1.2.3").statusCode()).isEqualTo(403);
        assertThat(call(CURRENT, "203.0.113.7, 10.1.2.3").statusCode()).isEqualTo(403);
    }
}
