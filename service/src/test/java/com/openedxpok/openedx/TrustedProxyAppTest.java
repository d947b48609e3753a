package com.openedxpok.openedx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** 127.0.0.1 is a trusted proxy and not itself allowed: the caller is the address its X-Forwarded-For names. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "openedx.webhook-token=" + OpenedxGuardAppTestBase.CURRENT,
        "openedx.allowed-networks=10.0.0.0/8",
        "openedx.trusted-proxies=127.0.0.1/32"})
@ExtendWith(OutputCaptureExtension.class)
class TrustedProxyAppTest extends OpenedxGuardAppTestBase {

    @Test
    void theProxysForwardedAddressDecides(CapturedOutput output) throws Exception {
        assertThat(call(CURRENT, "10.1.2.3").statusCode()).isEqualTo(200);
        assertThat(call(CURRENT, "10.1.2.3:40000").statusCode()).isEqualTo(200);
        assertThat(call(CURRENT, "203.0.113.7").statusCode()).isEqualTo(403);
        // What the caller wrote left of what the proxy added proves nothing.
        assertThat(call(CURRENT, "10.1.2.3, 203.0.113.7").statusCode()).isEqualTo(403);
        assertThat(call(CURRENT, "not-an-address").statusCode()).isEqualTo(403);
        // Without the header the caller is the proxy itself, which is not allowed.
        assertThat(call(CURRENT).statusCode()).isEqualTo(403);
        // An allowed source still needs the token.
        assertThat(call("wrong-token-0123456789", "10.1.2.3").statusCode()).isEqualTo(401);

        assertThat(output.getAll()).contains("from 203.0.113.7: source not in OPENEDX_ALLOWED_NETWORKS")
                .doesNotContain("not-an-address").doesNotContain(CURRENT).doesNotContain("?token=");
    }
}
