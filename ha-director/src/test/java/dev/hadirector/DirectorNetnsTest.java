package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.testkit.Capture;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Directors in one JVM, each in its own namespace, on one bridge with a client namespace: the right master
 * is elected, owns the VIP and answers the client's ping; on graceful close the VIP moves (announced by a
 * gratuitous ARP the client sees); preemption and nopreempt behave as configured.
 */
class DirectorNetnsTest {
    private static final String VIP = "10.79.0.100";

    private static NetLab lab(int routers) {
        NetLab lab = NetLab.create();
        lab.lan("lan0").host("client");
        lab.link("client", "lan0", "eth0", "10.79.0.9/24");
        for (int i = 1; i <= routers; i++) {
            lab.host("r" + i);
            lab.link("r" + i, "lan0", "eth0", "10.79.0." + i + "/24");
        }
        return lab;
    }

    private static VrrpInstance.Builder instance(int priority) {
        return VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).priority(priority)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                .virtualAddress(VIP + "/24 label eth0:vip").garpMasterDelay(Duration.ZERO);
    }

    private static Director start(NetLab lab, String host, VrrpInstance.Builder spec, DirectorListener... listeners) {
        Director.Builder b = Director.builder().namespace(lab.nsName(host)).vrrp(spec);
        for (DirectorListener l : listeners) {
            b.listener(l);
        }
        return b.start();
    }

    private static boolean hasVip(NetLab lab, String host) {
        return lab.addresses(host, "eth0").contains(VIP + "/24");
    }

    @Test
    void twoDirectorsElectTheHigherPriorityAndTheVipMovesOnGracefulClose() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("tcpdump");
        try (NetLab lab = lab(2)) {
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            DirectorListener recorder = new DirectorListener() {
                @Override
                public void becameMaster(VrrpTransition t) {
                    events.add(Thread.currentThread().getName() + " master " + t.priority());
                }

                @Override
                public void stopped(VrrpTransition t) {
                    events.add(Thread.currentThread().getName() + " stopped");
                }
            };
            try (Director backup = start(lab, "r2", instance(100), recorder);
                 Director master = start(lab, "r1", instance(200), recorder)) {
                Await.until("r1 master and r2 backup", () -> master.vrrp("VI_1").state() == VrrpState.MASTER
                        && backup.vrrp("VI_1").state() == VrrpState.BACKUP, () -> master + " / " + backup);
                Await.until("VIP on r1", () -> hasVip(lab, "r1"), () -> lab.addresses("r1", "eth0").toString());
                assertFalse(hasVip(lab, "r2"), lab.addresses("r2", "eth0").toString());
                String shown = lab.exec("r1", "ip", "-o", "-4", "addr", "show", "dev", "eth0").ok().stdout();
                assertTrue(shown.contains("eth0:vip"), shown);
                lab.exec("client", "ping", "-c1", "-W2", VIP).ok();
                assertEquals(200, master.vrrp("VI_1").effectivePriority());
                assertTrue(master.snapshotJson().contains("\"state\":\"MASTER\""), master.snapshotJson());

                try (Capture capture = Capture.start(lab, "client", "eth0", "arp or ip proto 112")) {
                    master.close();
                    assertFalse(hasVip(lab, "r1"), "VIP removed on close: " + lab.addresses("r1", "eth0"));
                    Await.until("r2 master", () -> backup.vrrp("VI_1").state() == VrrpState.MASTER, backup::toString);
                    assertTrue(capture.awaitLine(l -> l.contains("prio 0"), Await.WAIT).isPresent(),
                            "priority-0 advert: " + capture.lines());
                    assertTrue(capture.awaitLine(l -> l.contains("who-has " + VIP) && l.contains("tell " + VIP),
                            Await.WAIT).isPresent(), "gratuitous ARP: " + capture.lines());
                }
                Await.until("VIP on r2", () -> hasVip(lab, "r2"), () -> lab.addresses("r2", "eth0").toString());
                lab.exec("client", "ping", "-c1", "-W2", VIP).ok();
                String ns1 = "director-" + lab.nsName("r1");
                assertTrue(events.contains(ns1 + " master 200") && events.contains(ns1 + " stopped"),
                        "listeners run on the director's loop, in order: " + events);
            }
        }
    }

    @Test
    void threeDirectorsPreemptAndNopreemptAsConfigured() throws Exception {
        Rig.requireNetns();
        try (NetLab lab = lab(3)) {
            // r3 (priority 50) starts alone and becomes master; r1 (200, preempt) then takes over; r2 (150,
            // nopreempt) never does while r1 lives, but takes over when r1 goes.
            try (Director low = start(lab, "r3", instance(50))) {
                Await.until("r3 master", () -> low.vrrp("VI_1").state() == VrrpState.MASTER, low::toString);
                try (Director noPreempt = start(lab, "r2", instance(150).preempt(false))) {
                    Await.until("r2 backup", () -> noPreempt.vrrp("VI_1").state() == VrrpState.BACKUP,
                            noPreempt::toString);
                    // r2 would preempt within 3 advert intervals plus skew; give it many times that.
                    Thread.sleep(1500);
                    assertEquals(VrrpState.MASTER, low.vrrp("VI_1").state(), "nopreempt: r3 stays master");
                    assertEquals(VrrpState.BACKUP, noPreempt.vrrp("VI_1").state());
                    try (Director high = start(lab, "r1", instance(200))) {
                        Await.until("r1 preempts", () -> high.vrrp("VI_1").state() == VrrpState.MASTER
                                && low.vrrp("VI_1").state() == VrrpState.BACKUP, () -> high + " / " + low);
                        Await.until("VIP only on r1", () -> hasVip(lab, "r1") && !hasVip(lab, "r3"),
                                () -> lab.addresses("r3", "eth0").toString());
                        lab.exec("client", "ping", "-c1", "-W2", VIP).ok();
                        high.close();
                        Await.until("r2 takes over", () -> noPreempt.vrrp("VI_1").state() == VrrpState.MASTER,
                                noPreempt::toString);
                        Await.until("VIP on r2", () -> hasVip(lab, "r2"), () -> lab.addresses("r2", "eth0").toString());
                        assertEquals(VrrpState.BACKUP, low.vrrp("VI_1").state());
                        lab.exec("client", "ping", "-c1", "-W2", VIP).ok();
                    }
                }
            }
        }
    }

    @Test
    void leftOverVipIsRemovedAtStartAndBadSpecsAreRefusedTogether() throws Exception {
        Rig.requireNetns();
        try (NetLab lab = lab(2)) {
            // A crashed director left the VIP behind on r2; a fresh backup must not keep answering for it.
            lab.addAddress("r2", "eth0", VIP + "/24");
            try (Director master = start(lab, "r1", instance(200))) {
                Await.until("r1 master", () -> master.vrrp("VI_1").state() == VrrpState.MASTER, master::toString);
                try (Director backup = start(lab, "r2", instance(100))) {
                    assertFalse(hasVip(lab, "r2"), "left-over VIP removed: " + lab.addresses("r2", "eth0"));
                    Await.until("r2 backup", () -> backup.vrrp("VI_1").state() == VrrpState.BACKUP, backup::toString);
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Director.builder()
                    .namespace(lab.nsName("r1")).vrrp(instance(300)).vrrp(instance(100)).vrrp(instance(90)).start());
            assertTrue(e.getMessage().contains("priority 300 out of range")
                    && e.getMessage().contains("VRRP instance VI_1 listed twice"), e.getMessage());
            RuntimeException missing = assertThrows(RuntimeException.class, () -> Director.builder()
                    .namespace(lab.nsName("r1")).vrrp(instance(100).iface("nosuch0")).start());
            assertTrue(missing.getMessage().contains("nosuch0"), missing.getMessage());
        }
    }
}
