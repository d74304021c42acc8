package dev.hadirector;

import dev.hadirector.alert.SmtpAlerts;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.vrrp.VrrpRouter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What a reload changes, worked out from the running specs and the new ones before anything is touched
 * (keepalived's reload semantics):
 * <ul>
 *   <li>a VRRP instance is matched by name; one whose spec is equal is <em>unchanged</em> and keeps running
 *       untouched; one that differs only in what can change on a running instance (priority, addresses,
 *       timers, preemption, trackers, notifiers...) is <em>updated</em> in place; one whose interface, VRID,
 *       version, address family, advert source or peers changed is <em>restarted</em> (stopped as on shutdown,
 *       then started as new); the others are <em>added</em> or <em>removed</em>;</li>
 *   <li>a sync group is rebuilt when it changed, is new, or has a member that is restarted, added or removed;
 *       an old group is dissolved when it changed, is gone, or is rebuilt;</li>
 *   <li>a virtual server is matched by its identity ({@code TCP 10.0.0.1:80}, {@code FWM 1}) and is unchanged,
 *       changed (its real servers listed as added, removed or changed), added or removed;</li>
 *   <li>the e-mail alert settings and the connection sync daemons ({@code lvs_sync_daemon}, with the sync id it
 *       takes effect with) are each unchanged, changed, added or removed as a whole.</li>
 * </ul>
 */
record ReloadPlan(List<VrrpInstance> unchanged, List<InstanceChange> updated, List<InstanceChange> restarted,
                  List<VrrpInstance> added, List<VrrpInstance> removed,
                  List<VrrpSyncGroup> groupsToDissolve, List<VrrpSyncGroup> groupsToBuild,
                  List<VirtualServer> virtualServersUnchanged, List<VirtualServerChange> virtualServersChanged,
                  List<VirtualServer> virtualServersAdded, List<VirtualServer> virtualServersRemoved,
                  Optional<SettingChange<SmtpAlerts>> smtpAlerts,
                  Optional<SettingChange<ConnectionSyncSetting>> connectionSync) {

    /** One instance before and after, with the fields that differ ({@code priority 150 -> 50}). */
    record InstanceChange(VrrpInstance from, VrrpInstance to, List<String> differences) {
        String name() {
            return to.name();
        }
    }

    /** One virtual server before and after, with what differs ({@code real server 10.0.0.3:80 added}). */
    record VirtualServerChange(VirtualServer from, VirtualServer to, List<String> differences) {
    }

    /**
     * A director-wide setting before and after, with what differs: empty {@code from} means it is added, empty
     * {@code to} that it is removed.
     */
    record SettingChange<T>(Optional<T> from, Optional<T> to, List<String> differences) {
        /** The change from {@code before} to {@code after} (null: none), or empty when they are equal. */
        static <T> Optional<SettingChange<T>> of(T before, T after, BiFunction<T, T, List<String>> differences) {
            if (Objects.equals(before, after)) {
                return Optional.empty();
            }
            List<String> d = before == null || after == null ? List.of() : differences.apply(before, after);
            return Optional.of(new SettingChange<>(Optional.ofNullable(before), Optional.ofNullable(after), d));
        }

        String describe(String what) {
            if (from.isEmpty()) {
                return what + " added";
            }
            if (to.isEmpty()) {
                return what + " removed";
            }
            return what + " changed: " + String.join(", ", differences);
        }
    }

    /**
     * This plan with the director-wide settings compared too: the e-mail alerts and the connection sync
     * (each null when not configured).
     */
    ReloadPlan withSettings(SmtpAlerts alertsBefore, SmtpAlerts alertsAfter, ConnectionSyncSetting syncBefore,
                            ConnectionSyncSetting syncAfter) {
        return new ReloadPlan(unchanged, updated, restarted, added, removed, groupsToDissolve, groupsToBuild,
                virtualServersUnchanged, virtualServersChanged, virtualServersAdded, virtualServersRemoved,
                SettingChange.of(alertsBefore, alertsAfter, ReloadPlan::differences),
                SettingChange.of(syncBefore, syncAfter, (b, a) -> a.differencesFrom(b)));
    }

    static ReloadPlan between(List<VrrpInstance> oldInstances, List<VrrpSyncGroup> oldGroups,
                              List<VirtualServer> oldServers, List<VrrpInstance> newInstances,
                              List<VrrpSyncGroup> newGroups, List<VirtualServer> newServers) {
        Map<String, VrrpInstance> before = new LinkedHashMap<>();
        oldInstances.forEach(i -> before.put(i.name(), i));
        List<VrrpInstance> unchanged = new ArrayList<>();
        List<InstanceChange> updated = new ArrayList<>();
        List<InstanceChange> restarted = new ArrayList<>();
        List<VrrpInstance> added = new ArrayList<>();
        for (VrrpInstance next : newInstances) {
            VrrpInstance prev = before.remove(next.name());
            if (prev == null) {
                added.add(next);
            } else if (prev.equals(next)) {
                unchanged.add(next);
            } else {
                InstanceChange change = new InstanceChange(prev, next, differences(prev, next));
                if (VrrpRouter.inPlaceRefusal(prev, next) == null) {
                    updated.add(change);
                } else {
                    restarted.add(change);
                }
            }
        }
        List<VrrpInstance> removed = List.copyOf(before.values());

        Set<String> replacedMembers = new LinkedHashSet<>();
        restarted.forEach(c -> replacedMembers.add(c.name()));
        added.forEach(i -> replacedMembers.add(i.name()));
        removed.forEach(i -> replacedMembers.add(i.name()));
        Map<String, VrrpSyncGroup> oldByName = new LinkedHashMap<>();
        oldGroups.forEach(g -> oldByName.put(g.name(), g));
        List<VrrpSyncGroup> toBuild = new ArrayList<>();
        Set<String> builtNames = new LinkedHashSet<>();
        for (VrrpSyncGroup g : newGroups) {
            VrrpSyncGroup prev = oldByName.get(g.name());
            if (prev == null || !prev.equals(g) || g.members().stream().anyMatch(replacedMembers::contains)) {
                toBuild.add(g);
                builtNames.add(g.name());
            }
        }
        Set<String> newNames = new LinkedHashSet<>();
        newGroups.forEach(g -> newNames.add(g.name()));
        List<VrrpSyncGroup> toDissolve = new ArrayList<>();
        for (VrrpSyncGroup g : oldGroups) {
            if (!newNames.contains(g.name()) || builtNames.contains(g.name())
                    || g.members().stream().anyMatch(replacedMembers::contains)) {
                toDissolve.add(g);
            }
        }

        Map<String, VirtualServer> vsBefore = new LinkedHashMap<>();
        oldServers.forEach(v -> vsBefore.put(v.toString(), v));
        List<VirtualServer> vsUnchanged = new ArrayList<>();
        List<VirtualServerChange> vsChanged = new ArrayList<>();
        List<VirtualServer> vsAdded = new ArrayList<>();
        for (VirtualServer next : newServers) {
            VirtualServer prev = vsBefore.remove(next.toString());
            if (prev == null) {
                vsAdded.add(next);
            } else if (prev.equals(next)) {
                vsUnchanged.add(next);
            } else {
                vsChanged.add(new VirtualServerChange(prev, next, differences(prev, next)));
            }
        }
        return new ReloadPlan(List.copyOf(unchanged), List.copyOf(updated), List.copyOf(restarted),
                List.copyOf(added), removed, List.copyOf(toDissolve), List.copyOf(toBuild), List.copyOf(vsUnchanged),
                List.copyOf(vsChanged), List.copyOf(vsAdded), List.copyOf(vsBefore.values()), Optional.empty(),
                Optional.empty());
    }

    /** True when the new configuration is the running one. */
    boolean isEmpty() {
        return updated.isEmpty() && restarted.isEmpty() && added.isEmpty() && removed.isEmpty()
                && groupsToDissolve.isEmpty() && groupsToBuild.isEmpty() && virtualServersChanged.isEmpty()
                && virtualServersAdded.isEmpty() && virtualServersRemoved.isEmpty() && smtpAlerts.isEmpty()
                && connectionSync.isEmpty();
    }

    /** One line per change, in a stable order, for the log and {@link ReloadSummary}. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (InstanceChange c : updated) {
            lines.add("VRRP instance " + c.name() + " updated: " + String.join(", ", c.differences()));
        }
        for (InstanceChange c : restarted) {
            lines.add("VRRP instance " + c.name() + " restarted: " + String.join(", ", c.differences()));
        }
        added.forEach(i -> lines.add("VRRP instance " + i.name() + " added"));
        removed.forEach(i -> lines.add("VRRP instance " + i.name() + " removed"));
        groupsToDissolve.stream().filter(g -> groupsToBuild.stream().noneMatch(n -> n.name().equals(g.name())))
                .forEach(g -> lines.add("sync group " + g.name() + " removed"));
        for (VrrpSyncGroup g : groupsToBuild) {
            boolean existed = groupsToDissolve.stream().anyMatch(o -> o.name().equals(g.name()));
            lines.add("sync group " + g.name() + (existed ? " rebuilt with " : " added with ") + g.members());
        }
        for (VirtualServerChange c : virtualServersChanged) {
            lines.add("virtual server " + c.to() + " changed: " + String.join(", ", c.differences()));
        }
        virtualServersAdded.forEach(v -> lines.add("virtual server " + v + " added"));
        virtualServersRemoved.forEach(v -> lines.add("virtual server " + v + " removed"));
        smtpAlerts.ifPresent(c -> lines.add(c.describe("SMTP alerts")));
        connectionSync.ifPresent(c -> lines.add(c.describe(c.to().or(c::from).orElseThrow().toString())));
        return lines;
    }

    /** The record components that differ, as {@code name old -> new} (lists as what was added and removed). */
    static List<String> differences(Record before, Record after) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : before.getClass().getRecordComponents()) {
            Object a = value(c, before);
            Object b = value(c, after);
            if (Objects.equals(a, b)) {
                continue;
            }
            if (c.getName().equals("authPass")) {
                out.add("authPass changed"); // a password does not go into logs
            } else if (a instanceof Collection<?> ca && b instanceof Collection<?> cb) {
                out.add(c.getName() + " " + collectionDelta(ca, cb));
            } else {
                out.add(c.getName() + " " + a + " -> " + b);
            }
        }
        return out;
    }

    /** Real servers are told apart by address and port; the rest as whole values. */
    private static List<String> differences(VirtualServer before, VirtualServer after) {
        List<String> out = new ArrayList<>();
        for (String d : differences((Record) before, (Record) after)) {
            if (!d.startsWith("realServers ")) {
                out.add(d);
            }
        }
        Map<String, RealServer> old = new LinkedHashMap<>();
        before.realServers().forEach(r -> old.put(r.toString(), r));
        for (RealServer r : after.realServers()) {
            RealServer prev = old.remove(r.toString());
            if (prev == null) {
                out.add("real server " + r + " added");
            } else if (!prev.equals(r)) {
                out.add("real server " + r + " changed: " + String.join(", ", differences(prev, r)));
            }
        }
        old.keySet().forEach(r -> out.add("real server " + r + " removed"));
        return out;
    }

    private static String collectionDelta(Collection<?> before, Collection<?> after) {
        List<Object> plus = after.stream().filter(x -> !before.contains(x)).map(x -> (Object) x).toList();
        List<Object> minus = before.stream().filter(x -> !after.contains(x)).map(x -> (Object) x).toList();
        if (plus.isEmpty() && minus.isEmpty()) {
            return "reordered";
        }
        StringBuilder s = new StringBuilder();
        if (!plus.isEmpty()) {
            s.append("+").append(plus);
        }
        if (!minus.isEmpty()) {
            s.append(s.isEmpty() ? "" : " ").append("-").append(minus);
        }
        return s.toString();
    }

    private static Object value(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }
}
