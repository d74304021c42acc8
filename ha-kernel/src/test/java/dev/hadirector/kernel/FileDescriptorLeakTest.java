package dev.hadirector.kernel;

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
    private static final int ROUNDS = 400; // 400 rounds open about 3,600 sockets
    /** The JVM itself may open or close a few files meanwhile (jars, class data); a leak would show thousands. */
    private static final int JVM_NOISE = 8;

    @Test
    void socketsOpenedAndClosedLeaveNoDescriptors() throws IOException {
        LocalLab.requireRig();
        // Warm up: load every class and thread-local buffer first, so the baseline already counts them.
        cycle();
        long before = openDescriptors();
        for (int i = 0; i < ROUNDS; i++) {
            cycle();
        }
        long after = openDescriptors();
        assertTrue(after - before <= JVM_NOISE, "descriptors before " + before + ", after " + ROUNDS
                + " rounds of 9 sockets: " + after);
    }

    private static void cycle() {
        try (NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE);
             NetlinkSocket generic = NetlinkSocket.open(Netlink.NETLINK_GENERIC);
             RawIpSocket v4 = RawIpSocket.ipv4(112).device("lo").open();
             RawIpSocket v6 = RawIpSocket.ipv6(112).device("lo").open();
             PacketSocket arp = PacketSocket.arp("lo")) {
            route.joinGroup(1);
        }
        try (RtnetlinkMonitor monitor = RtnetlinkMonitor.open()) {
            monitor.poll(0, e -> { });
        }
        // Failures after the socket was made must close it too.
        assertThrows(KernelException.class, () -> RawIpSocket.ipv4(112).device("nosuch0").open());
        assertThrows(IllegalArgumentException.class,
                () -> RawIpSocket.ipv4(112).device("lo").joinGroup(java.net.InetAddress.getLoopbackAddress()).open());
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
