package dev.hadirector.checks.lvs;

import dev.hadirector.api.VirtualServer;
import java.util.List;

/**
 * One virtual server as the load balancer sees it now.
 *
 * @param liveWeight  the sum of the weights of its live real servers
 * @param quorumUp    whether that weight holds the quorum (with hysteresis)
 * @param sorryActive whether the sorry server replaces the pool
 * @param suspended   whether its checks are paused (ha_suspend while not master)
 */
public record VirtualServerState(VirtualServer spec, long liveWeight, boolean quorumUp, boolean sorryActive,
                                 boolean suspended, List<RealServerState> realServers) {
    public VirtualServerState {
        realServers = List.copyOf(realServers);
    }
}
