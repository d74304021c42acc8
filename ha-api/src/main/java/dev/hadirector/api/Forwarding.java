package dev.hadirector.api;

/**
 * How IPVS hands a connection to a real server: masquerading (NAT), direct routing, tunnelling (with the
 * tunnel's encapsulation and checksum options) or the local node.
 */
public record Forwarding(Method method, TunnelType tunnelType, int tunnelPort, TunnelChecksum tunnelChecksum) {

    public static final Forwarding MASQUERADE = new Forwarding(Method.MASQUERADE, TunnelType.IPIP, 0,
            TunnelChecksum.NONE);
    public static final Forwarding DIRECT_ROUTE = new Forwarding(Method.DIRECT_ROUTE, TunnelType.IPIP, 0,
            TunnelChecksum.NONE);
    public static final Forwarding LOCAL = new Forwarding(Method.LOCAL, TunnelType.IPIP, 0, TunnelChecksum.NONE);
    /** IP-in-IP tunnelling, the classic LVS/TUN. */
    public static final Forwarding TUNNEL = new Forwarding(Method.TUNNEL, TunnelType.IPIP, 0, TunnelChecksum.NONE);

    public enum Method { MASQUERADE, DIRECT_ROUTE, TUNNEL, LOCAL }

    public enum TunnelType { IPIP, GUE, GRE }

    public enum TunnelChecksum { NONE, CHECKSUM, REMOTE_CHECKSUM }

    public Forwarding {
        if (method == null) {
            throw new IllegalArgumentException("forwarding method is null: must be one of MASQUERADE, "
                    + "DIRECT_ROUTE, TUNNEL, LOCAL");
        }
        if (tunnelType == null || tunnelChecksum == null) {
            throw new IllegalArgumentException("forwarding " + method + ": tunnel type and checksum must not be null");
        }
        if (method != Method.TUNNEL && (tunnelType != TunnelType.IPIP || tunnelPort != 0
                || tunnelChecksum != TunnelChecksum.NONE)) {
            throw new IllegalArgumentException("forwarding " + method
                    + ": tunnel type, port and checksum apply only to TUNNEL");
        }
        if (tunnelType == TunnelType.GUE) {
            if (tunnelPort < 1 || tunnelPort > 65535) {
                throw new IllegalArgumentException("tunnelPort " + tunnelPort + " out of range: a GUE tunnel "
                        + "needs a port 1..65535");
            }
        } else if (tunnelPort != 0) {
            throw new IllegalArgumentException("tunnelPort " + tunnelPort + " is not allowed: only a GUE tunnel "
                    + "has a port");
        }
        if (tunnelType == TunnelType.IPIP && tunnelChecksum != TunnelChecksum.NONE) {
            throw new IllegalArgumentException("tunnelChecksum " + tunnelChecksum
                    + " is not allowed: an IPIP tunnel has no checksum option (use GUE or GRE)");
        }
    }

    /** A tunnel of {@code type}; {@code port} is the GUE destination port (0 for IPIP and GRE). */
    public static Forwarding tunnel(TunnelType type, int port, TunnelChecksum checksum) {
        return new Forwarding(Method.TUNNEL, type, port, checksum);
    }
}
