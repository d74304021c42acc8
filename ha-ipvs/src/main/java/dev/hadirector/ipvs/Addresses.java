package dev.hadirector.ipvs;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Text and byte forms of addresses as IPVS and ipvsadm use them; never consults DNS. */
public final class Addresses {
    private Addresses() {
    }

    /** {@code 10.0.0.1:80} or {@code [2001:db8::1]:80}. */
    public static String endpoint(InetAddress address, int port) {
        return (address instanceof Inet6Address ? "[" + text(address) + "]" : text(address)) + ":" + port;
    }

    /** Dotted quad, or RFC 5952 compressed IPv6 (as inet_ntop prints it). */
    public static String text(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] a = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        if (bestStart < 0) {
            for (int i = 0; i < 8; i++) {
                sb.append(i == 0 ? "" : ":").append(Integer.toHexString(words[i]));
            }
            return sb.toString();
        }
        for (int i = 0; i < bestStart; i++) {
            sb.append(i == 0 ? "" : ":").append(Integer.toHexString(words[i]));
        }
        sb.append("::");
        for (int i = bestStart + bestLength; i < 8; i++) {
            sb.append(i == bestStart + bestLength ? "" : ":").append(Integer.toHexString(words[i]));
        }
        return sb.toString();
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
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty: must be an IPv4 or IPv6 literal");
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (t.indexOf(':') >= 0) {
            if (!t.matches("[0-9A-Fa-f:.]+") || t.contains(":::")) {
                throw new IllegalArgumentException(field + " \"" + text + "\" is not an IPv6 literal");
            }
            try {
                InetAddress a = InetAddress.getByName(t);
                if (a instanceof Inet4Address) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
                    return Inet6Address.getByAddress(null, mapped, null);
                }
                return a;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(field + " \"" + text + "\" is not an IPv6 literal");
            }
        }
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(field + " \"" + text + "\" is not an IPv4 dotted quad or IPv6 literal");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
                throw new IllegalArgumentException(field + " \"" + text + "\": octet \"" + parts[i]
                        + "\" must be 0..255");
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(field + " \"" + text + "\": " + e.getMessage());
        }
    }

    /** The IPv4 mask {@code 0xffffff00} as {@code 255.255.255.0}. */
    public static String ipv4Mask(int mask) {
        return ((mask >>> 24) & 0xff) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }
}
