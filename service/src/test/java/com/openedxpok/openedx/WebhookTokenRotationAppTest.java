package com.openedxpok.openedx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import com.openedxpok.admin.AdminTestData;

/**
 * During a rotation both tokens open the endpoints and nothing else does; calls with the previous one are counted
 * where an operator looks. The allowed networks include the loopback the test calls from.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "openedx.webhook-token=" + OpenedxGuardAppTestBase.CURRENT,
        "openedx.webhook-token-previous=" + OpenedxGuardAppTestBase.PREVIOUS,
        "openedx.allowed-networks=127.0.0.0/8,::1/128"})
@ExtendWith(OutputCaptureExtension.class)
class WebhookTokenRotationAppTest extends OpenedxGuardAppTestBase {

    @Autowired
    ApplicationContext context;

    private static final String THIRD = "some-other-token-0123456789";

    @Test
    void theCurrentAndThePreviousTokenAreAcceptedAndAThirdIsNot(CapturedOutput output) throws Exception {
        // This class's own context started under the capture: the start-up report says a rotation is under way.
        assertThat(output.getAll()).contains("OPENEDX_WEBHOOK_TOKEN_PREVIOUS is set: calls with the previous webhook "
                + "token are still accepted").contains("Open edX calls are accepted only from 127.0.0.0/8, "
                + "0:0:0:0:0:0:0:1/128 (OPENEDX_ALLOWED_NETWORKS); trusted proxies: none");
        double previousBefore = previousTokenCalls();

        HttpResponse<String> current = call(CURRENT);
        assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
        assertThat(current.body()).isEqualTo("{}");
        assertThat(current.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));

        HttpResponse<String> previous = call(PREVIOUS);
        assertThat(previous.statusCode()).as(previous.body()).isEqualTo(200);
        assertThat(previous.body()).isEqualTo("{}");

        HttpResponse<String> third = call(THIRD);
        assertThat(third.statusCode()).isEqualTo(401);
        assertThat(third.body()).startsWith("{\"error\":");
        assertThat(third.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(call(null).statusCode()).isEqualTo(401);
        assertThat(call(CURRENT.substring(0, CURRENT.length() - 1)).statusCode()).isEqualTo(401);

        assertThat(previousTokenCalls()).isEqualTo(previousBefore + 1);
        assertThat(output.getAll()).contains("used the previous webhook token in the last minute")
                .doesNotContain(CURRENT).doesNotContain(PREVIOUS).doesNotContain(THIRD).doesNotContain("?token=");
    }

    /** The metric as Prometheus scrapes it (with an API token): the name the docs tell operators to watch. */
    private double previousTokenCalls() throws Exception {
        AdminTestData data = new AdminTestData(context);
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .header("Authorization", "Bearer " + data.token(data.admin())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("(?m)^openedx_pok_webhook_calls_total\\{[^}]*token=\"previous\"[^}]*} (\\S+)$")
                .matcher(metrics);
        assertThat(matcher.find()).as("openedx_pok_webhook_calls_total{token=\"previous\"} in /actuator/prometheus")
                .isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
