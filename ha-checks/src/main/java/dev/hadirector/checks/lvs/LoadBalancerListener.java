package dev.hadirector.checks.lvs;

import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;

/**
 * Hears what the checks do to the pools. Called on the load balancer's event loop, one event at a time; it
 * must not block (hand long work to another thread).
 */
public interface LoadBalancerListener {

    default void onRealServerUp(RealServerEvent event) {
    }

    default void onRealServerDown(RealServerEvent event) {
    }

    default void onQuorumLost(QuorumEvent event) {
    }

    default void onQuorumRegained(QuorumEvent event) {
    }

    /**
     * A real server changed between up and down.
     *
     * @param weight the weight it now has in the table (0 when down, whether inhibited or removed)
     * @param reason the check result that caused it
     */
    record RealServerEvent(VirtualServer virtualServer, RealServer realServer, boolean up, int weight,
                           String reason) {
    }

    /** A virtual server's live weight crossed its quorum. */
    record QuorumEvent(VirtualServer virtualServer, boolean quorumUp, long liveWeight, int quorum, int hysteresis) {
    }
}
