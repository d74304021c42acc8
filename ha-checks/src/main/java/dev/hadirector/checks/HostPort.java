package dev.hadirector.checks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Formats addresses the way people read them: 10.0.0.1:80 and [2001:db8::1]:80. */
public final class HostPort {

    private HostPort() {
    }

    public static String format(InetAddress address, int port) {
        String host = address.getHostAddress();
        int zone = host.indexOf('%');
        if (address instanceof Inet6Address) {
            return "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]:" + port;
        }
        return host + ":" + port;
    }

    public static String format(InetSocketAddress address) {
        return format(address.getAddress(), address.getPort());
    }
}
