package dev.hadirector.ipvs.text;

import dev.hadirector.ipvs.Addresses;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Host names of /etc/hosts, as {@code ipvsadm -S} without -n prints addresses ({@code localhost}). Never DNS:
 * restoring a table must not depend on, or wait for, a name server.
 */
final class HostsFile {
    private static volatile List<String[]> entries;

    private HostsFile() {
    }

    /** The address of {@code name}: an IPv6 one when {@code ipv6}, else IPv4. */
    static Optional<InetAddress> lookup(String name, boolean ipv6) {
        for (String[] entry : load()) {
            for (int i = 1; i < entry.length; i++) {
                if (!entry[i].equalsIgnoreCase(name)) {
                    continue;
                }
                try {
                    InetAddress a = Addresses.parse("hosts entry", entry[0]);
                    if ((a instanceof Inet6Address) == ipv6) {
                        return Optional.of(a);
                    }
                } catch (IllegalArgumentException e) {
                    // A malformed line of /etc/hosts is skipped, as the resolver does.
                }
            }
        }
        return Optional.empty();
    }

    private static List<String[]> load() {
        List<String[]> e = entries;
        if (e != null) {
            return e;
        }
        e = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/hosts"))) {
                int hash = line.indexOf('#');
                String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (f.length >= 2) {
                    e.add(f);
                }
            }
        } catch (IOException ignored) {
            // Without /etc/hosts only literal addresses parse; the caller names the one it could not map.
        }
        entries = e;
        return e;
    }
}
