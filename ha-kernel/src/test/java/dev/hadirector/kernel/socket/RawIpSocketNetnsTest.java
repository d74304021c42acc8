package dev.hadirector.kernel.socket;

import dev.hadirector.testkit.NetLab;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.Interfaces;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LinkReadiness;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.rtnetlink.InterfaceAddress;
import dev.hadirector.kernel.rtnetlink.IpAddresses;
import dev.hadirector.kernel.rtnetlink.RtnetlinkClient;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VRRP-protocol (112) packets between two namespaces over a bridge, on the host kernel. */
class RawIpSocketNetnsTest {
    private static final int VRRP = 112;
    private static final InetAddress GROUP4 = IpAddresses.parse("224.0.0.18");
    private static final InetAddress GROUP6 = IpAddresses.parse("ff02::12");
    private static final int WAIT_MILLIS = 10_000;

    private NetLab lab;
    private NetNamespace a;
    private NetNamespace b;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void lab() {
        lab = NetLab.create();
        lab.host("a").host("b").lan("sw")
                .link("a", "sw", "veth0", "10.9.0.1/24", "10.9.0.11/24")
                .link("b", "sw", "veth0", "10.9.0.2/24");
        a = NetNamespace.at(lab.nsPath("a"));
        b = NetNamespace.at(lab.nsPath("b"));
        LinkReadiness.awaitUp(a, "veth0");
        LinkReadiness.awaitUp(b, "veth0");
        // IPv6 sources through our own client, with nodad so they are usable at once.
        for (NetNamespace n : List.of(a, b)) {
            String host = n == a ? "1" : "2";
            n.run(() -> {
                try (RtnetlinkClient rtnl = RtnetlinkClient.open()) {
                    rtnl.addAddress(InterfaceAddress.builder("fd00:9::" + host + "/64", rtnl.indexOf("veth0")).noDad().build());
                }
            });
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        for (NetNamespace n : new NetNamespace[]{a, b}) {
            if (n != null) {
                n.close();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    private RawIpSocket open(NetNamespace ns, RawIpSocket.Builder builder) {
        RawIpSocket s = ns.call(builder::open);
        toClose.add(s);
        return s;
    }

    @Test
    void ipv4MulticastArrivesWithTtl255AndTheChosenSource() {
        RawIpSocket sender = open(a, RawIpSocket.ipv4(VRRP).device("veth0"));
        RawIpSocket receiver = open(b, RawIpSocket.ipv4(VRRP).device("veth0").joinGroup(GROUP4));
        int receiverIndex = b.call(() -> Interfaces.index("veth0"));
        byte[] payload = "advertisement #1 for VRID 51".getBytes(StandardCharsets.US_ASCII);

        for (String source : new String[]{"10.9.0.1", "10.9.0.11"}) {
            sender.send(ByteBuffer.wrap(payload), GROUP4, IpAddresses.parse(source));
            ReceivedPacket packet = new ReceivedPacket();
            assertTrue(receiver.receive(packet, WAIT_MILLIS), "packet from " + source + " arrived");
            assertEquals(255, packet.hopLimit());
            assertEquals(IpAddresses.parse(source), packet.sourceAddress());
            assertTrue(packet.sourceIs(IpAddresses.parse(source).getAddress()));
            assertEquals(GROUP4, packet.destinationAddress());
            assertEquals(receiverIndex, packet.interfaceIndex());
            assertArrayEquals(payload, packet.payload());
        }
        assertFalse(sender.receive(new ReceivedPacket(), 200), "multicast loop is off: the sender hears nothing");
    }

    @Test
    void trafficClassIsSentAndReported() {
        for (boolean v6 : new boolean[]{false, true}) {
            InetAddress group = v6 ? GROUP6 : GROUP4;
            RawIpSocket sender = open(a, (v6 ? RawIpSocket.ipv6(VRRP) : RawIpSocket.ipv4(VRRP)).device("veth0")
                    .trafficClass(0xc0));
            RawIpSocket receiver = open(b, (v6 ? RawIpSocket.ipv6(VRRP) : RawIpSocket.ipv4(VRRP)).device("veth0")
                    .joinGroup(group));
            // An explicit source: the link-local address the kernel would pick may still be tentative (DAD).
            sender.send(ByteBuffer.wrap(new byte[8]), group, IpAddresses.parse(v6 ? "fd00:9::1" : "10.9.0.1"));
            ReceivedPacket packet = new ReceivedPacket();
            assertTrue(receiver.receive(packet, WAIT_MILLIS), (v6 ? "IPv6" : "IPv4") + " packet arrived");
            assertEquals(0xc0, packet.trafficClass(), v6 ? "IPv6 traffic class" : "IPv4 TOS");
        }
    }

    @Test
    void ipv4UnicastUsesTheSameTtl() {
        RawIpSocket sender = open(a, RawIpSocket.ipv4(VRRP).device("veth0"));
        RawIpSocket receiver = open(b, RawIpSocket.ipv4(VRRP).device("veth0"));
        sender.send(ByteBuffer.wrap(new byte[]{1, 2, 3}), IpAddresses.parse("10.9.0.2"), null);
        ReceivedPacket packet = new ReceivedPacket();
        assertTrue(receiver.receive(packet, WAIT_MILLIS));
        assertEquals(255, packet.hopLimit());
        assertEquals(IpAddresses.parse("10.9.0.1"), packet.sourceAddress(), "the kernel's choice without pktinfo");
        assertEquals(IpAddresses.parse("10.9.0.2"), packet.destinationAddress());
        assertArrayEquals(new byte[]{1, 2, 3}, packet.payload());
    }

    @Test
    void ipv6MulticastArrivesWithHopLimit255AndTheChosenSource() {
        RawIpSocket sender = open(a, RawIpSocket.ipv6(VRRP).device("veth0"));
        RawIpSocket receiver = open(b, RawIpSocket.ipv6(VRRP).device("veth0").joinGroup(GROUP6));
        int receiverIndex = b.call(() -> Interfaces.index("veth0"));
        byte[] payload = "v3 advertisement".getBytes(StandardCharsets.US_ASCII);
        // Encoded straight into the socket's send buffer: the zero-copy path.
        sender.sendBuffer().put(0, payload);
        sender.send(payload.length, GROUP6.getAddress(), IpAddresses.parse("fd00:9::1").getAddress());

        ReceivedPacket packet = new ReceivedPacket();
        assertTrue(receiver.receive(packet, WAIT_MILLIS), "packet arrived");
        assertEquals(255, packet.hopLimit());
        assertEquals(IpAddresses.parse("fd00:9::1"), packet.sourceAddress());
        assertEquals(GROUP6, packet.destinationAddress());
        assertEquals(receiverIndex, packet.interfaceIndex());
        assertArrayEquals(payload, packet.payload(), "the kernel added no checksum to the payload");
        assertFalse(sender.receive(new ReceivedPacket(), 200), "multicast loop is off");
    }

    @Test
    void icmpv6NeighbourAdvertisementGetsItsChecksumFromTheKernel() {
        RawIpSocket sender = open(a, RawIpSocket.ipv6(58).device("veth0"));
        RawIpSocket receiver = open(b, RawIpSocket.ipv6(58).device("veth0"));
        byte[] target = IpAddresses.parse("fd00:9::100").getAddress();
        ByteBuffer na = sender.sendBuffer();
        na.put(0, (byte) 136).put(1, (byte) 0).putShort(2, (short) 0);              // type, code, checksum (kernel)
        na.put(4, (byte) 0x20).put(5, (byte) 0).put(6, (byte) 0).put(7, (byte) 0); // Override, unsolicited
        na.put(8, target);
        na.put(24, (byte) 2).put(25, (byte) 1).put(26, new byte[]{2, 0, 0, 0, 0, 0x64}); // target link-layer address
        sender.send(32, IpAddresses.parse("ff02::1").getAddress(), IpAddresses.parse("fd00:9::1").getAddress());

        ReceivedPacket packet = new ReceivedPacket();
        boolean seen = false;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!seen && System.nanoTime() < deadline) {
            // Other ICMPv6 (router solicitations, MLD reports) flows too; the kernel drops bad checksums first.
            seen = receiver.receive(packet, 500) && packet.payloadLength() == 32
                    && (packet.buffer().get(packet.payloadOffset()) & 0xff) == 136;
        }
        assertTrue(seen, "neighbour advertisement arrived with a valid checksum");
        byte[] body = packet.payload();
        assertTrue(body[2] != 0 || body[3] != 0, "the kernel filled in the checksum");
        assertArrayEquals(target, java.util.Arrays.copyOfRange(body, 8, 24));
        assertEquals(255, packet.hopLimit());
        assertEquals(IpAddresses.parse("ff02::1"), packet.destinationAddress());
        assertEquals(IpAddresses.parse("fd00:9::1"), packet.sourceAddress());
    }

    @Test
    void errorsNameTheObject() {
        KernelException noDevice = assertThrows(KernelException.class,
                () -> a.call(RawIpSocket.ipv4(VRRP).device("nosuch0")::open));
        assertEquals("find interface nosuch0: ENODEV (No such device)", noDevice.getMessage());

        RawIpSocket sender = open(a, RawIpSocket.ipv4(VRRP).device("veth0"));
        KernelException badSource = assertThrows(KernelException.class, () -> sender.send(ByteBuffer.wrap(new byte[4]),
                GROUP4, IpAddresses.parse("192.0.2.99")));
        // The kernel refuses a source that is not ours (ENETUNREACH from the route lookup on 6.x kernels).
        assertTrue(badSource.getMessage().matches(".*\\): E[A-Z]+ \\(.*\\)$"), badSource.getMessage());
        assertTrue(badSource.getMessage().startsWith("send protocol 112 packet of 4 bytes to 224.0.0.18 from 192.0.2.99 on veth0"),
                badSource.getMessage());

        IllegalArgumentException wrongFamily = assertThrows(IllegalArgumentException.class,
                () -> RawIpSocket.ipv4(VRRP).device("veth0").joinGroup(GROUP6).open());
        assertEquals("group ff02:0:0:0:0:0:0:12 is not an IPv4 multicast address", wrongFamily.getMessage());
        IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class,
                () -> RawIpSocket.ipv6(VRRP).hopLimit(256).open());
        assertEquals("hopLimit 256 out of range: must be 1..255", ttl.getMessage());
    }
}
