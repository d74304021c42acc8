package dev.hadirector.kernel.rtnetlink;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP address literals without ever asking DNS (InetAddress.getByName would for a name). */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** An IPv4 dotted quad or an IPv6 literal; anything else is an error naming the text. */
    public static InetAddress parse(String text) {
        if (text.indexOf(':') >= 0) {
            try {
                // A string with ':' is taken as an IPv6 literal and never resolved.
                return InetAddress.getByName(text.startsWith("[") ? text : "[" + text + "]");
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("address \"" + text + "\" is not a valid IPv6 literal");
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("address \"" + text + "\" is not an IPv4 dotted quad or IPv6 literal");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("address \"" + text + "\": part \"" + p + "\" must be 0..255");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("address \"" + text + "\": part " + v + " must be 0..255");
            }
            bytes[i] = (byte) v;
        }
        return fromBytes(bytes);
    }

    /** An address from 4 or 16 raw bytes. */
    public static InetAddress fromBytes(byte[] bytes) {
        try {
            if (bytes.length == 16) {
                // getByAddress would turn an IPv4-mapped IPv6 address into an Inet4Address.
                return java.net.Inet6Address.getByAddress(null, bytes, -1);
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + bytes.length + " bytes: must be 4 or 16");
        }
    }
}
