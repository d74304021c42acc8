package dev.hadirector.kernel.packet;

import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Capture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LinkReadiness;
import dev.hadirector.kernel.NativeBuffer;
import dev.hadirector.kernel.netns.NetNamespace;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A gratuitous ARP from one namespace, seen by tcpdump and by a packet socket in two others. */
class PacketSocketNetnsTest {
    private static final byte[] VIP = {10, 9, 0, 100};

    private NetLab lab;
    private NetNamespace a;
    private NetNamespace b;

    @BeforeEach
    void lab() {
        lab = NetLab.create();
        lab.host("a").host("b").host("c").lan("sw")
                .link("a", "sw", "veth0", "10.9.0.1/24")
                .link("b", "sw", "veth0", "10.9.0.2/24")
                .link("c", "sw", "veth0", "10.9.0.3/24");
        a = NetNamespace.at(lab.nsPath("a"));
        b = NetNamespace.at(lab.nsPath("b"));
        LinkReadiness.awaitUp(a, "veth0");
        LinkReadiness.awaitUp(b, "veth0");
    }

    @AfterEach
    void cleanUp() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void gratuitousArpIsSeenByACaptureAndAPacketSocket() throws Exception {
        try (Capture capture = Capture.start(lab, "c", "veth0", "arp");
             PacketSocket sender = a.call(() -> PacketSocket.arp("veth0"));
             PacketSocket listener = b.call(() -> PacketSocket.arp("veth0"))) {
            String mac = sender.hardwareAddress().toString();
            assertTrue(lab.exec("a", "ip", "-o", "link", "show", "veth0").ok().stdout().contains("link/ether " + mac));

            new ArpFrame().wrap(sender.sendBuffer()).gratuitousRequest(sender.hardwareAddress().toBytes(), VIP);
            sender.send(ArpFrame.LENGTH);

            NativeBuffer frame = new NativeBuffer(2048);
            ArpFrame decoded = new ArpFrame();
            boolean seen = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!seen && System.nanoTime() < deadline) {
                int length = listener.receive(frame, 500);
                if (length >= ArpFrame.LENGTH) {
                    decoded.wrap(frame.buffer(), 0, length);
                    seen = decoded.isEthernetIpv4Arp() && decoded.senderProtocol() == 0x0a090064;
                }
            }
            assertTrue(seen, "the packet socket in b received the announcement");
            assertTrue(decoded.isGratuitous());
            assertEquals(ArpFrame.OPERATION_REQUEST, decoded.operation());
            byte[] sha = new byte[6];
            decoded.senderHardwareInto(sha);
            assertArrayEquals(sender.hardwareAddress().toBytes(), sha);

            String line = capture.awaitLine(l -> l.contains("who-has 10.9.0.100"), Duration.ofSeconds(10))
                    .orElseGet(() -> fail("capture never showed the announcement: " + capture.lines()));
            assertTrue(line.startsWith(mac) || line.contains(" " + mac + " > ff:ff:ff:ff:ff:ff"), line);
            assertTrue(line.contains("tell 10.9.0.100"), line);
        }
    }

    @Test
    void missingInterfaceIsNamed() {
        KernelException e = assertThrows(KernelException.class, () -> a.call(() -> PacketSocket.arp("nosuch0")));
        assertEquals("find interface nosuch0: ENODEV (No such device)", e.getMessage());
    }
}
