package dev.hadirector.ipvs.text;

import dev.hadirector.api.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Service names of /etc/services ({@code http} = 80/tcp), as {@code ipvsadm -S} without -n prints ports. */
final class ServicePorts {
    private static volatile Map<String, Integer> table;

    private ServicePorts() {
    }

    static Optional<Integer> lookup(String name, Protocol protocol) {
        String proto = protocol == null ? "tcp" : protocol.name().toLowerCase();
        return Optional.ofNullable(load().get(name + "/" + proto));
    }

    private static Map<String, Integer> load() {
        Map<String, Integer> t = table;
        if (t != null) {
            return t;
        }
        t = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/services"))) {
                int hash = line.indexOf('#');
                String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (f.length < 2 || !f[1].contains("/")) {
                    continue;
                }
                String[] portProto = f[1].split("/");
                if (!portProto[0].matches("[0-9]+")) {
                    continue;
                }
                int port = Integer.parseInt(portProto[0]);
                for (int i = 0; i < f.length; i++) {
                    if (i != 1) {
                        t.putIfAbsent(f[i] + "/" + portProto[1], port);
                    }
                }
            }
        } catch (IOException e) {
            // Without /etc/services only numeric ports parse; the caller reports the name it could not map.
        }
        table = t;
        return t;
    }
}
