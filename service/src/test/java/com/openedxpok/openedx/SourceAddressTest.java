package com.openedxpok.openedx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.openedxpok.config.IpNetwork;

class SourceAddressTest {

    private static final List<IpNetwork> PROXIES = List.of(IpNetwork.parse("127.0.0.1/32"),
            IpNetwork.parse("10.0.0.0/8"));

    private static String resolve(String peer, List<String> forwardedFor, List<IpNetwork> trusted) {
        return SourceAddress.resolve(peer, forwardedFor, trusted).toString();
    }

    @Test
    void anUntrustedPeersHeaderIsNeverRead() {
        assertThat(resolve("203.0.113.7", List.of("10.1.2.3"), PROXIES)).isEqualTo("203.0.113.7");
        assertThat(resolve("127.0.0.1", List.of("10.1.2.3"), List.of())).isEqualTo("127.0.0.1");
    }

    @Test
    void aTrustedPeerWithoutHeaderIsTheSource() {
        assertThat(resolve("127.0.0.1", List.of(), PROXIES)).isEqualTo("127.0.0.1");
    }

    @Test
    void theRightmostEntryThatIsNotATrustedProxyIsTheSource() {
        // The client wrote "198.51.100.1" itself; the first trusted proxy saw 203.0.113.7 and a second one 10.0.0.5.
        assertThat(resolve("127.0.0.1", List.of("198.51.100.1, 203.0.113.7, 10.0.0.5"), PROXIES))
                .isEqualTo("203.0.113.7");
        // The same chain over several header lines, in the order received.
        assertThat(resolve("127.0.0.1", List.of("198.51.100.1", "203.0.113.7,10.0.0.5"), PROXIES))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void whenEveryHopIsTrustedTheFarthestIsTheSource() {
        assertThat(resolve("127.0.0.1", List.of("10.0.0.9, 10.0.0.5"), PROXIES)).isEqualTo("10.0.0.9");
    }

    @Test
    void entriesMayCarryPortsAndBrackets() {
        assertThat(resolve("127.0.0.1", List.of("203.0.113.7:51234"), PROXIES)).isEqualTo("203.0.113.7");
        assertThat(resolve("127.0.0.1", List.of("[2001:db8::1]:443"), PROXIES)).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(resolve("127.0.0.1", List.of("2001:db8::1"), PROXIES)).isEqualTo("2001:db8:0:0:0:0:0:1");
    }

    @Test
    void anUnreadableEntryInPlaceOfTheSourceIsNoAddressAndNeverEchoed() {
        SourceAddress source = SourceAddress.resolve("127.0.0.1", List.of("evil\nline, 10.0.0.5"), PROXIES);
        assertThat(source.address()).isEmpty();
        assertThat(source.isIn(List.of(IpNetwork.parse("0.0.0.0/0")))).isFalse();
        assertThat(source.toString()).doesNotContain("evil");
        // A host name is not an address either (and is not looked up).
        assertThat(SourceAddress.resolve("127.0.0.1", List.of("localhost"), PROXIES).address()).isEmpty();
    }

    @Test
    void aMappedPeerAddressMatchesIpv4Networks() {
        SourceAddress source = SourceAddress.resolve("::ffff:10.1.2.3", List.of(), List.of());
        assertThat(source.isIn(List.of(IpNetwork.parse("10.0.0.0/8")))).isTrue();
        assertThat(SourceAddress.resolve("::ffff:127.0.0.1", List.of("203.0.113.7"), PROXIES))
                .hasToString("203.0.113.7");
    }

    @Test
    void isInChecksEveryNetwork() {
        SourceAddress source = SourceAddress.resolve("0:0:0:0:0:0:0:1", List.of(), List.of());
        assertThat(source.isIn(List.of(IpNetwork.parse("10.0.0.0/8"), IpNetwork.parse("::1/128")))).isTrue();
        assertThat(source.isIn(List.of(IpNetwork.parse("10.0.0.0/8")))).isFalse();
        assertThat(source.isIn(List.of())).isFalse();
    }
}
