package dev.hadirector;

import dev.hadirector.api.RealServer;

/**
 * One real server of a running virtual server, as the director sees it now.
 *
 * @param spec                the real server as configured
 * @param health              what its health checks say
 * @param inTable             whether the kernel's IPVS table holds it
 * @param weight              its weight in the kernel's table (0 when absent)
 * @param activeConnections   IPVS active connections
 * @param inactiveConnections IPVS inactive connections
 * @param connections         connections scheduled to it since it was added
 * @param inBytes             bytes in
 * @param outBytes            bytes out
 */
public record RealServerStatus(RealServer spec, Health health, boolean inTable, int weight, int activeConnections,
                               int inactiveConnections, long connections, long inBytes, long outBytes) {
    /** The verdict of the health checks of a real server. */
    public enum Health {
        /** The server has no health check, so it is always in the table. */
        UNCHECKED,
        UP,
        DOWN
    }
}
