package dev.hadirector.api;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Addresses as text, one way for the whole project: literals only (never a DNS lookup), and the canonical
 * forms ipvsadm, keepalived and people print — dotted quad, RFC 5952 IPv6 ({@code 2001:db8::1}), endpoints
 * {@code 10.0.0.1:80} and {@code [2001:db8::1]:80}.
 */
public final class AddressText {
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern OCTET = Pattern.compile("[0-9]{1,3}");

    private AddressText() {
    }

    /** Dotted quad, or RFC 5952 text of an IPv6 address (the longest run of two or more zero groups as ::). */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
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
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /** {@code 10.0.0.1:80} or {@code [2001:db8::1]:80}. */
    public static String endpoint(InetAddress address, int port) {
        return (address instanceof Inet6Address ? "[" + format(address) + "]" : format(address)) + ":" + port;
    }

    /**
     * Parses a literal IPv4 dotted quad or IPv6 address (brackets allowed; an IPv4-mapped literal stays IPv6).
     * Throws IllegalArgumentException naming {@code field}, the text and the rule.
     */
    public static InetAddress parse(String field, String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty: must be an IPv4 or IPv6 literal");
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (t.indexOf(':') >= 0) {
            if (!IPV6_CHARACTERS.matcher(t).matches() || t.contains(":::")) {
                throw new IllegalArgumentException(field + " \"" + text + "\" is not an IPv6 literal");
            }
            try {
                // Text with ':' is an IPv6 literal to the JDK, which never resolves it by DNS.
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
            if (!OCTET.matcher(parts[i]).matches() || Integer.parseInt(parts[i]) > 255) {
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
}
