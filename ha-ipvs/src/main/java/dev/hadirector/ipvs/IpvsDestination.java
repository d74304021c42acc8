package dev.hadirector.ipvs;

import dev.hadirector.api.Forwarding;
import java.net.Inet6Address;
import java.net.InetAddress;

/** A destination (real server) of a service as the kernel holds it. */
public record IpvsDestination(InetAddress address, int port, Forwarding forwarding, int weight,
                              int upperThreshold, int lowerThreshold) {

    public IpvsDestination {
        if (address == null) {
            throw new IllegalArgumentException("destination address is null");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(where(address, port) + ": port " + port + " out of range: must be 0..65535");
        }
        if (forwarding == null) {
            throw new IllegalArgumentException(where(address, port) + ": forwarding is null");
        }
        if (weight < 0) {
            throw new IllegalArgumentException(where(address, port) + ": weight " + weight + " out of range: must be >= 0");
        }
        if (upperThreshold < 0 || lowerThreshold < 0) {
            throw new IllegalArgumentException(where(address, port) + ": thresholds " + upperThreshold + "/"
                    + lowerThreshold + " out of range: must be >= 0");
        }
    }

    /** Built only for an error: a restore or a dump creates tens of thousands of destinations. */
    private static String where(InetAddress address, int port) {
        return "destination " + Addresses.endpoint(address, port);
    }

    public static IpvsDestination of(InetAddress address, int port, Forwarding forwarding, int weight) {
        return new IpvsDestination(address, port, forwarding, weight, 0, 0);
    }

    public boolean ipv6() {
        return address instanceof Inet6Address;
    }

    public int family() {
        return ipv6() ? Ipvs.AF_INET6 : Ipvs.AF_INET;
    }

    /** Address and port: the destination's identity within its service. */
    public String endpoint() {
        return Addresses.endpoint(address, port);
    }

    public IpvsDestination withWeight(int w) {
        return new IpvsDestination(address, port, forwarding, w, upperThreshold, lowerThreshold);
    }

    @Override
    public String toString() {
        return endpoint();
    }
}
