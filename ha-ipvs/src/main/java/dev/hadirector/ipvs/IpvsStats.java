package dev.hadirector.ipvs;

/** The kernel's counters (64-bit, from IPVS_*_ATTR_STATS64) and rates of a service or destination. */
public record IpvsStats(long connections, long inPackets, long outPackets, long inBytes, long outBytes,
                        long connectionsPerSecond, long inPacketsPerSecond, long outPacketsPerSecond,
                        long inBytesPerSecond, long outBytesPerSecond) {
    public static final IpvsStats ZERO = new IpvsStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
