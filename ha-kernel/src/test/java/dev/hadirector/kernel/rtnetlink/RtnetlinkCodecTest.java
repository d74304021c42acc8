package dev.hadirector.kernel.rtnetlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.netlink.NetlinkFormatException;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames compared byte for byte with ones computed by hand from the struct layouts in linux/rtnetlink.h,
 * if_addr.h and if_link.h (little-endian hosts: x86_64 and arm64, which is where this runs).
 */
class RtnetlinkCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void littleEndianHost() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "frames below are written for little-endian hosts");
    }

    private static String hex(NetlinkWriter w) {
        ByteBuffer frames = w.frames();
        byte[] out = new byte[frames.remaining()];
        frames.get(out);
        return HEX.formatHex(out);
    }

    private static NetlinkMessage message(String hex) {
        List<NetlinkMessage> parsed = NetlinkMessage.parse(ByteBuffer.wrap(HEX.parseHex(hex.replace(" ", "")))
                .order(ByteOrder.nativeOrder()));
        assertEquals(1, parsed.size());
        return parsed.get(0);
    }

    @Test
    void addIpv4AddressWithLabel() {
        InterfaceAddress a = InterfaceAddress.builder("10.1.0.5/24", 4).label("veth0:vip").build();
        String expected = ""
                + "38000000" + "1400" + "0006" + "00000000" + "00000000"   // nlmsghdr: 56 bytes, RTM_NEWADDR, CREATE|EXCL
                + "02" + "18" + "00" + "00" + "04000000"                    // ifaddrmsg: AF_INET, /24, flags 0, universe, index 4
                + "0800" + "0200" + "0a010005"                              // IFA_LOCAL
                + "0800" + "0100" + "0a010005"                              // IFA_ADDRESS
                + "0e00" + "0300" + "76657468303a76697000" + "0000";       // IFA_LABEL "veth0:vip\0" + 2 pad
        assertEquals(expected, hex(RtnetlinkCodec.addressAdd(new NetlinkWriter(), a, false)));
    }

    @Test
    void addIpv6AddressWithNodadCarriesIfaFlags() {
        InterfaceAddress a = InterfaceAddress.builder("fd00::5/64", 7).noDad().build();
        String addr = "fd000000000000000000000000000005";
        String expected = ""
                + "48000000" + "1400" + "0006" + "00000000" + "00000000"   // 72 bytes
                + "0a" + "40" + "02" + "00" + "07000000"                    // AF_INET6, /64, NODAD, universe, index 7
                + "1400" + "0200" + addr                                    // IFA_LOCAL
                + "1400" + "0100" + addr                                    // IFA_ADDRESS
                + "0800" + "0800" + "02000000";                             // IFA_FLAGS = NODAD
        assertEquals(expected, hex(RtnetlinkCodec.addressAdd(new NetlinkWriter(), a, false)));
    }

    @Test
    void flagsAboveEightBitsTravelOnlyInIfaFlags() {
        InterfaceAddress a = InterfaceAddress.builder("fd00::5/64", 7).noDad().noPrefixRoute().build();
        String frame = hex(RtnetlinkCodec.addressAdd(new NetlinkWriter(), a, true));
        assertEquals("1400" + "0005", frame.substring(8, 16), "RTM_NEWADDR with CREATE|REPLACE");
        assertEquals("0a400200", frame.substring(32, 40), "header keeps the low 8 bits (NODAD)");
        assertTrue(frame.endsWith("0800" + "0800" + "02020000"), frame);
    }

    @Test
    void deleteAddress() {
        InterfaceAddress a = InterfaceAddress.builder("192.168.7.1/32", 12).build();
        String expected = "28000000" + "1500" + "0000" + "00000000" + "00000000" // 40 bytes, RTM_DELADDR
                + "02200000" + "0c000000"
                + "0800" + "0200" + "c0a80701"
                + "0800" + "0100" + "c0a80701";
        assertEquals(expected, hex(RtnetlinkCodec.addressDelete(new NetlinkWriter(), a)));
    }

    @Test
    void linkAndAddressDumps() {
        assertEquals("20000000" + "1200" + "0003" + "0000000000000000" + "00".repeat(16),
                hex(RtnetlinkCodec.linkDump(new NetlinkWriter())));
        assertEquals("18000000" + "1600" + "0003" + "0000000000000000" + "0a000000" + "00000000",
                hex(RtnetlinkCodec.addressDump(new NetlinkWriter(), 10)));
    }

    @Test
    void linkGetByNameAndSetUp() {
        assertEquals("2c000000" + "1200" + "0000" + "0000000000000000" + "00".repeat(16)
                        + "0900" + "0300" + "6574683000" + "000000",
                hex(RtnetlinkCodec.linkGet(new NetlinkWriter(), "eth0")));
        assertEquals("20000000" + "1000" + "0000" + "0000000000000000"
                        + "00" + "00" + "0000" + "05000000" + "00000000" + "01000000",
                hex(RtnetlinkCodec.linkSetUp(new NetlinkWriter(), 5, false)));
    }

    @Test
    void addMacvlanAndDeleteLink() {
        MacvlanLink vmac = MacvlanLink.builder("vrrp.51", 4).address(MacAddress.parse("00:00:5e:00:01:33")).build();
        String expected = ""
                + "5c000000" + "1000" + "0006" + "0000000000000000"           // 92 bytes RTM_NEWLINK CREATE|EXCL
                + "00".repeat(16)                                              // ifinfomsg
                + "0c00" + "0300" + "767272702e353100"                         // IFLA_IFNAME "vrrp.51"
                + "0800" + "0500" + "04000000"                                 // IFLA_LINK 4
                + "0a00" + "0100" + "00005e000133" + "0000"                    // IFLA_ADDRESS
                + "1c00" + "1200"                                              // IFLA_LINKINFO, 28 bytes
                + "0c00" + "0100" + "6d6163766c616e00"                         //   IFLA_INFO_KIND "macvlan"
                + "0c00" + "0200"                                              //   IFLA_INFO_DATA, 12 bytes
                + "0800" + "0100" + "01000000";                                //     IFLA_MACVLAN_MODE private
        assertEquals(expected, hex(RtnetlinkCodec.linkAddMacvlan(new NetlinkWriter(), vmac)));
        assertEquals("20000000" + "1100" + "0000" + "0000000000000000" + "0000" + "0000" + "09000000" + "00".repeat(8),
                hex(RtnetlinkCodec.linkDelete(new NetlinkWriter(), 9)));
    }

    @Test
    void macvlanSpecsAreValidated() {
        assertEquals("address 01:00:5e:00:01:33 of macvlan vrrp.51 is a multicast address: must be unicast",
                assertThrows(IllegalArgumentException.class, () -> MacvlanLink.builder("vrrp.51", 4)
                        .address(MacAddress.parse("01:00:5e:00:01:33")).build()).getMessage());
        assertEquals("parentIndex 0 of macvlan vrrp.51 out of range: must be positive",
                assertThrows(IllegalArgumentException.class, () -> MacvlanLink.builder("vrrp.51", 0).build()).getMessage());
        assertEquals("interface name \"a b\" contains ' ': not allowed in interface names",
                assertThrows(IllegalArgumentException.class, () -> MacvlanLink.builder("a b", 3).build()).getMessage());
    }

    @Test
    void parsesALink() {
        NetlinkMessage m = message(""
                + "48000000" + "1000" + "0000" + "00000000" + "00000000"       // 72 bytes RTM_NEWLINK
                + "00" + "00" + "0100" + "04000000" + "43100100" + "00000000"   // ARPHRD_ETHER, index 4, UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP
                + "0a00" + "0300" + "7665746830" + "00" + "0000"               // IFLA_IFNAME "veth0"
                + "0800" + "0400" + "dc050000"                                 // IFLA_MTU 1500
                + "0500" + "1000" + "06" + "000000"                            // IFLA_OPERSTATE UP
                + "0a00" + "0100" + "02aabbccddee" + "0000"                    // IFLA_ADDRESS
                + "0800" + "7f00" + "01020304");                               // an attribute this code does not know
        Link link = RtnetlinkCodec.parseLink(m);
        assertEquals(4, link.index());
        assertEquals("veth0", link.name());
        assertEquals(1500, link.mtu());
        assertEquals(OperState.UP, link.operState());
        assertEquals("02:aa:bb:cc:dd:ee", link.address().orElseThrow().toString());
        assertTrue(link.isUp());
        assertTrue(link.hasCarrier());
        assertFalse(link.isLoopback());
    }

    @Test
    void parsesAnIpv4AddressPreferringLocalOverPeer() {
        NetlinkMessage m = message(""
                + "3c000000" + "1400" + "0000" + "00000000" + "00000000"
                + "02" + "20" + "80" + "00" + "09000000"                   // AF_INET /32 PERMANENT universe index 9
                + "0800" + "0100" + "0a000002"                             // IFA_ADDRESS (peer) 10.0.0.2
                + "0800" + "0200" + "0a000001"                             // IFA_LOCAL 10.0.0.1
                + "0a00" + "0300" + "7070703000" + "000000"                // IFA_LABEL "ppp0"
                + "0800" + "0800" + "80020000");                           // IFA_FLAGS PERMANENT|NOPREFIXROUTE
        InterfaceAddress a = RtnetlinkCodec.parseAddress(m).orElseThrow();
        assertEquals("10.0.0.1/32", a.cidr());
        assertEquals(9, a.interfaceIndex());
        assertEquals("ppp0", a.label().orElseThrow());
        assertEquals(0x280, a.flags());
        assertTrue(a.hasFlag(Rtnetlink.IFA_F_NOPREFIXROUTE));
    }

    @Test
    void otherFamiliesAreSkippedAndMalformedMessagesNamed() {
        NetlinkMessage decnet = message("18000000" + "1400" + "0000" + "0000000000000000" + "0c100000" + "01000000");
        assertTrue(RtnetlinkCodec.parseAddress(decnet).isEmpty());

        NetlinkMessage shortHeader = message("14000000" + "1400" + "0000" + "0000000000000000" + "02180000");
        NetlinkFormatException e = assertThrows(NetlinkFormatException.class, () -> RtnetlinkCodec.parseAddress(shortHeader));
        assertTrue(e.getMessage().contains("8-byte ifaddrmsg"), e.getMessage());

        NetlinkMessage badLength = message("20000000" + "1400" + "0000" + "0000000000000000" + "02180000" + "03000000"
                + "0700" + "0200" + "0a0000" + "00");
        e = assertThrows(NetlinkFormatException.class, () -> RtnetlinkCodec.parseAddress(badLength));
        assertTrue(e.getMessage().contains("3 bytes, 4 expected"), e.getMessage());

        NetlinkMessage noName = message("20000000" + "1000" + "0000" + "0000000000000000" + "00".repeat(4) + "03000000"
                + "00".repeat(8));
        e = assertThrows(NetlinkFormatException.class, () -> RtnetlinkCodec.parseLink(noName));
        assertTrue(e.getMessage().contains("index 3 lacks IFLA_IFNAME"), e.getMessage());
    }
}
