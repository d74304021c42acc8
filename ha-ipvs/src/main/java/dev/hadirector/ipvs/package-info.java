/**
 * The kernel's IPVS generic netlink family: {@link dev.hadirector.ipvs.IpvsClient} (services, destinations,
 * statistics, sync daemons, timeouts, info), its kernel-exact model ({@link dev.hadirector.ipvs.IpvsService},
 * {@link dev.hadirector.ipvs.IpvsDestination}) and codec. Sub-packages: {@code text} (ipvsadm formats),
 * {@code reconcile} (desired-state reconciler), {@code cli} (the ipvs command).
 */
package dev.hadirector.ipvs;
