package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A reload of a director with IPVS, inside User-Mode-Linux: a real server added to the configuration appears
 * in {@code ipvsadm -Ln} while the service and the real server that carried traffic keep their counters (they
 * are edited in place, not recreated, and nothing is flushed), a real server that was down stays out of the
 * table, and a virtual server that did not change is untouched.
 */
@Tag("uml")
class DirectorReloadIpvsUmlTest {
    private static final String VIP = "10.87.1.100";
    private static final String RS1 = "10.87.2.11";
    private static final String RS2 = "10.87.2.12";
    private static final String RS_DOWN = "10.87.2.13";

    private static RealServer.Builder checked(String address) {
        return RealServer.of(address, 8080).check(HealthCheck.tcp().every(Duration.ofMillis(500))
                .connectTimeout(Duration.ofSeconds(1)).build());
    }

    private static VirtualServer web(String... reals) {
        VirtualServer.Builder b = VirtualServer.tcp(VIP, 80).scheduler(Scheduler.RR).forwarding(Forwarding.MASQUERADE);
        for (String r : reals) {
            b.realServer(checked(r));
        }
        return b.build();
    }

    private static VirtualServer other() {
        return VirtualServer.tcp(VIP, 81).forwarding(Forwarding.MASQUERADE).realServer(checked(RS1)).build();
    }

    private static VrrpInstance.Builder vrrp() {
        return VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(62).version(VrrpVersion.V3)
                .advertInterval(Duration.ofMillis(100)).virtualAddress(VIP + "/24");
    }

    @Test
    void aRealServerAddedByAReloadAppearsAndTheRestKeepsItsCountersAndHealth() throws Exception {
        Rig.requireIpvs();
        Rig.requireCommand("ipvsadm");
        Rig.requireCommand("curl");
        try (NetLab lab = NetLab.create()) {
            lab.host("client").host("dir").lan("front").lan("back");
            lab.link("client", "front", "eth0", "10.87.1.2/24");
            lab.link("dir", "front", "eth0", "10.87.1.1/24");
            lab.link("dir", "back", "eth1", "10.87.2.1/24");
            lab.sysctl("dir", "net.ipv4.ip_forward", "1");
            for (String rs : List.of(RS1, RS2, RS_DOWN)) {
                String host = "rs" + rs.substring(rs.lastIndexOf('.') + 1);
                lab.host(host).link(host, "back", "eth0", rs + "/24");
                lab.exec(host, "ip", "route", "add", "default", "via", "10.87.2.1").ok();
                if (!rs.equals(RS_DOWN)) {
                    lab.spawn(host, "python3", "-m", "http.server", "8080", "--bind", rs);
                }
            }
            try (Director d = Director.builder().namespace(lab.nsName("dir")).vrrp(vrrp())
                    .virtualServer(web(RS1, RS_DOWN)).virtualServer(other()).start()) {
                Await.until("master", () -> d.vrrp("VI_1").state() == VrrpState.MASTER, d::toString);
                Await.until(RS1 + " in the table, " + RS_DOWN + " out", () -> ipvsadm(lab).contains(RS1 + ":8080")
                        && !ipvsadm(lab).contains(RS_DOWN + ":8080"), () -> ipvsadm(lab));
                Await.until(RS_DOWN + " DOWN", () -> d.virtualServers().get(0).realServers().get(1).health()
                        == RealServerStatus.Health.DOWN, d::snapshotJson);
                Await.until("the client reaches the VIP", () -> lab.exec("client", "curl", "-s", "-m", "2", "-o",
                        "/dev/null", "http://" + VIP + "/").succeeded(), () -> ipvsadm(lab));
                lab.exec("client", "sh", "-c", "for i in 1 2 3 4 5; do curl -s -m 5 -o /dev/null http://" + VIP
                        + "/; done").ok();
                // IPVS sums its per-CPU counters into what it reports only every 2 s (its rate estimator)
                Await.until("the kernel's counters show the traffic", () -> {
                    String now = stats(lab);
                    return conns(now, "TCP  " + VIP + ":80") >= 1 && conns(now, "-> " + RS1 + ":8080") >= 1;
                }, () -> stats(lab));
                String statsBefore = stats(lab);
                long serviceConns = conns(statsBefore, "TCP  " + VIP + ":80");
                long rs1Conns = conns(statsBefore, "-> " + RS1 + ":8080");
                // at least the probe above went through; a reset counter would fall back to 0
                assertTrue(serviceConns >= 1 && rs1Conns >= 1, "traffic counted: " + statsBefore);

                ReloadSummary summary = d.reload(Director.builder().vrrp(vrrp())
                        .virtualServer(web(RS1, RS_DOWN, RS2)).virtualServer(other()));

                assertEquals(List.of("virtual server TCP " + VIP + ":80 changed: real server " + RS2 + ":8080 added"),
                        summary.changes());
                String table = ipvsadm(lab);
                assertTrue(table.contains(RS2 + ":8080"), "the new real server is in the table: " + table);
                assertFalse(table.contains(RS_DOWN + ":8080"), "the down one stays out: " + table);
                assertTrue(table.contains(VIP + ":81"), "the unchanged virtual server is there: " + table);
                String statsAfter = stats(lab);
                assertTrue(conns(statsAfter, "TCP  " + VIP + ":80") >= serviceConns,
                        "the service kept its counters (not recreated): " + statsBefore + "\n" + statsAfter);
                assertTrue(conns(statsAfter, "-> " + RS1 + ":8080") >= rs1Conns,
                        "the real server kept its counters (not recreated): " + statsBefore + "\n" + statsAfter);
                assertEquals(RealServerStatus.Health.DOWN, d.virtualServers().get(0).realServers().get(1).health());
                assertEquals(VrrpState.MASTER, d.vrrp("VI_1").state());

                // the new server takes traffic: round robin over two servers
                lab.exec("client", "sh", "-c", "for i in 1 2 3 4; do curl -s -m 5 -o /dev/null http://" + VIP
                        + "/; done").ok();
                Await.until(RS2 + " served", () -> conns(stats(lab), "-> " + RS2 + ":8080") >= 1, () -> stats(lab));

                ReloadSummary removed = d.reload(Director.builder().vrrp(vrrp()).virtualServer(web(RS1, RS2)));
                assertEquals(List.of("virtual server TCP " + VIP + ":80 changed: real server " + RS_DOWN
                        + ":8080 removed", "virtual server TCP " + VIP + ":81 removed"), removed.changes());
                String last = ipvsadm(lab);
                assertFalse(last.contains(VIP + ":81"), last);
                assertTrue(conns(stats(lab), "-> " + RS1 + ":8080") >= rs1Conns, stats(lab));
            }
        }
    }

    @Test
    void aReloadOpensIpvsForADirectorThatHadNoVirtualServerAndRemovesOnlyWhatItAdded() throws Exception {
        Rig.requireIpvs();
        Rig.requireCommand("ipvsadm");
        try (NetLab lab = NetLab.create()) {
            lab.host("dir").lan("front").lan("back");
            lab.link("dir", "front", "eth0", "10.87.1.1/24");
            lab.link("dir", "back", "eth1", "10.87.2.1/24");
            lab.host("rs11").link("rs11", "back", "eth0", RS1 + "/24");
            lab.spawn("rs11", "python3", "-m", "http.server", "8080", "--bind", RS1);
            // a service the director did not add: a reload must leave it alone
            lab.exec("dir", "ipvsadm", "-A", "-t", "10.87.1.200:8443", "-s", "rr").ok();
            try (Director d = Director.builder().namespace(lab.nsName("dir")).vrrp(vrrp()).start()) {
                Await.until("master", () -> d.vrrp("VI_1").state() == VrrpState.MASTER, d::toString);
                assertEquals(List.of(), d.virtualServers());

                ReloadSummary added = d.reload(Director.builder().vrrp(vrrp()).virtualServer(other()));
                assertEquals(List.of("virtual server TCP " + VIP + ":81 added"), added.changes());
                Await.until("the new service with its real server", () -> ipvsadm(lab).contains(VIP + ":81")
                        && ipvsadm(lab).contains(RS1 + ":8080"), () -> ipvsadm(lab));
                Await.until("its real server UP", () -> d.virtualServers().get(0).realServers().get(0).health()
                        == RealServerStatus.Health.UP, d::snapshotJson);

                ReloadSummary removed = d.reload(Director.builder().vrrp(vrrp()));
                assertEquals(List.of("virtual server TCP " + VIP + ":81 removed"), removed.changes());
                String table = ipvsadm(lab);
                assertFalse(table.contains(VIP + ":81"), table);
                assertTrue(table.contains("10.87.1.200:8443"), "a service the director did not add stays: " + table);
                assertEquals(VrrpState.MASTER, d.vrrp("VI_1").state());
            }
        }
    }

    private static String ipvsadm(NetLab lab) {
        return lab.exec("dir", "ipvsadm", "-Ln").ok().stdout();
    }

    private static String stats(NetLab lab) {
        return lab.exec("dir", "ipvsadm", "-Ln", "--stats").ok().stdout();
    }

    /** The Conns column of the line whose first words are {@code prefix}'s, in {@code ipvsadm -Ln --stats}. */
    private static long conns(String stats, String prefix) {
        String[] wanted = prefix.strip().split("\\s+");
        for (String line : stats.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (words.length > wanted.length
                    && java.util.Arrays.equals(java.util.Arrays.copyOf(words, wanted.length), wanted)) {
                return Long.parseLong(words[wanted.length]);
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + stats);
    }
}
