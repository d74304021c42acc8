package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpVersion;
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

/** Trackers and sync groups wired by the director, on real links and real scripts in namespaces. */
class DirectorTrackingNetnsTest {
    @TempDir
    Path dir;

    @Test
    void aLinkGoingDownFaultsTheWholeSyncGroupAndItsReturnRestoresIt() throws Exception {
        Rig.requireNetns();
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").lan("lan1").host("r1");
            lab.link("r1", "lan0", "eth0", "10.82.0.1/24");
            lab.link("r1", "lan1", "eth1", "10.83.0.1/24");
            List<String> faults = Collections.synchronizedList(new ArrayList<>());
            VrrpInstance.Builder outside = VrrpInstance.builder("VI_OUT").iface("eth0").virtualRouterId(51)
                    .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100)).virtualAddress("10.82.0.100/24");
            VrrpInstance.Builder inside = VrrpInstance.builder("VI_IN").iface("eth1").virtualRouterId(52)
                    .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100)).virtualAddress("10.83.0.100/24");
            try (Director d = Director.builder().namespace(lab.nsName("r1")).vrrp(outside).vrrp(inside)
                    .syncGroup(VrrpSyncGroup.of("G", "VI_OUT", "VI_IN"))
                    .listener(new DirectorListener() {
                        @Override
                        public void enteredFault(VrrpTransition t) {
                            faults.add(t.instance() + " " + t.cause());
                        }
                    }).start()) {
                Await.until("both master", () -> d.vrrp("VI_OUT").state() == VrrpState.MASTER
                        && d.vrrp("VI_IN").state() == VrrpState.MASTER, d::toString);
                lab.exec("r1", "ip", "link", "set", "eth1", "down").ok();
                Await.until("both in FAULT", () -> d.vrrp("VI_OUT").state() == VrrpState.FAULT
                        && d.vrrp("VI_IN").state() == VrrpState.FAULT, d::toString);
                assertFalse(lab.addresses("r1", "eth0").contains("10.82.0.100/24"),
                        "the group member on the healthy link gave up its VIP too");
                assertTrue(faults.contains("VI_IN FAULT") && faults.contains("VI_OUT SYNC_GROUP"), faults.toString());
                lab.exec("r1", "ip", "link", "set", "eth1", "up").ok();
                Await.until("both master again", () -> d.vrrp("VI_OUT").state() == VrrpState.MASTER
                        && d.vrrp("VI_IN").state() == VrrpState.MASTER, d::toString);
                Await.until("VIP back", () -> lab.addresses("r1", "eth0").contains("10.82.0.100/24"),
                        () -> lab.addresses("r1", "eth0").toString());
            }
        }
    }

    @Test
    void aKeepalivedConfWithAFailingScriptHandsTheVipToThePeer() throws Exception {
        Rig.requireNetns();
        Path flag = dir.resolve("healthy");
        Files.createFile(flag);
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, """
                vrrp_script chk_flag {
                    script "/usr/bin/test -f %s"
                    interval 0.2
                    weight -150
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 53
                    version 3
                    priority 200
                    advert_int 0.1
                    virtual_ipaddress {
                        10.84.0.100/24
                    }
                    track_script {
                        chk_flag
                    }
                }
                """.formatted(flag));
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").host("r1").host("r2");
            lab.link("r1", "lan0", "eth0", "10.84.0.1/24");
            lab.link("r2", "lan0", "eth0", "10.84.0.2/24");
            VrrpInstance.Builder peer = VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(53)
                    .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100)).priority(100)
                    .virtualAddress("10.84.0.100/24");
            try (Director scripted = Director.builder().namespace(lab.nsName("r1")).config(conf).start();
                 Director other = Director.builder().namespace(lab.nsName("r2")).vrrp(peer).start()) {
                Await.until("r1 master", () -> scripted.vrrp("VI_1").state() == VrrpState.MASTER
                        && other.vrrp("VI_1").state() == VrrpState.BACKUP, () -> scripted + " / " + other);
                assertEquals(200, scripted.vrrp("VI_1").effectivePriority());
                Files.delete(flag);
                Await.until("priority 50 and r2 master", () -> scripted.vrrp("VI_1").effectivePriority() == 50
                        && other.vrrp("VI_1").state() == VrrpState.MASTER, () -> scripted + " / " + other);
                Await.until("VIP on r2", () -> lab.addresses("r2", "eth0").contains("10.84.0.100/24"),
                        () -> lab.addresses("r2", "eth0").toString());
                Files.createFile(flag);
                Await.until("r1 preempts back", () -> scripted.vrrp("VI_1").state() == VrrpState.MASTER,
                        scripted::toString);
            }
        }
    }
}
