package dev.hadirector.config.vrrp;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.config.ConfigException;
import dev.hadirector.vrrp.kernel.AcceptModeFirewallSettings;
import java.util.List;
import java.util.Optional;

/**
 * The VRRP part of a keepalived.conf, mapped.
 *
 * @param instances  every {@code vrrp_instance}, in file order, with its notify programs as listeners
 * @param syncGroups every {@code vrrp_sync_group}
 * @param routerId   {@code global_defs router_id}, if set
 * @param firewall   where no_accept instances put their nf_tables rules ({@code nftables}, {@code nftables_priority})
 * @param problems   every refusal, each {@code file:line: problem}; when not empty, nothing may run
 */
public record VrrpConfig(List<VrrpInstance> instances, List<VrrpSyncGroup> syncGroups, Optional<String> routerId,
                         AcceptModeFirewallSettings firewall, List<ConfigException> problems) {
    public VrrpConfig {
        java.util.Objects.requireNonNull(firewall, "firewall");
        instances = List.copyOf(instances);
        syncGroups = List.copyOf(syncGroups);
        problems = List.copyOf(problems);
    }

    /** The instances, or the first problem (its message lists every other one too). */
    public List<VrrpInstance> orThrow() throws ConfigException {
        if (problems.isEmpty()) {
            return instances;
        }
        ConfigException first = problems.get(0);
        if (problems.size() == 1) {
            throw first;
        }
        StringBuilder all = new StringBuilder(first.problem());
        for (ConfigException p : problems.subList(1, problems.size())) {
            all.append("\n").append(p.getMessage());
        }
        throw new ConfigException(first.location(), all.toString());
    }
}
