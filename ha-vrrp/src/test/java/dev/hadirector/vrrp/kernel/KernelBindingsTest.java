package dev.hadirector.vrrp.kernel;

import static dev.hadirector.vrrp.LoopCall.onLoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.testkit.Capture;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import dev.hadirector.vrrp.VrrpRouter;
import dev.hadirector.vrrp.time.RealEventLoop;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three kernel bindings together in a namespace: a lone router becomes master, its adverts, gratuitous
 * ARP and unsolicited NA are seen by a neighbour's capture, its addresses (with label) appear on the
 * interface, and they are gone after stop.
 */
class KernelBindingsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void masterInstallsAnnouncesAndRemovesItsAddresses() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("tcpdump");
        VrrpInstance spec = VrrpInstance.builder("VI_K").iface("eth0").virtualRouterId(61).priority(150)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                .virtualAddress("10.78.0.100/24 label eth0:vip").excludedAddress("2001:db8:78::100/64")
                .garpMasterRepeat(2).garpMasterDelay(Duration.ofSeconds(1)).build();
        try (NetLab lab = NetLab.create()) {
            lab.host("us").host("peer").lan("lan0");
            lab.link("us", "lan0", "eth0", "10.78.0.2/24");
            lab.link("peer", "lan0", "eth0", "10.78.0.3/24");
            try (Capture capture = Capture.start(lab, "peer", "eth0", "arp or icmp6 or ip proto 112");
                 NetNamespace ns = NetNamespace.named(lab.nsName("us"));
                 RealEventLoop loop = new RealEventLoop("vrrp-kernel-test")) {
                InetAddress primary = Vip.parseAddress("10.78.0.2");
                try (VrrpSocket socket = VrrpSocket.open(spec, primary, ns);
                     KernelVipManager vips = KernelVipManager.open(spec, ns);
                     KernelAnnouncer announcer = KernelAnnouncer.open(spec, ns)) {
                    VrrpRouter router = new VrrpRouter(spec, primary, loop, socket, vips, announcer);
                    socket.startReceiving(router, loop);
                    onLoop(loop, () -> {
                        router.start();
                        return null;
                    });
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (onLoop(loop, router::state) != VrrpState.MASTER) {
                        if (System.nanoTime() > deadline) {
                            fail("router did not become master: " + onLoop(loop, router::state));
                        }
                        Thread.sleep(50);
                    }
                    List<String> addresses = lab.addresses("us", "eth0");
                    assertTrue(addresses.contains("10.78.0.100/24"), addresses.toString());
                    assertTrue(addresses.contains("2001:db8:78::100/64"), addresses.toString());
                    String shown = lab.exec("us", "ip", "-o", "-4", "addr", "show", "dev", "eth0").ok().stdout();
                    assertTrue(shown.contains("10.78.0.100/24") && shown.contains("eth0:vip"), shown);

                    assertTrue(capture.awaitLine(l -> l.contains("who-has 10.78.0.100") && l.contains("tell 10.78.0.100"),
                            WAIT).isPresent(), "gratuitous ARP: " + tail(capture));
                    assertTrue(capture.awaitLine(l -> l.contains("neighbor advertisement")
                            && l.contains("2001:db8:78::100"), WAIT).isPresent(), "unsolicited NA: " + tail(capture));
                    assertTrue(capture.awaitLine(l -> l.contains("VRRPv3") && l.contains("vrid 61")
                            && l.contains("prio 150"), WAIT).isPresent(), "adverts: " + tail(capture));
                    assertEquals(0, onLoop(loop, router::sendFailures));

                    onLoop(loop, () -> {
                        router.stop();
                        return null;
                    });
                    List<String> after = lab.addresses("us", "eth0");
                    assertFalse(after.contains("10.78.0.100/24"), after.toString());
                    assertFalse(after.contains("2001:db8:78::100/64"), after.toString());
                    assertTrue(capture.awaitLine(l -> l.contains("VRRPv3") && l.contains("prio 0"), WAIT).isPresent(),
                            "resign advert: " + tail(capture));
                }
            }
        }
    }

    @Test
    void oneBadAddressDoesNotKeepTheOthersAwayAndIsReportedWithItsErrno() throws Exception {
        Rig.requireNetns();
        VrrpInstance spec = VrrpInstance.builder("VI_B").iface("eth0").virtualRouterId(63)
                .virtualAddress("10.78.0.100/24").virtualAddress("10.78.0.101/24 dev nosuch0").build();
        try (NetLab lab = NetLab.create()) {
            lab.host("us").lan("lan0");
            lab.link("us", "lan0", "eth0", "10.78.0.2/24");
            try (NetNamespace ns = NetNamespace.named(lab.nsName("us"));
                 KernelVipManager vips = KernelVipManager.open(spec, ns)) {
                IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> vips.add(spec.virtualAddresses()));
                assertTrue(e.getMessage().contains("add 10.78.0.101/24 dev nosuch0") && e.getMessage().contains("ENODEV"),
                        e.getMessage());
                assertTrue(lab.addresses("us", "eth0").contains("10.78.0.100/24"), lab.addresses("us", "eth0").toString());
                vips.add(List.of(spec.virtualAddresses().get(0))); // adding again is not an error
                vips.remove(spec.virtualAddresses()); // nor is removing what is absent
                assertFalse(lab.addresses("us", "eth0").contains("10.78.0.100/24"));
                vips.remove(spec.virtualAddresses());
            }
        }
    }

    /** The last lines of a capture, for failure messages (a 100 ms advert interval fills it fast). */
    private static List<String> tail(Capture capture) {
        List<String> lines = capture.lines();
        return lines.subList(Math.max(0, lines.size() - 20), lines.size());
    }
}
