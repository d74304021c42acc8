package dev.hadirector;

import dev.hadirector.api.VirtualServer;
import java.util.List;

/**
 * One virtual server of a running director.
 *
 * @param spec        the virtual server as configured
 * @param inTable     whether the kernel's IPVS table holds the service
 * @param connections connections scheduled by the service
 * @param realServers its real servers in configuration order
 */
public record VirtualServerStatus(VirtualServer spec, boolean inTable, long connections,
                                  List<RealServerStatus> realServers) {
    public VirtualServerStatus {
        realServers = List.copyOf(realServers);
    }
}
