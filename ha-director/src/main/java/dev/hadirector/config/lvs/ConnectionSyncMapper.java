package dev.hadirector.config.lvs;

import dev.hadirector.api.ConnectionSync;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigNode;
import dev.hadirector.config.ConfigTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps keepalived.conf's IPVS sync daemon onto a {@link ConnectionSync}: {@code global_defs}
 * {@code lvs_sync_daemon INTERFACE [[inst] VRRP_INSTANCE] [id SYNC_ID] [maxlen LEN] [port PORT] [ttl TTL]
 * [group IP]}, and the pre-2.0 {@code lvs_sync_daemon_interface INTERFACE} inside a {@code vrrp_instance} (which
 * follows that instance). keepalived keeps the first and ignores later ones with an error; the director refuses a
 * second one instead, so the file means one thing.
 */
public final class ConnectionSyncMapper {
    private static final Set<String> OPTIONS = Set.of("inst", "id", "maxlen", "port", "ttl", "group");

    private ConnectionSyncMapper() {
    }

    /** The sync daemon the file asks for, if any. */
    public static Optional<ConnectionSync> map(ConfigTree tree) throws ConfigException {
        Set<String> instanceNames = tree.nodes("vrrp_instance").stream().map(ConfigNode::firstArg)
                .flatMap(Optional::stream).collect(Collectors.toSet());
        List<ConfigNode> statements = new ArrayList<>();
        List<Optional<String>> enclosingInstance = new ArrayList<>();
        for (ConfigNode g : tree.nodes("global_defs")) {
            for (ConfigNode c : g.children("lvs_sync_daemon")) {
                statements.add(c);
                enclosingInstance.add(Optional.empty());
            }
        }
        for (ConfigNode i : tree.nodes("vrrp_instance")) {
            for (ConfigNode c : i.children("lvs_sync_daemon_interface")) {
                statements.add(c);
                enclosingInstance.add(i.firstArg());
            }
        }
        if (statements.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (statements.size() > 1) {
                ConfigNode second = statements.get(1);
                throw Values.refuse(second, second.keyword() + ": the sync daemon is already configured at "
                        + statements.get(0).location() + ": the kernel runs one master and one backup daemon");
            }
            ConfigNode c = statements.get(0);
            ConnectionSync sync = enclosingInstance.get(0).isPresent()
                    ? legacy(c, enclosingInstance.get(0).get()) : global(c);
            sync.instance().filter(i -> !instanceNames.contains(i)).ifPresent(i -> {
                throw Values.refuse(c, c.keyword() + " instance " + i + " unknown: no vrrp_instance has that name");
            });
            return Optional.of(sync);
        } catch (Refusal r) {
            throw r.toConfigException();
        }
    }

    private static ConnectionSync legacy(ConfigNode c, String instance) {
        Values.maxArgs(c, 1);
        return build(c, ConnectionSync.on(Values.arg(c, 0)).followInstance(instance));
    }

    private static ConnectionSync global(ConfigNode c) {
        List<String> a = c.args();
        ConnectionSync.Builder b = ConnectionSync.on(Values.arg(c, 0));
        boolean instanceSet = false;
        for (int i = 1; i < a.size(); i++) {
            String word = a.get(i);
            if (i == 1 && !OPTIONS.contains(word)) {
                // before "inst" existed, the instance came bare right after the interface
                b.followInstance(word);
                instanceSet = true;
                continue;
            }
            if (!OPTIONS.contains(word)) {
                throw Values.refuse(c, "lvs_sync_daemon option \"" + word + "\" unknown: must be one of inst, id,"
                        + " maxlen, port, ttl, group");
            }
            if (i + 1 >= a.size()) {
                throw Values.refuse(c, "lvs_sync_daemon " + word + " needs a value");
            }
            String value = a.get(++i);
            switch (word) {
                case "inst" -> {
                    if (instanceSet) {
                        throw Values.refuse(c, "lvs_sync_daemon instance given twice");
                    }
                    b.followInstance(value);
                    instanceSet = true;
                }
                case "id" -> b.syncId(number(c, word, value, 0, 255));
                case "maxlen" -> b.maxLength(number(c, word, value, 1, ConnectionSync.MAX_LENGTH));
                case "port" -> b.port(number(c, word, value, 1, 65535));
                case "ttl" -> b.ttl(number(c, word, value, 1, 255));
                default -> b.group(value);
            }
        }
        return build(c, b);
    }

    private static int number(ConfigNode c, String option, String text, int min, int max) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Values.refuse(c, "lvs_sync_daemon " + option + " \"" + text + "\" is not an integer: must be "
                    + min + ".." + max);
        }
        if (value < min || value > max) {
            throw Values.refuse(c, "lvs_sync_daemon " + option + " " + value + " out of range: must be " + min
                    + ".." + max);
        }
        return (int) value;
    }

    private static ConnectionSync build(ConfigNode c, ConnectionSync.Builder b) {
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw Values.refuse(c, c.keyword() + ": " + e.getMessage());
        }
    }
}
