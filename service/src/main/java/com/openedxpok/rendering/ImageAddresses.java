package com.openedxpok.rendering;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses an image URL named by POK may lead to. POK names its images on hosts we do not know in advance, so
 * the image endpoint fetches from any https host, but never from an address inside our own network: otherwise a
 * stored URL (or a DNS answer) could make the service fetch its cloud metadata, its database or an admin port.
 * Pure functions over resolved addresses: nothing here looks anything up.
 */
final class ImageAddresses {

    private ImageAddresses() {
    }

    /** Why the image endpoint must not connect to {@code address}, or empty when it may (a public address). */
    static Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<Inet4Address> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return refusal(embedded.get()).map(reason -> reason + " (IPv4-mapped)");
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("private address (unique local, fc00::/7)");
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return Optional.of("private address (site-local, fec0::/10)");
            }
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback address");
        }
        if (address.isLinkLocalAddress()) {
            // 169.254.169.254 (cloud metadata) is link-local
            return Optional.of("link-local address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast address");
        }
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)) {
                return Optional.of("private address (RFC 1918)");
            }
            if (first == 0) {
                return Optional.of("unspecified address (0.0.0.0/8)");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("private address (carrier-grade NAT, 100.64.0.0/10)");
            }
            if (first >= 240) {
                return Optional.of("reserved or broadcast address");
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 one carries as IPv4-mapped ({@code ::ffff:a.b.c.d}) or IPv4-compatible. */
    private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return Optional.empty();
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && ((b[12] | b[13]) != 0);
        if (!mapped && !compatible) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
