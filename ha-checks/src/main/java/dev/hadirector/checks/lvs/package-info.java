/**
 * keepalived's {@code virtual_server} semantics on top of the checks: {@link dev.hadirector.checks.lvs.LoadBalancer}
 * turns live check results into the desired IPVS table (failed real servers removed or inhibited at weight 0,
 * quorum with hysteresis, sorry server, notifiers, omega, ha_suspend) and applies it through a
 * {@link dev.hadirector.checks.lvs.TableWriter} such as the IPVS reconciler.
 */
package dev.hadirector.checks.lvs;
