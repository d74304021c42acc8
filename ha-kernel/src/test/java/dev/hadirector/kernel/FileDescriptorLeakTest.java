package dev.hadirector.kernel;

import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkSocket;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.packet.PacketSocket;
import dev.hadirector.kernel.rtnetlink.RtnetlinkClient;
import dev.hadirector.kernel.rtnetlink.RtnetlinkMonitor;
import dev.hadirector.kernel.socket.RawIpSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Thousands of sockets opened and closed, successful and failed, leave /proc/self/fd as it was. */
class FileDescriptorLeakTest {
    /** Each round opens 4 netlink and raw sockets, so 1000 rounds open 4,000. */
    private static final int ROUNDS = 1000;
    /**
     * Closing a packet socket (and dropping a multicast membership) waits for an RCU grace period in the kernel,
     * tens of milliseconds on a busy machine: those run every few rounds, still hundreds of times.
     */
    private static final int PACKET_EVERY = 4;
    /** Clients and monitors carry large receive buffers; fewer rounds of them keep the test quick. */
    private static final int HEAVY_EVERY = 20;
    /** The JVM itself may open or close a few files meanwhile (jars, class data); a leak would show thousands. */
    private static final int JVM_NOISE = 8;
    private static final java.net.InetAddress GROUP = dev.hadirector.kernel.rtnetlink.IpAddresses.parse("224.0.0.18");

    @Test
    void socketsOpenedAndClosedLeaveNoDescriptors() throws IOException {
        Rig.requireRoot();
        // Warm up: load every class and thread-local buffer first, so the baseline already counts them.
        cycle(true, true);
        long before = openDescriptors();
        for (int i = 0; i < ROUNDS; i++) {
            cycle(i % PACKET_EVERY == 0, i % HEAVY_EVERY == 0);
        }
        long after = openDescriptors();
        assertTrue(after - before <= JVM_NOISE, "descriptors before " + before + ", after " + ROUNDS
                + " rounds: " + after);
    }

    private static void cycle(boolean packet, boolean heavy) {
        try (NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE);
             NetlinkSocket generic = NetlinkSocket.open(Netlink.NETLINK_GENERIC);
             RawIpSocket v4 = RawIpSocket.ipv4(112).device("lo").open();
             RawIpSocket v6 = RawIpSocket.ipv6(112).device("lo").open()) {
            route.joinGroup(1);
        }
        assertThrows(KernelException.class, () -> RawIpSocket.ipv4(112).device("nosuch0").open());
        if (!packet) {
            return;
        }
        try (PacketSocket arp = PacketSocket.arp("lo")) {
            arp.hardwareAddress();
        }
        // A failure after the socket was made (joining the same group twice: EADDRINUSE) must close it too.
        KernelException twice = assertThrows(KernelException.class,
                () -> RawIpSocket.ipv4(112).device("lo").joinGroup(GROUP).joinGroup(GROUP).open());
        assertEquals("EADDRINUSE", twice.errnoName(), twice.getMessage());
        if (!heavy) {
            return;
        }
        try (RtnetlinkMonitor monitor = RtnetlinkMonitor.open()) {
            monitor.poll(0, e -> { });
        }
        assertThrows(KernelException.class, () -> NetNamespace.named("hdk-no-such-namespace"));
        try (RtnetlinkClient rtnl = RtnetlinkClient.open()) {
            assertThrows(KernelException.class, () -> rtnl.setUp(99999, true));
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
