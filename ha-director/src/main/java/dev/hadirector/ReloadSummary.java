package dev.hadirector;

import java.util.List;

/**
 * What a {@link Director#reload} changed, one line per change, e.g. {@code VRRP instance VI_1 updated:
 * priority 150 -> 50}, {@code virtual server TCP 10.0.0.1:80 changed: real server 10.0.0.3:80 added}.
 * Everything not listed kept running untouched.
 *
 * @param changes the changes applied, in the order VRRP instances, sync groups, virtual servers
 */
public record ReloadSummary(List<String> changes) {
    public ReloadSummary {
        changes = List.copyOf(changes);
    }

    /** True when the new configuration equalled the running one and nothing was touched. */
    public boolean unchanged() {
        return changes.isEmpty();
    }

    @Override
    public String toString() {
        return changes.isEmpty() ? "reload: no change" : "reload: " + String.join("; ", changes);
    }
}
