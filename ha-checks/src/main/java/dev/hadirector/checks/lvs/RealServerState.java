package dev.hadirector.checks.lvs;

import dev.hadirector.api.RealServer;
import dev.hadirector.checks.HealthState;

/**
 * One real server as the load balancer sees it now.
 *
 * @param health        UP when every check passes
 * @param weight        its weight in the desired table (0 when inhibited)
 * @param inTable       whether the desired table holds it
 * @param lastReason    the last check result that changed it ("" before any)
 */
public record RealServerState(RealServer spec, HealthState health, int weight, boolean inTable, String lastReason) {
}
