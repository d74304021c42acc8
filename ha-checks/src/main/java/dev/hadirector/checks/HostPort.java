package dev.hadirector.checks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Formats addresses the way people read them: 10.0.0.1:80 and [2001:db8::1]:80. */
public final class HostPort {

    private HostPort() {
    }

    public static String format(InetAddress address, int port) {
        if (address instanceof Inet6Address) {
            return "[" + address(address) + "]:" + port;
        }
        return address.getHostAddress() + ":" + port;
    }

    /** The address in its canonical text: dotted quad, or RFC 5952 for IPv6 (::1, 2001:db8::1). */
    public static String address(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    public static String format(InetSocketAddress address) {
        return format(address.getAddress(), address.getPort());
    }
}
