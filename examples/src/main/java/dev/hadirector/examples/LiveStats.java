package dev.hadirector.examples;

import java.util.Locale;

import dev.hadirector.Director;
import dev.hadirector.RealServerStatus;
import dev.hadirector.VirtualServerStatus;

/**
 * Shows reading a running director: the live state of each VRRP instance, each real server's health, weight and IPVS
 * counters, read every two seconds, and the JSON snapshot of everything at the end (what a status endpoint would
 * return). It runs the director of {@link FluentDirector}.
 *
 * <p>Run as root on a kernel with IPVS: {@code LiveStats --iface eth0 --vip 192.168.1.200/24 --seconds 20}.
 */
public final class LiveStats {

    private LiveStats() {
    }

    public static void main(String[] args) throws Exception {
        Examples.requireRootOrExit("LiveStats");
        ExampleArgs options = Examples.parseOrExit("LiveStats", args);
        long rounds = options.runFor().map(d -> Math.max(1, d.toSeconds() / 2)).orElse(Long.MAX_VALUE);
        try (Director director = FluentDirector.start(options, System.out)) {
            Examples.closeOnExit(director);
            for (long i = 0; i < rounds; i++) {
                Thread.sleep(2_000);
                System.out.print(table(director));
            }
            System.out.println(director.snapshotJson());
        }
    }

    /** The live table as text: one line per VRRP instance and per real server. */
    static String table(Director director) {
        StringBuilder s = new StringBuilder();
        director.vrrpInstances().forEach(v -> s.append(String.format(Locale.ROOT, "vrrp %-8s %-7s priority %d%n",
                v.name(), v.state(), v.effectivePriority())));
        for (VirtualServerStatus vs : director.virtualServers()) {
            s.append(String.format(Locale.ROOT, "%s in table: %s, %d connections%n", vs.spec(), vs.inTable(),
                    vs.connections()));
            for (RealServerStatus rs : vs.realServers()) {
                s.append(String.format(Locale.ROOT, "  -> %s:%d %-9s weight %d, active %d, inactive %d, total %d, in %d B, out %d B%n",
                        rs.spec().address().getHostAddress(), rs.spec().port(), rs.health(), rs.weight(),
                        rs.activeConnections(), rs.inactiveConnections(), rs.connections(), rs.inBytes(), rs.outBytes()));
            }
        }
        return s.toString();
    }
}
