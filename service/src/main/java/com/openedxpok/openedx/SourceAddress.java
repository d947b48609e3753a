package com.openedxpok.openedx;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.openedxpok.config.IpNetwork;

/**
 * Who called: the TCP peer, unless the peer is a trusted proxy; then the rightmost {@code X-Forwarded-For} entry that
 * is not itself a trusted proxy. Entries left of that one were written by the caller and prove nothing, and an
 * untrusted peer's header is never read at all.
 *
 * @param address the caller's address; empty when the entry that names it cannot be read as an IP address
 */
record SourceAddress(Optional<InetAddress> address) {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    /**
     * @param peer         the TCP peer's address as the container gives it (a literal)
     * @param forwardedFor every {@code X-Forwarded-For} header value, in the order received
     */
    static SourceAddress resolve(String peer, List<String> forwardedFor, List<IpNetwork> trustedProxies) {
        Optional<InetAddress> peerAddress = peer == null ? Optional.empty() : IpNetwork.parseAddress(peer);
        if (peerAddress.isEmpty() || !inAny(peerAddress.get(), trustedProxies)) {
            return new SourceAddress(peerAddress);
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        Optional<InetAddress> source = peerAddress;
        for (int i = hops.size() - 1; i >= 0; i--) {
            source = readHop(hops.get(i));
            if (source.isEmpty() || !inAny(source.get(), trustedProxies)) {
                return new SourceAddress(source);
            }
        }
        // Every hop was a trusted proxy: the farthest one is all that is known.
        return new SourceAddress(source);
    }

    boolean isIn(List<IpNetwork> networks) {
        return address.isPresent() && inAny(address.get(), networks);
    }

    /** For the log: an address, never the header's raw text (which the caller wrote). */
    @Override
    public String toString() {
        return address.map(InetAddress::getHostAddress).orElse("an unreadable X-Forwarded-For address");
    }

    /** An entry is an address, possibly with a port ({@code 203.0.113.7:51234}, {@code [2001:db8::1]:443}). */
    private static Optional<InetAddress> readHop(String hop) {
        if (hop.startsWith("[") && hop.contains("]")) {
            return IpNetwork.parseAddress(hop.substring(1, hop.indexOf(']')));
        }
        if (hop.indexOf(':') > 0 && hop.indexOf(':') == hop.lastIndexOf(':')) {
            return IpNetwork.parseAddress(hop.substring(0, hop.indexOf(':')));
        }
        return IpNetwork.parseAddress(hop);
    }

    private static boolean inAny(InetAddress address, List<IpNetwork> networks) {
        for (IpNetwork network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
