package com.openedxpok.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpNetworkTest {

    private static InetAddress address(String text) {
        return IpNetwork.parseAddress(text).orElseThrow(() -> new AssertionError("not an address: " + text));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            // edges of a prefix that is not a multiple of 8
            "172.16.0.0/12   | 172.16.0.0      | true",
            "172.16.0.0/12   | 172.31.255.255  | true",
            "172.16.0.0/12   | 172.32.0.0      | false",
            "172.16.0.0/12   | 172.15.255.255  | false",
            "10.0.0.0/8      | 10.255.255.255  | true",
            "10.0.0.0/8      | 11.0.0.0        | false",
            "192.168.1.128/25| 192.168.1.127   | false",
            "192.168.1.128/25| 192.168.1.128   | true",
            "192.168.1.128/25| 192.168.1.255   | true",
            "203.0.113.6/31  | 203.0.113.7     | true",
            "203.0.113.6/31  | 203.0.113.8     | false",
            // a bare address is one host
            "127.0.0.1       | 127.0.0.1       | true",
            "127.0.0.1       | 127.0.0.2       | false",
            "127.0.0.1/32    | 127.0.0.1       | true",
            // /0 is everything of its family, and only of its family
            "0.0.0.0/0       | 255.255.255.255 | true",
            "0.0.0.0/0       | 0.0.0.0         | true",
            "0.0.0.0/0       | ::1             | false",
            "::/0            | 2001:db8::1     | true",
            "::/0            | 10.0.0.1        | false",
            // IPv6
            "::1/128         | ::1             | true",
            "::1             | 0:0:0:0:0:0:0:1 | true",
            "::1/128         | ::2             | false",
            "2001:db8::/32   | 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff | true",
            "2001:db8::/32   | 2001:db9::       | false",
            "fe80::/10       | febf::1         | true",
            "fe80::/10       | fec0::1         | false",
            // IPv4-mapped IPv6 addresses are IPv4 addresses, as a dual-stack socket reports them
            "10.0.0.0/8      | ::ffff:10.1.2.3 | true",
            "10.0.0.0/8      | ::ffff:11.1.2.3 | false",
            "::ffff:10.0.0.0/104 | 10.9.9.9    | true",
            "::ffff:10.0.0.0/104 | 11.0.0.0    | false",
            "::ffff:127.0.0.1 | 127.0.0.1      | true",
            // IPv4-compatible (not mapped) IPv6 is IPv6
            "10.0.0.0/8      | ::10.1.2.3      | false",
            // an IPv4 network never contains an IPv6 address whose bytes happen to start alike
            "10.0.0.0/8      | a00::           | false"})
    void matches(String network, String candidate, boolean expected) {
        assertThat(IpNetwork.parse(network).contains(address(candidate))).isEqualTo(expected);
    }

    @Test
    void printsTheCanonicalForm() {
        assertThat(IpNetwork.parse(" 10.0.0.0/8 ")).hasToString("10.0.0.0/8");
        assertThat(IpNetwork.parse("127.0.0.1")).hasToString("127.0.0.1/32");
        assertThat(IpNetwork.parse("::1")).hasToString("0:0:0:0:0:0:0:1/128");
        assertThat(IpNetwork.parse("::ffff:10.0.0.0/104")).isEqualTo(IpNetwork.parse("10.0.0.0/8"));
        assertThat(IpNetwork.parse("[2001:db8::]/32")).hasToString("2001:db8:0:0:0:0:0:0/32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.org", "10.0.0", "10.1", "256.0.0.1", "10.0.0.0/33", "10.0.0.0/",
            "10.0.0.0/-1", "10.0.0.0/8/8", "::1/129", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "10.0.0.0/ 8",
            "::ffff:10.0.0.0/95", "0x0a000000", "012.1.1.1.1"})
    void refusesWhatIsNotANetwork(String text) {
        assertThatThrownBy(() -> IpNetwork.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }

    @Test
    void refusesHostBitsAndSaysWhatWasMeant() {
        assertThatThrownBy(() -> IpNetwork.parse("10.1.2.3/8")).hasMessageContaining("did you mean 10.0.0.0/8?");
        assertThatThrownBy(() -> IpNetwork.parse("172.20.0.0/11")).hasMessageContaining("did you mean 172.0.0.0/11?");
        assertThatThrownBy(() -> IpNetwork.parse("2001:db8::1/64"))
                .hasMessageContaining("did you mean 2001:db8:0:0:0:0:0:0/64?");
    }

    @Test
    void readsOnlyLiteralAddresses() {
        assertThat(IpNetwork.parseAddress("localhost")).isEmpty();
        assertThat(IpNetwork.parseAddress("unknown")).isEmpty();
        assertThat(IpNetwork.parseAddress("1.2.3.4, 5.6.7.8")).isEmpty();
        assertThat(IpNetwork.parseAddress("[::1]")).contains(address("::1"));
        assertThat(IpNetwork.parseAddress("010.001.002.003")).isEmpty();
        assertThat(IpNetwork.parseAddress("10.0.0.0")).contains(address("10.0.0.0"));
    }
}
