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
        String where = "destination " + Addresses.endpoint(address, port);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(where + ": port " + port + " out of range: must be 0..65535");
        }
        if (forwarding == null) {
            throw new IllegalArgumentException(where + ": forwarding is null");
        }
        if (weight < 0) {
            throw new IllegalArgumentException(where + ": weight " + weight + " out of range: must be >= 0");
        }
        if (upperThreshold < 0 || lowerThreshold < 0) {
            throw new IllegalArgumentException(where + ": thresholds " + upperThreshold + "/" + lowerThreshold
                    + " out of range: must be >= 0");
        }
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
