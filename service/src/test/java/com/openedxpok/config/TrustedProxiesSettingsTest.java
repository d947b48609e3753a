package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** TRUSTED_PROXIES for the whole service, and how OPENEDX_TRUSTED_PROXIES relates to it. */
class TrustedProxiesSettingsTest {

    @Test
    void openedxTrustsTheServicesProxiesUnlessToldOtherwise() {
        ServiceConfig both = new ServiceConfigLoader(new MockEnvironment().withProperty("trusted-proxies",
                "10.42.0.0/16, ::1")).load();
        assertThat(both.service().trustedProxies()).containsExactly(IpNetwork.parse("10.42.0.0/16"),
                IpNetwork.parse("::1/128"));
        assertThat(both.openedx().trustedProxies()).isEqualTo(both.service().trustedProxies());

        ServiceConfig separate = new ServiceConfigLoader(new MockEnvironment().withProperty("trusted-proxies",
                "10.42.0.0/16").withProperty("openedx.trusted-proxies", "192.0.2.1")).load();
        assertThat(separate.openedx().trustedProxies()).containsExactly(IpNetwork.parse("192.0.2.1/32"));

        ServiceConfig none = new ServiceConfigLoader(new MockEnvironment().withProperty("trusted-proxies",
                "10.42.0.0/16").withProperty("openedx.trusted-proxies", "")).load();
        assertThat(none.openedx().trustedProxies()).isEmpty();

        assertThat(new ServiceConfigLoader(new MockEnvironment()).load().service().trustedProxies()).isEqualTo(List.of());
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> new ServiceConfigLoader(new MockEnvironment().withProperty("trusted-proxies",
                "proxy.example")).load()).hasMessageStartingWith("TRUSTED_PROXIES");
        assertThatThrownBy(() -> new ServiceConfigLoader(new MockEnvironment().withProperty(
                "server.forward-headers-strategy", "framework")).load())
                .hasMessageStartingWith("SERVER_FORWARD_HEADERS_STRATEGY");
    }

    @Test
    void anHttpsPublicUrlIsRecognised() {
        assertThat(new ServiceConfigLoader(new MockEnvironment().withProperty("public-url", "https://pok.example.org/"))
                .load().service().httpsPublicUrl()).isTrue();
        assertThat(new ServiceConfigLoader(new MockEnvironment()).load().service().httpsPublicUrl()).isFalse();
    }
}
