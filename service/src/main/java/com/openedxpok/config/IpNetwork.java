package com.openedxpok.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}; a bare address is a single host).
 * Only literal addresses are read: a host name never reaches {@link InetAddress#getByName}, so parsing never does a
 * DNS lookup. IPv4-mapped IPv6 addresses ({@code ::ffff:10.1.2.3}) are IPv4 addresses here, as Java reads them.
 */
public record IpNetwork(byte[] network, int prefixLength) {

    public IpNetwork {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes");
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length out of range");
        }
    }

    /**
     * @throws IllegalArgumentException with a message an operator can act on
     */
    public static IpNetwork parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String addressText = slash < 0 ? value : value.substring(0, slash);
        InetAddress address = parseAddress(addressText).orElseThrow(() -> new IllegalArgumentException(
                "'" + value + "' is not an IPv4 or IPv6 address or network (write them as 10.0.0.0/8 or ::1/128)"));
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        // An IPv4-mapped IPv6 network (::ffff:10.0.0.0/104) is the IPv4 network 10.0.0.0/8.
        int offset = bytes.length == 4 && addressText.contains(":") ? 96 : 0;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = value.substring(slash + 1);
            if (!prefixText.matches("\\d{1,3}")) {
                throw new IllegalArgumentException("'" + value + "' has no valid prefix length after '/'");
            }
            prefix = Integer.parseInt(prefixText) - offset;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + value + "' has a prefix length outside 0.." + (bits + offset));
            }
        }
        IpNetwork network = new IpNetwork(bytes, prefix);
        if (!java.util.Arrays.equals(network.masked(bytes), bytes)) {
            throw new IllegalArgumentException("'" + value + "' has bits set past its prefix length: did you mean "
                    + network + "?");
        }
        return network;
    }

    /**
     * A literal IPv4 or IPv6 address, or empty. IPv4 must be four decimal numbers 0-255 without leading zeros (no
     * shorthand forms such as {@code 10.1}, which {@link InetAddress} would read); IPv6 may embed IPv4 and may be in brackets, but not carry a
     * zone ({@code %eth0}).
     */
    public static Optional<InetAddress> parseAddress(String text) {
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            // No leading zeros: some readers take 010 for octal 8, so such text is ambiguous.
            if (value.matches("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}")) {
                byte[] bytes = new byte[4];
                String[] parts = value.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            // With a ':' in it, InetAddress reads the text as an IPv6 literal or fails: it never asks DNS.
            if (value.contains(":") && value.matches("[0-9A-Fa-f:.]+")) {
                return Optional.of(InetAddress.getByName(value));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && java.util.Arrays.equals(masked(bytes), network);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    private byte[] masked(byte[] bytes) {
        byte[] result = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefixLength - i * 8));
            int mask = bitsHere == 0 ? 0 : (0xFF << (8 - bitsHere)) & 0xFF;
            result[i] = (byte) (bytes[i] & mask);
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpNetwork that && prefixLength == that.prefixLength
                && java.util.Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixLength;
    }

    /** The canonical form, for example {@code 10.0.0.0/8} or {@code 0:0:0:0:0:0:0:1/128}. */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(masked(network)).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
