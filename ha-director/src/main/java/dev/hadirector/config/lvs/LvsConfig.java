package dev.hadirector.config.lvs;

import dev.hadirector.api.VirtualServer;
import dev.hadirector.config.ConfigException;
import java.util.List;

/**
 * The virtual servers a configuration maps to, and those it could not map, each reported with file:line and the
 * field, value and rule.
 */
public record LvsConfig(List<VirtualServer> virtualServers, List<ConfigException> problems) {
    public LvsConfig {
        virtualServers = List.copyOf(virtualServers);
        problems = List.copyOf(problems);
    }

    /** The virtual servers, or the first problem: nothing half-applied. */
    public List<VirtualServer> orThrow() throws ConfigException {
        if (!problems.isEmpty()) {
            ConfigException first = problems.get(0);
            for (int i = 1; i < problems.size(); i++) {
                first.addSuppressed(problems.get(i));
            }
            throw first;
        }
        return virtualServers;
    }
}
