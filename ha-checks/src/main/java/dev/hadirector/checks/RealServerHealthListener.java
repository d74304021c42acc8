package dev.hadirector.checks;

/**
 * Hears the results of health checks per real server. The director connects this to the IPVS
 * weights (inhibit_on_failure, quorum, sorry server). Called on the scheduler's thread, one event
 * at a time; it must not block.
 */
@FunctionalInterface
public interface RealServerHealthListener {

    void onHealthEvent(HealthEvent event);
}
