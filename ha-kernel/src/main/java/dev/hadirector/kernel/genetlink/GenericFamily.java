package dev.hadirector.kernel.genetlink;

import java.util.Map;
import java.util.Optional;

/** A generic netlink family as the controller describes it: id, version, multicast groups. */
public record GenericFamily(String name, int id, int version, int headerSize, int maxAttribute,
                            Map<String, Integer> multicastGroups) {

    public GenericFamily {
        multicastGroups = Map.copyOf(multicastGroups);
    }

    public Optional<Integer> multicastGroup(String group) {
        return Optional.ofNullable(multicastGroups.get(group));
    }
}
