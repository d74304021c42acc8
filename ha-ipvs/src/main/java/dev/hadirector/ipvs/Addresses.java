package dev.hadirector.ipvs;

import dev.hadirector.api.AddressText;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Text and byte forms of addresses as IPVS and ipvsadm use them; never consults DNS. */
public final class Addresses {
    private Addresses() {
    }

    /** {@code 10.0.0.1:80} or {@code [2001:db8::1]:80}. */
    public static String endpoint(InetAddress address, int port) {
        return AddressText.endpoint(address, port);
    }

    /** Dotted quad, or RFC 5952 compressed IPv6 (as inet_ntop prints it). */
    public static String text(InetAddress address) {
        return AddressText.format(address);
    }

    /** The address of {@code family} in the first 4 or 16 bytes of {@code bytes}. */
    public static InetAddress fromBytes(int family, byte[] bytes, String what) {
        int length = family == Ipvs.AF_INET6 ? 16 : 4;
        if (bytes.length < length) {
            throw new IllegalArgumentException(what + ": address of " + bytes.length + " bytes, " + length + " needed");
        }
        byte[] exact = new byte[length];
        System.arraycopy(bytes, 0, exact, 0, length);
        try {
            return family == Ipvs.AF_INET6 ? Inet6Address.getByAddress(null, exact, null)
                    : InetAddress.getByAddress(exact);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** The 16-byte union nf_inet_addr form the kernel copies addresses from. */
    public static byte[] toInetAddrUnion(InetAddress address) {
        byte[] out = new byte[16];
        byte[] raw = address.getAddress();
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }

    /**
     * Parses a literal IPv4 dotted quad or IPv6 address (brackets allowed). Throws IllegalArgumentException
     * naming {@code field}.
     */
    public static InetAddress parse(String field, String text) {
        return AddressText.parse(field, text);
    }

    /** The IPv4 mask {@code 0xffffff00} as {@code 255.255.255.0}. */
    public static String ipv4Mask(int mask) {
        return ((mask >>> 24) & 0xff) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }
}
