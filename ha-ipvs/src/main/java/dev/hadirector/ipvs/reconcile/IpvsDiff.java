package dev.hadirector.ipvs.reconcile;

import dev.hadirector.ipvs.Addresses;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsDestinationEntry;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Computes the minimal change list between a desired and an actual table. Everything but a service's or a
 * destination's identity can be edited in place (scheduler, flags, persistence, engine; forwarding, weight,
 * thresholds, tunnel), so nothing is deleted and re-added when an edit does: that would drop its connections.
 *
 * <p>Order: services no longer wanted are deleted first, then per service: add or edit the service, delete
 * its unwanted destinations, edit the changed ones, add the missing ones.
 */
public final class IpvsDiff {
    private IpvsDiff() {
    }

    /**
     * @param desired  what the kernel should hold
     * @param actual   what it holds
     * @param released services managed before and wanted no more: deleted if the kernel still has them.
     *                 Services neither desired nor released are not ours and are left alone.
     */
    public static ReconcilePlan plan(Collection<DesiredService> desired, IpvsTable actual, Set<ServiceKey> released) {
        Map<ServiceKey, DesiredService> current = new HashMap<>();
        for (IpvsTable.Service s : actual.services()) {
            current.put(s.service().key(), held(s));
        }
        return plan(desired, current::get, released);
    }

    /** A service the kernel holds, in the terms of a desired one (statistics dropped). */
    public static DesiredService held(IpvsTable.Service s) {
        List<IpvsDestination> dests = new ArrayList<>(s.destinations().size());
        for (IpvsDestinationEntry e : s.destinations()) {
            dests.add(e.destination());
        }
        return new DesiredService(s.service(), dests);
    }

    /**
     * As {@link #plan(Collection, IpvsTable, Set)}, with the kernel's side given as a lookup: {@code actual}
     * returns what the kernel holds for a key, or null when it holds no such service.
     */
    public static ReconcilePlan plan(Collection<DesiredService> desired, Function<ServiceKey, DesiredService> actual,
                                     Collection<ServiceKey> released) {
        List<IpvsOperation> ops = new ArrayList<>();
        List<Difference> diffs = new ArrayList<>();
        if (!released.isEmpty()) {
            Set<ServiceKey> wanted = new HashSet<>();
            desired.forEach(d -> wanted.add(d.service().key()));
            for (ServiceKey key : released) {
                if (!wanted.contains(key) && actual.apply(key) != null) {
                    ops.add(new IpvsOperation.DeleteService(key));
                    diffs.add(new Difference(Difference.Kind.SERVICE_UNWANTED, key, null, null));
                }
            }
        }
        for (DesiredService want : desired) {
            ServiceKey key = want.service().key();
            DesiredService have = actual.apply(key);
            if (have == null) {
                ops.add(new IpvsOperation.AddService(want.service()));
                diffs.add(new Difference(Difference.Kind.SERVICE_MISSING, key, null, null));
                for (IpvsDestination d : want.destinations()) {
                    ops.add(new IpvsOperation.AddDestination(key, d));
                }
                continue;
            }
            if (have.equals(want)) {
                continue; // the common case of a large table: nothing to compare field by field
            }
            String serviceChange = serviceDifference(want.service(), have.service());
            if (serviceChange != null) {
                ops.add(new IpvsOperation.EditService(want.service()));
                diffs.add(new Difference(Difference.Kind.SERVICE_CHANGED, key, null, serviceChange));
            }
            Map<String, IpvsDestination> haveDests = new LinkedHashMap<>();
            for (IpvsDestination d : have.destinations()) {
                haveDests.put(d.endpoint(), d);
            }
            Map<String, IpvsDestination> wantDests = new LinkedHashMap<>();
            for (IpvsDestination d : want.destinations()) {
                wantDests.put(d.endpoint(), d);
            }
            for (IpvsDestination d : haveDests.values()) {
                if (!wantDests.containsKey(d.endpoint())) {
                    ops.add(new IpvsOperation.DeleteDestination(key, d));
                    diffs.add(new Difference(Difference.Kind.DESTINATION_UNWANTED, key, d.endpoint(), null));
                }
            }
            List<IpvsOperation> adds = new ArrayList<>();
            for (IpvsDestination d : wantDests.values()) {
                IpvsDestination h = haveDests.get(d.endpoint());
                if (h == null) {
                    adds.add(new IpvsOperation.AddDestination(key, d));
                    diffs.add(new Difference(Difference.Kind.DESTINATION_MISSING, key, d.endpoint(), null));
                } else {
                    String change = destinationDifference(d, h);
                    if (change != null) {
                        ops.add(new IpvsOperation.EditDestination(key, d));
                        diffs.add(new Difference(Difference.Kind.DESTINATION_CHANGED, key, d.endpoint(), change));
                    }
                }
            }
            ops.addAll(adds);
        }
        return new ReconcilePlan(ops, diffs);
    }

    /** What differs between two versions of one service, or null when nothing does. */
    static String serviceDifference(IpvsService want, IpvsService have) {
        List<String> parts = new ArrayList<>();
        if (!want.scheduler().equals(have.scheduler())) {
            parts.add("scheduler " + have.scheduler() + " -> " + want.scheduler());
        }
        if (want.flags() != have.flags()) {
            parts.add("flags 0x" + Integer.toHexString(have.flags()) + " -> 0x" + Integer.toHexString(want.flags()));
        }
        // The kernel keeps timeout and netmask of non-persistent services, but they mean nothing there.
        if (want.persistent() || have.persistent()) {
            if (want.timeout() != have.timeout()) {
                parts.add("persistence timeout " + have.timeout() + " -> " + want.timeout());
            }
            if (want.netmask() != have.netmask()) {
                parts.add("netmask " + mask(have) + " -> " + mask(want));
            }
        }
        if (!java.util.Objects.equals(want.persistenceEngine(), have.persistenceEngine())) {
            parts.add("persistence engine " + have.persistenceEngine() + " -> " + want.persistenceEngine());
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static String mask(IpvsService s) {
        return s.key().ipv6() ? Integer.toString(s.netmask()) : Addresses.ipv4Mask(s.netmask());
    }

    static String destinationDifference(IpvsDestination want, IpvsDestination have) {
        List<String> parts = new ArrayList<>();
        if (!want.forwarding().equals(have.forwarding())) {
            parts.add("forwarding " + have.forwarding() + " -> " + want.forwarding());
        }
        if (want.weight() != have.weight()) {
            parts.add("weight " + have.weight() + " -> " + want.weight());
        }
        if (want.upperThreshold() != have.upperThreshold() || want.lowerThreshold() != have.lowerThreshold()) {
            parts.add("thresholds " + have.upperThreshold() + "/" + have.lowerThreshold() + " -> "
                    + want.upperThreshold() + "/" + want.lowerThreshold());
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }
}
