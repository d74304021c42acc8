package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpTransitionCause;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.config.ConfigException;
import dev.hadirector.testkit.Capture;
import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master director reloads its keepalived.conf while a peer backs it up, on one bridge with a client that
 * captures the adverts and an {@code ip monitor} in the master's namespace that would see the VIP go:
 * no change, a VIP added, a broken file and a priority change that lets the peer preempt.
 */
class DirectorReloadNetnsTest {
    private static final String VIP = "10.79.0.100/24";
    private static final String VIP2 = "10.79.0.101/24";
    private static final long INTERVAL_MS = 200;

    @TempDir
    Path dir;

    private static NetLab lab() {
        NetLab lab = NetLab.create();
        lab.lan("lan0").host("client").host("r1").host("r2");
        lab.link("client", "lan0", "eth0", "10.79.0.9/24");
        lab.link("r1", "lan0", "eth0", "10.79.0.1/24");
        lab.link("r2", "lan0", "eth0", "10.79.0.2/24");
        return lab;
    }

    private static String conf(int priority, String... vips) {
        return """
                global_defs {
                    vrrp_version 3
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 0.2
                    garp_master_delay 0
                    virtual_ipaddress {
                        %s
                    }
                }
                """.formatted(priority, String.join("\n        ", vips));
    }

    /** The largest gap, in ms, between consecutive captured adverts of {@code source} ({@code tcpdump -tt}). */
    private static long largestGapMillis(List<String> lines, String source) {
        double previous = -1;
        double largest = 0;
        for (String line : lines) {
            if (!line.contains(source + " > 224.0.0.18")) {
                continue;
            }
            double at = Double.parseDouble(line.substring(0, line.indexOf(' ')));
            if (previous >= 0) {
                largest = Math.max(largest, at - previous);
            }
            previous = at;
        }
        return Math.round(largest * 1000);
    }

    @Test
    void aMasterReloadsWithoutDroppingItsVipRefusesABrokenFileAndLetsThePeerPreempt() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("tcpdump");
        Path file = Files.writeString(dir.resolve("keepalived.conf"), conf(200, VIP));
        List<String> transitions = Collections.synchronizedList(new ArrayList<>());
        DirectorListener recorder = new DirectorListener() {
            @Override
            public void onTransition(VrrpTransition t) {
                transitions.add(t.from() + "->" + t.to() + " " + t.cause());
            }
        };
        try (NetLab lab = lab();
             Director peer = Director.builder().namespace(lab.nsName("r2"))
                     .vrrp(VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).priority(150)
                             .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(INTERVAL_MS))
                             .virtualAddress(VIP).garpMasterDelay(Duration.ZERO)).start();
             Director master = Director.builder().namespace(lab.nsName("r1")).config(file).listener(recorder)
                     .start()) {
            Await.until("r1 master, r2 backup", () -> master.vrrp("VI_1").state() == VrrpState.MASTER
                    && peer.vrrp("VI_1").state() == VrrpState.BACKUP, () -> master + " / " + peer);
            Await.until("VIP on r1", () -> lab.addresses("r1", "eth0").contains(VIP),
                    () -> lab.addresses("r1", "eth0").toString());
            VrrpHandle handle = master.vrrp("VI_1");
            Await.until("r1's listener heard it become master", () -> transitions.contains(
                    "BACKUP->MASTER " + VrrpTransitionCause.MASTER_DOWN_TIMER), transitions::toString);
            int transitionsBefore = transitions.size();
            LabProcess monitor = lab.spawn("r1", "ip", "-o", "monitor", "address");
            try (Capture adverts = Capture.start(lab, "client", "eth0", "ip proto 112", Capture.Tool.TCPDUMP, "-tt")) {
                Thread.sleep(3 * INTERVAL_MS);

                // (a) no change: nothing is touched
                ReloadSummary none = master.reload();
                assertTrue(none.unchanged(), none.toString());
                Thread.sleep(3 * INTERVAL_MS);

                // (c) a VIP added: it appears, the other one never goes
                Files.writeString(file, conf(200, VIP, VIP2));
                ReloadSummary added = master.reload();
                assertEquals(List.of("VRRP instance VI_1 updated: virtualAddresses +[" + VIP2 + "]"),
                        added.changes());
                Await.until("second VIP on r1", () -> lab.addresses("r1", "eth0").contains(VIP2),
                        () -> lab.addresses("r1", "eth0").toString());
                assertTrue(monitor.awaitOutput(l -> l.contains("10.79.0.101"), Await.WAIT).isPresent(),
                        "the address monitor runs and saw the new VIP: " + monitor.output());
                Thread.sleep(3 * INTERVAL_MS);
                assertTrue(lab.addresses("r1", "eth0").contains(VIP));

                // (d) a broken file: refused with file:line, the old configuration keeps running
                Files.writeString(file, conf(200, VIP, VIP2).replace("virtual_router_id 51", "virtual_router_id 300"));
                ConfigException broken = assertThrows(ConfigException.class, master::reload);
                assertTrue(broken.getMessage().contains(file + ":6"), broken.getMessage());
                assertTrue(broken.getMessage().contains("300"), broken.getMessage());
                Thread.sleep(3 * INTERVAL_MS);
                assertEquals(VrrpState.MASTER, handle.state());
                assertEquals(51, master.vrrp("VI_1").spec().virtualRouterId());
                assertTrue(lab.addresses("r1", "eth0").containsAll(List.of(VIP, VIP2)),
                        lab.addresses("r1", "eth0").toString());

                List<String> lines = adverts.stop();
                assertFalse(monitor.output().contains("Deleted"), "no address left r1 during the reloads: "
                        + monitor.output());
                assertEquals(transitionsBefore, transitions.size(), "no transition: " + transitions);
                long seen = lines.stream().filter(l -> l.contains("10.79.0.1 > 224.0.0.18")).count();
                assertTrue(seen >= 10, "the capture saw r1's adverts (" + seen + "): " + lines);
                long gap = largestGapMillis(lines, "10.79.0.1");
                assertTrue(gap < 2 * INTERVAL_MS, "no advert missed during the reloads: largest gap " + gap
                        + " ms at an interval of " + INTERVAL_MS + " ms");
            } finally {
                monitor.stop();
            }

            // (b) a lower priority: the peer (150, preempt) takes over by the protocol, no stop on r1
            Files.writeString(file, conf(100, VIP, VIP2));
            ReloadSummary lower = master.reload();
            assertEquals(List.of("VRRP instance VI_1 updated: priority 200 -> 100"), lower.changes());
            Await.until("r2 master, r1 backup", () -> peer.vrrp("VI_1").state() == VrrpState.MASTER
                    && master.vrrp("VI_1").state() == VrrpState.BACKUP, () -> master + " / " + peer);
            String demoted = "MASTER->BACKUP " + VrrpTransitionCause.HIGHER_PRIORITY_ADVERT;
            Await.until("r1's listener heard its demotion", () -> transitions.contains(demoted),
                    transitions::toString);
            assertEquals(List.of(demoted), transitions.subList(transitionsBefore, transitions.size()),
                    "one transition, by the protocol, no stop and restart");
            assertTrue(master.vrrp("VI_1") == handle, "the instance kept running: same handle");
            Await.until("VIP on r2 only", () -> lab.addresses("r2", "eth0").contains(VIP)
                    && !lab.addresses("r1", "eth0").contains(VIP), () -> lab.addresses("r1", "eth0") + " / "
                    + lab.addresses("r2", "eth0"));
        }
    }

    @Test
    void anInstanceAddedByAReloadStartsAndOneRemovedStopsWithAPriorityZeroAdvert() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("tcpdump");
        VrrpInstance.Builder one = VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).priority(200)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(INTERVAL_MS)).virtualAddress(VIP);
        VrrpInstance.Builder two = VrrpInstance.builder("VI_2").iface("eth0").virtualRouterId(52).priority(200)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(INTERVAL_MS)).virtualAddress(VIP2);
        try (NetLab lab = lab();
             Director d = Director.builder().namespace(lab.nsName("r1")).vrrp(one).start()) {
            Await.until("VI_1 master", () -> d.vrrp("VI_1").state() == VrrpState.MASTER, d::toString);
            VrrpHandle first = d.vrrp("VI_1");

            ReloadSummary added = d.reload(Director.builder().vrrp(one).vrrp(two));
            assertEquals(List.of("VRRP instance VI_2 added"), added.changes());
            Await.until("VI_2 master with its VIP", () -> d.vrrp("VI_2").state() == VrrpState.MASTER
                    && lab.addresses("r1", "eth0").contains(VIP2), d::toString);
            assertTrue(d.vrrp("VI_1") == first && first.state() == VrrpState.MASTER, "VI_1 untouched");

            ReloadSummary restarted = d.reload(Director.builder().vrrp(one).vrrp(two.virtualRouterId(53)));
            assertEquals(List.of("VRRP instance VI_2 restarted: virtualRouterId 52 -> 53"), restarted.changes());
            VrrpHandle newTwo = d.vrrp("VI_2");
            assertEquals(53, newTwo.spec().virtualRouterId());
            Await.until("VI_2 master again on VRID 53", () -> newTwo.state() == VrrpState.MASTER
                    && lab.addresses("r1", "eth0").contains(VIP2), d::toString);
            assertTrue(d.vrrp("VI_1") == first && first.state() == VrrpState.MASTER, "VI_1 untouched");

            try (Capture capture = Capture.start(lab, "client", "eth0", "ip proto 112")) {
                ReloadSummary removed = d.reload(Director.builder().vrrp(one));
                assertEquals(List.of("VRRP instance VI_2 removed"), removed.changes());
                assertTrue(capture.awaitLine(l -> l.contains("vrid 53") && l.contains("prio 0"), Await.WAIT)
                        .isPresent(), "VI_2 resigned: " + capture.lines());
            }
            assertFalse(lab.addresses("r1", "eth0").contains(VIP2), lab.addresses("r1", "eth0").toString());
            assertTrue(lab.addresses("r1", "eth0").contains(VIP), lab.addresses("r1", "eth0").toString());
            assertEquals(List.of("VI_1"), d.vrrpInstances().stream().map(VrrpHandle::name).toList());
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> d.vrrp("VI_2"));
            assertTrue(unknown.getMessage().contains("VI_2 unknown"), unknown.getMessage());

            IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                    () -> d.reload(Director.builder().vrrp(one).vrrp(two.virtualRouterId(51).priority(77))));
            assertTrue(invalid.getMessage().startsWith("reload refused, the running configuration is kept: "),
                    invalid.getMessage());
            assertTrue(invalid.getMessage().contains("virtualRouterId 51 already used by instance VI_1"),
                    invalid.getMessage());
            assertEquals(VrrpState.MASTER, first.state());
        }
    }

    @Test
    void aSyncGroupRebuiltByAReloadTakesInItsNewMemberAndARemovedGroupNoLongerBinds() throws Exception {
        Rig.requireNetns();
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").lan("lan1").lan("lan2").host("r1");
            lab.link("r1", "lan0", "eth0", "10.88.0.1/24");
            lab.link("r1", "lan1", "eth1", "10.88.1.1/24");
            lab.link("r1", "lan2", "eth2", "10.88.2.1/24");
            List<VrrpInstance.Builder> members = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                members.add(VrrpInstance.builder("VI_" + i).iface("eth" + i).virtualRouterId(60 + i)
                        .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(INTERVAL_MS))
                        .virtualAddress("10.88." + i + ".100/24"));
            }
            List<String> transitions = Collections.synchronizedList(new ArrayList<>());
            DirectorListener recorder = new DirectorListener() {
                @Override
                public void onTransition(VrrpTransition t) {
                    transitions.add(t.instance() + " " + t.to() + " " + t.cause());
                }
            };
            try (Director d = Director.builder().namespace(lab.nsName("r1")).vrrp(members.get(0)).vrrp(members.get(1))
                    .syncGroup(dev.hadirector.api.VrrpSyncGroup.of("G", "VI_0", "VI_1")).listener(recorder).start()) {
                Await.until("VI_0 and VI_1 master", () -> d.vrrp("VI_0").state() == VrrpState.MASTER
                        && d.vrrp("VI_1").state() == VrrpState.MASTER, d::toString);

                ReloadSummary grown = d.reload(Director.builder().vrrp(members.get(0)).vrrp(members.get(1))
                        .vrrp(members.get(2)).syncGroup(dev.hadirector.api.VrrpSyncGroup.of("G", "VI_0", "VI_1",
                                "VI_2")));
                assertEquals(List.of("VRRP instance VI_2 added", "sync group G rebuilt with [VI_0, VI_1, VI_2]"),
                        grown.changes());
                Await.until("VI_2 master", () -> d.vrrp("VI_2").state() == VrrpState.MASTER, d::toString);
                int before = transitions.size();
                Thread.sleep(3 * INTERVAL_MS);
                assertEquals(List.of(), transitions.subList(before, transitions.size()).stream()
                        .filter(t -> !t.startsWith("VI_2")).toList(), "VI_0 and VI_1 kept running untouched");

                lab.exec("r1", "ip", "link", "set", "eth2", "down").ok();
                Await.until("the whole rebuilt group in FAULT", () -> d.vrrpInstances().stream()
                        .allMatch(h -> h.state() == VrrpState.FAULT), d::toString);
                lab.exec("r1", "ip", "link", "set", "eth2", "up").ok();
                Await.until("all master again", () -> d.vrrpInstances().stream()
                        .allMatch(h -> h.state() == VrrpState.MASTER), d::toString);

                ReloadSummary ungrouped = d.reload(Director.builder().vrrp(members.get(0)).vrrp(members.get(1))
                        .vrrp(members.get(2)));
                assertEquals(List.of("sync group G removed"), ungrouped.changes());
                lab.exec("r1", "ip", "link", "set", "eth2", "down").ok();
                Await.until("VI_2 in FAULT", () -> d.vrrp("VI_2").state() == VrrpState.FAULT, d::toString);
                Thread.sleep(3 * INTERVAL_MS);
                assertEquals(VrrpState.MASTER, d.vrrp("VI_0").state(), "no group binds VI_0 to VI_2 any more");
                assertEquals(VrrpState.MASTER, d.vrrp("VI_1").state());
            }
        }
    }
}
