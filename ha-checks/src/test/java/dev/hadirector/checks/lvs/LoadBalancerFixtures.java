package dev.hadirector.checks.lvs;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** What the LoadBalancer tests share: draining its loop, reading the last table written, a checked real server. */
final class LoadBalancerFixtures {
    private LoadBalancerFixtures() {
    }

    /** Lets the loop handle what was queued, then the table write that follows it. */
    static void settle(ExecutorService loop) throws Exception {
        for (int i = 0; i < 3; i++) {
            loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
    }

    /** The last table written: "vs -> rs=weight" per real server. */
    static Map<String, String> lastTable(List<List<VirtualServer>> writes) {
        Map<String, String> out = new TreeMap<>();
        for (VirtualServer vs : writes.get(writes.size() - 1)) {
            List<String> rs = new ArrayList<>();
            for (RealServer r : vs.realServers()) {
                rs.add(r + "=" + r.weight());
            }
            out.put(vs.toString(), String.join(",", rs));
        }
        return out;
    }

    /** A real server on port 80 with one TCP check. */
    static RealServer.Builder rs(String ip, int weight) {
        return RealServer.of(ip, 80).weight(weight).check(HealthCheck.tcp().build());
    }
}
