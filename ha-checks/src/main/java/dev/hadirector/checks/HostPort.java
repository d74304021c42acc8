package dev.hadirector.checks;

import dev.hadirector.api.AddressText;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Formats addresses the way people read them: 10.0.0.1:80 and [2001:db8::1]:80. */
public final class HostPort {

    private HostPort() {
    }

    public static String format(InetAddress address, int port) {
        return AddressText.endpoint(address, port);
    }

    /** The address in its canonical text: dotted quad, or RFC 5952 for IPv6 (::1, 2001:db8::1). */
    public static String address(InetAddress address) {
        return AddressText.format(address);
    }

    public static String format(InetSocketAddress address) {
        return format(address.getAddress(), address.getPort());
    }
}
