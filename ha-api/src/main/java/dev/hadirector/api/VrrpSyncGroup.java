package dev.hadirector.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * keepalived's {@code vrrp_sync_group}: instances that change state together. When one member goes to
 * FAULT all members go to FAULT; when one becomes MASTER the others become MASTER; when one leaves MASTER
 * for BACKUP the others follow.
 *
 * @param name      the group name
 * @param members   the names of the member instances (at least one, no duplicates)
 * @param listeners listeners told of each member transition caused by the group
 */
public record VrrpSyncGroup(String name, List<String> members, List<VrrpTransitionListener> listeners) {
    public VrrpSyncGroup {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("sync group name '" + name + "' invalid: must not be blank");
        }
        members = List.copyOf(members);
        listeners = List.copyOf(listeners);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("sync group " + name + ": group empty: must list at least one instance");
        }
        Set<String> seen = new HashSet<>();
        for (String m : members) {
            if (!seen.add(Objects.requireNonNull(m, "member"))) {
                throw new IllegalArgumentException("sync group " + name + ": member " + m + " listed twice");
            }
        }
    }

    public static VrrpSyncGroup of(String name, String... members) {
        return new VrrpSyncGroup(name, List.of(members), new ArrayList<>());
    }
}
