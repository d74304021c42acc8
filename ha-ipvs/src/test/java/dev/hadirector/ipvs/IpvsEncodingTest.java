package dev.hadirector.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.Protocol;
import dev.hadirector.api.Scheduler;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests byte for byte, the expected bytes computed by hand from linux/ip_vs.h (host order: little endian). */
class IpvsEncodingTest {
    private static final int FAMILY = 0x23;

    @BeforeAll
    static void littleEndianHost() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN,
                "expected bytes are written for a little-endian host; this one is big-endian");
    }

    private static String payloadHex(IpvsOperation op) {
        NetlinkWriter w = new NetlinkWriter(512);
        op.write(w, FAMILY);
        NetlinkMessage m = NetlinkMessage.parse(w.frames()).get(0);
        assertEquals(FAMILY, m.type(), "netlink type is the family id");
        ByteBuffer p = m.payload();
        byte[] bytes = new byte[p.remaining()];
        p.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hex(String spaced) {
        return spaced.replaceAll("\\s+", "");
    }

    @Test
    void addTcpServiceWithDefaults() throws Exception {
        IpvsService svc = IpvsService.of(ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 80),
                Scheduler.WLC);
        String expected = hex("""
                01 01 0000
                5400 0100
                  0600 0100 0200 0000
                  0600 0200 0600 0000
                  1400 0300 0a000001 00000000 00000000 00000000
                  0600 0400 0050 0000
                  0800 0600 776c6300
                  0c00 0700 00000000 ffffffff
                  0800 0800 00000000
                  0800 0900 ffffffff
                """);
        assertEquals(expected, payloadHex(new IpvsOperation.AddService(svc)));
    }

    @Test
    void editPersistentIpv6ServiceWithEngineAndFlags() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.UDP, InetAddress.getByName("2001:db8::1"), 53);
        IpvsService svc = new IpvsService(key, Scheduler.SH,
                Ipvs.SVC_F_PERSISTENT | Ipvs.SVC_F_ONEPACKET | Ipvs.SVC_F_SCHED1, 600, 64, "sip");
        String expected = hex("""
                02 01 0000
                5c00 0100
                  0600 0100 0a00 0000
                  0600 0200 1100 0000
                  1400 0300 20010db8 00000000 00000000 00000001
                  0600 0400 0035 0000
                  0700 0600 736800 00
                  0800 0b00 73697000
                  0c00 0700 0d000000 ffffffff
                  0800 0800 58020000
                  0800 0900 40000000
                """);
        assertEquals(expected, payloadHex(new IpvsOperation.EditService(svc)));
    }

    @Test
    void firewallMarkServiceKeyForDelete() {
        String expected = hex("""
                03 01 0000
                1400 0100
                  0600 0100 0200 0000
                  0800 0500 07000000
                """);
        assertEquals(expected, payloadHex(new IpvsOperation.DeleteService(ServiceKey.firewallMark(7, false))));
    }

    @Test
    void ipv4MaskGoesInNetworkOrder() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 80);
        IpvsService svc = IpvsService.of(key, Scheduler.RR).withPersistence(300, 0xffffff00);
        String hex = payloadHex(new IpvsOperation.AddService(svc));
        // flags = PERSISTENT, timeout 300 = 0x12c, netmask bytes ff ff ff 00
        String tail = hex("0c00 0700 01000000 ffffffff  0800 0800 2c010000  0800 0900 ffffff00");
        assertEquals(tail, hex.substring(hex.length() - tail.length()));
    }

    @Test
    void addMasqueradeDestination() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 80);
        IpvsDestination d = new IpvsDestination(InetAddress.getByName("10.0.0.2"), 8080, Forwarding.MASQUERADE, 3,
                100, 10);
        String expected = hex("""
                05 01 0000
                3000 0100
                  0600 0100 0200 0000
                  0600 0200 0600 0000
                  1400 0300 0a000001 00000000 00000000 00000000
                  0600 0400 0050 0000
                4800 0200
                  0600 0b00 0200 0000
                  1400 0100 0a000002 00000000 00000000 00000000
                  0600 0200 1f90 0000
                  0800 0300 00000000
                  0800 0400 03000000
                  0800 0500 64000000
                  0800 0600 0a000000
                """);
        assertEquals(expected, payloadHex(new IpvsOperation.AddDestination(key, d)));
    }

    @Test
    void editGueTunnelDestinationOfIpv6Service() throws Exception {
        ServiceKey key = ServiceKey.firewallMark(9, true);
        IpvsDestination d = new IpvsDestination(InetAddress.getByName("10.0.0.4"), 0,
                Forwarding.tunnel(Forwarding.TunnelType.GUE, 6080, Forwarding.TunnelChecksum.CHECKSUM), 0, 0, 0);
        String expected = hex("""
                06 01 0000
                1400 0100
                  0600 0100 0a00 0000
                  0800 0500 09000000
                6000 0200
                  0600 0b00 0200 0000
                  1400 0100 0a000004 00000000 00000000 00000000
                  0600 0200 0000 0000
                  0800 0300 02000000
                  0800 0400 00000000
                  0500 0d00 01 000000
                  0600 0e00 17c0 0000
                  0600 0f00 0100 0000
                  0800 0500 00000000
                  0800 0600 00000000
                """);
        assertEquals(expected, payloadHex(new IpvsOperation.EditDestination(key, d)));
    }

    @Test
    void deleteDestinationCarriesOnlyItsKey() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.SCTP, InetAddress.getByName("10.0.0.1"), 5000);
        IpvsDestination d = IpvsDestination.of(InetAddress.getByName("2001:db8::2"), 5000, Forwarding.TUNNEL, 1);
        String expected = hex("""
                07 01 0000
                3000 0100
                  0600 0100 0200 0000
                  0600 0200 8400 0000
                  1400 0300 0a000001 00000000 00000000 00000000
                  0600 0400 1388 0000
                2800 0200
                  0600 0b00 0a00 0000
                  1400 0100 20010db8 00000000 00000000 00000002
                  0600 0200 1388 0000
                """);
        assertEquals(expected, payloadHex(new IpvsOperation.DeleteDestination(key, d)));
    }

    @Test
    void zeroOneServiceAndFlush() throws Exception {
        assertEquals(hex("10 01 0000"), payloadHex(new IpvsOperation.Zero(null)));
        assertEquals(hex("11 01 0000"), payloadHex(new IpvsOperation.Flush()));
        String zeroOne = payloadHex(new IpvsOperation.Zero(ServiceKey.firewallMark(1, false)));
        assertEquals(hex("10 01 0000 1400 0100 0600 0100 0200 0000 0800 0500 01000000"), zeroOne);
    }
}
