package dev.hadirector.kernel.socket;

import dev.hadirector.testkit.NetLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.rtnetlink.IpAddresses;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The packet path allocates nothing: thousands of sends and receives on a loopback in a private namespace,
 * measured with the JVM's per-thread allocation counter (a byte count, not a timing).
 */
class RawIpSocketAllocationTest {
    private static final int PACKETS = 5_000;
    /** Far below one object per packet (16+ bytes each = 80 KB); leaves room for the counter's own reads. */
    private static final long BUDGET_BYTES = 4_096;

    @Test
    void sendAndReceiveAllocateNothingPerPacket() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported(),
                "this JVM does not count allocated bytes per thread");
        try (NetLab lab = NetLab.create()) {
            lab.host("a");
            NetNamespace ns = NetNamespace.at(lab.nsPath("a"));
            try (RawIpSocket v4 = ns.call(RawIpSocket.ipv4(112).device("lo")::open);
                 RawIpSocket v6 = ns.call(RawIpSocket.ipv6(112).device("lo")::open)) {
                byte[] local4 = IpAddresses.parse("127.0.0.1").getAddress();
                byte[] local6 = IpAddresses.parse("::1").getAddress();
                ReceivedPacket packet = new ReceivedPacket(2048);
                run(v4, local4, packet, 1_000); // warm up: class loading, thread-locals, JIT
                run(v6, local6, packet, 1_000);
                long tid = Thread.currentThread().getId();
                long before = threads.getThreadAllocatedBytes(tid);
                int received = run(v4, local4, packet, PACKETS) + run(v6, local6, packet, PACKETS);
                long allocated = threads.getThreadAllocatedBytes(tid) - before;
                assertEquals(2 * PACKETS, received);
                assertTrue(allocated < BUDGET_BYTES, allocated + " bytes allocated for " + 2 * PACKETS + " packets");
            } finally {
                ns.close();
            }
        }
    }

    private static int run(RawIpSocket socket, byte[] address, ReceivedPacket packet, int count) {
        int received = 0;
        for (int i = 0; i < count; i++) {
            socket.sendBuffer().putInt(0, i);
            socket.send(40, address, address);
            if (socket.receive(packet, 5_000) && packet.payloadLength() == 40 && packet.hopLimit() == 255
                    && packet.sourceIs(address) && packet.buffer().getInt(packet.payloadOffset()) == i) {
                received++;
            }
        }
        return received;
    }
}
