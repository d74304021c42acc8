package dev.hadirector.ipvs;

/** A destination read from the kernel with its connection counts and statistics. */
public record IpvsDestinationEntry(IpvsDestination destination, int activeConnections, int inactiveConnections,
                                   int persistentConnections, IpvsStats stats) {
}
