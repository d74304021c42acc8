package dev.hadirector;

import dev.hadirector.api.AddressText;
import dev.hadirector.api.ConnectionSync;
import dev.hadirector.api.VrrpInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * keepalived's {@code lvs_sync_daemon} as a director runs it: the spec and the sync id it takes effect with (its
 * own, else the followed instance's virtual router id, else 0). Two settings are the same daemons only when both
 * parts are equal: a followed instance whose VRID changes changes the sync id.
 */
record ConnectionSyncSetting(ConnectionSync spec, int syncId) {

    ConnectionSyncSetting {
        Objects.requireNonNull(spec, "spec");
    }

    /** The setting {@code spec} takes among {@code instances} (the director's, by name). */
    static ConnectionSyncSetting of(ConnectionSync spec, List<VrrpInstance> instances) {
        OptionalInt vrid = spec.instance().flatMap(name -> instances.stream()
                        .filter(i -> i.name().equals(name)).findFirst())
                .map(i -> OptionalInt.of(i.virtualRouterId())).orElse(OptionalInt.empty());
        return new ConnectionSyncSetting(spec, spec.effectiveSyncId(vrid));
    }

    /** What differs from {@code before}, as {@code field old -> new}. */
    List<String> differencesFrom(ConnectionSyncSetting before) {
        List<String> out = new ArrayList<>(ReloadPlan.differences(before.spec, spec));
        if (before.syncId != syncId && !out.stream().anyMatch(d -> d.startsWith("syncId "))) {
            out.add("effective syncId " + before.syncId + " -> " + syncId);
        }
        return out;
    }

    @Override
    public String toString() {
        return "connection sync on " + spec.iface() + " (syncid " + syncId + spec.instance().map(i -> ", following "
                + i).orElse("") + spec.group().map(g -> ", group " + AddressText.format(g)).orElse("") + ")";
    }
}
