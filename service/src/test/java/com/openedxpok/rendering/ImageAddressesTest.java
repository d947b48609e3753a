package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The address rules of the image endpoint, on address literals (parsed, never looked up) and {@code localhost}
 * (the hosts file): no test here needs DNS.
 */
class ImageAddressesTest {

    private static InetAddress literal(String text) throws UnknownHostException {
        return CertificateImages.literalAddress(text).orElseThrow(() -> new AssertionError(text + " is no literal"));
    }

    @Test
    void addressesInsideOurNetworkAreRefused() throws Exception {
        for (String address : List.of("127.0.0.1", "127.8.9.10", "::1", "10.0.0.1", "10.255.255.255", "172.16.0.1",
                "172.31.255.254", "192.168.1.10", "169.254.169.254", "169.254.0.1", "fe80::1", "fc00::1",
                "fd12:3456:789a::1", "fec0::1", "0.0.0.0", "::", "0.1.2.3", "224.0.0.1", "239.255.255.250",
                "ff02::1", "100.64.0.1", "255.255.255.255", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
                "::ffff:10.0.0.1", "::ffff:192.168.0.1", "::127.0.0.1")) {
            assertThat(ImageAddresses.refusal(literal(address))).as(address).isPresent();
        }
    }

    @Test
    void theMetadataAddressIsRefusedAsLinkLocalAlsoWhenMappedToIpv6() throws Exception {
        assertThat(ImageAddresses.refusal(literal("169.254.169.254"))).contains("link-local address");
        // Java may hand a mapped address over as IPv4 already; built from its 16 bytes it is checked the same way.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254,
                (byte) 169, (byte) 254};
        assertThat(ImageAddresses.refusal(InetAddress.getByAddress(mapped))).get().asString().contains("link-local");
    }

    @Test
    void publicAddressesAreAllowed() throws Exception {
        for (String address : List.of("93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255",
                "192.169.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e")) {
            assertThat(ImageAddresses.refusal(literal(address))).as(address).isEmpty();
        }
    }

    @Test
    void urlsAreRefusedBeforeAnyLookUpWhenTheyCannotBeAllowed() {
        assertThat(CertificateImages.refusal(URI.create("http://images.example.org/a.png"), false))
                .contains("the image URL is neither on the POK origin nor https");
        assertThat(CertificateImages.refusal(URI.create("https://169.254.169.254/latest/meta-data/"), false))
                .get().asString().contains("link-local");
        assertThat(CertificateImages.refusal(URI.create("https://[::ffff:10.0.0.1]/a.png"), false))
                .get().asString().contains("RFC 1918");
        assertThat(CertificateImages.refusal(URI.create("https://[::1]:8443/a.png"), false))
                .get().asString().contains("loopback");
        assertThat(CertificateImages.refusal(URI.create("https://user@images.example.org/a.png"), false))
                .contains("the image URL carries user info");
        // A name is checked when it is resolved, not here: nothing is looked up.
        assertThat(CertificateImages.refusal(URI.create("https://images.example.org/a.png"), false)).isEmpty();
        assertThat(CertificateImages.refusal(URI.create("https://93.184.216.34/a.png"), false)).isEmpty();
        // The POK origin in use (the simulator on 127.0.0.1) is trusted as configured.
        assertThat(CertificateImages.refusal(URI.create("http://127.0.0.1:9999/images/x.png"), true)).isEmpty();
    }

    @Test
    void theCheckedDnsLooksUpOnceAndAnswersOnlyForItsHost() throws Exception {
        List<String> lookUps = new ArrayList<>();
        CertificateImages.CheckedDns dns = new CertificateImages.CheckedDns("images.example.org", false, host -> {
            lookUps.add(host);
            return new InetAddress[] {literal("93.184.216.34")};
        });

        assertThat(dns.resolve("images.example.org")).containsExactly(literal("93.184.216.34"));
        assertThat(dns.resolve("IMAGES.example.org")).containsExactly(literal("93.184.216.34"));
        assertThat(lookUps).containsExactly("images.example.org");
        assertThatThrownBy(() -> dns.resolve("internal.example.org"))
                .isInstanceOf(CertificateImages.RefusedAddressException.class);
        assertThat(lookUps).hasSize(1);
    }

    @Test
    void anAnswerWithOneInternalAddressIsRefusedWhole() {
        CertificateImages.CheckedDns dns = new CertificateImages.CheckedDns("rebind.example.org", false,
                host -> new InetAddress[] {literal("93.184.216.34"), literal("10.0.0.5")});

        assertThatThrownBy(() -> dns.resolve("rebind.example.org"))
                .isInstanceOf(CertificateImages.RefusedAddressException.class)
                .hasMessageContaining("RFC 1918");
    }

    @Test
    void localhostResolvesToLoopbackAndIsRefusedUnlessItIsThePokOrigin() throws Exception {
        CertificateImages.CheckedDns other = new CertificateImages.CheckedDns("localhost", false,
                InetAddress::getAllByName);
        assertThatThrownBy(() -> other.resolve("localhost"))
                .isInstanceOf(CertificateImages.RefusedAddressException.class)
                .hasMessageContaining("loopback");

        CertificateImages.CheckedDns pok = new CertificateImages.CheckedDns("localhost", true,
                InetAddress::getAllByName);
        assertThat(pok.resolve("localhost")).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
    }
}
