package dev.hadirector.kernel.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NetlinkWriterTest {
    private static final boolean LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** Hand-built expectation: little-endian x86_64/arm64 layout written byte by byte. */
    private static byte[] hex(String spaced) {
        String[] parts = spaced.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static byte[] bytes(NetlinkWriter w) {
        ByteBuffer frames = w.frames();
        byte[] out = new byte[frames.remaining()];
        frames.get(out);
        return out;
    }

    @Test
    void genericMessageWithPaddedAttributesIsByteExact() {
        org.junit.jupiter.api.Assumptions.assumeTrue(LE, "expected bytes are written for little-endian hosts");
        NetlinkWriter w = new NetlinkWriter(16);
        w.beginMessage(0x10, 0x0001).u8(3).u8(1).u16(0)
                .putString(2, "IPVS")         // len 4+5=9, padded to 12
                .putU8(7, 0xAB)               // len 5, padded to 8
                .putBe16(9, 80)               // len 6, network order, padded to 8
                .endMessage();
        byte[] expected = hex(
                "30 00 00 00  10 00 01 00  00 00 00 00  00 00 00 00 "  // nlmsghdr len=48 type=0x10 flags=1
              + "03 01 00 00 "                                         // genlmsghdr cmd=3 version=1
              + "09 00 02 00  49 50 56 53  00 00 00 00 "               // "IPVS\0" + 3 pad
              + "05 00 07 00  ab 00 00 00 "                            // u8 + 3 pad
              + "06 00 09 00  00 50 00 00 ");                          // be16 80 + 2 pad
        assertArrayEquals(expected, bytes(w));
        assertEquals(1, w.messageCount());
        assertEquals(48, w.messageLength(0));
    }

    @Test
    void nestedAttributesPatchTheirLengthAndGrowTheBuffer() {
        org.junit.jupiter.api.Assumptions.assumeTrue(LE, "expected bytes are written for little-endian hosts");
        NetlinkWriter w = new NetlinkWriter(16); // forces growth while writing
        w.beginMessage(0x20, 0).u32(0);
        w.nested(1, n -> n.putU32(2, 0x01020304).nested(3, inner -> inner.putFlag(4)));
        w.putU64(5, 0x1122334455667788L);
        w.endMessage();
        byte[] expected = hex(
                "34 00 00 00  20 00 00 00  00 00 00 00  00 00 00 00 "
              + "00 00 00 00 "
              + "14 00 01 00 "                 // nest 1: 4 + 8 + 8 = 20
              + "08 00 02 00  04 03 02 01 "
              + "08 00 03 00 "                 // nest 3: 4 + 4
              + "04 00 04 00 "                 // flag
              + "0c 00 05 00  88 77 66 55 44 33 22 11");
        assertArrayEquals(expected, bytes(w));
    }

    @Test
    void severalMessagesLieBackToBackAligned() {
        NetlinkWriter w = new NetlinkWriter();
        w.beginMessage(0x20, 0).u8(1).endMessage();          // 17 bytes, padded to 20
        w.beginMessage(0x21, Netlink.NLM_F_DUMP).endMessage();
        assertEquals(2, w.messageCount());
        assertEquals(0, w.messageOffset(0));
        assertEquals(17, w.messageLength(0));
        assertEquals(20, w.messageOffset(1));
        assertEquals(Netlink.NLM_F_DUMP, w.messageFlags(1));
        assertEquals(0x21, w.messageType(1));
        assertEquals(36, w.length());
        w.clear();
        assertEquals(0, w.messageCount());
        assertEquals(0, w.length());
    }

    @Test
    void misuseIsRefusedWithAReason() {
        NetlinkWriter w = new NetlinkWriter();
        assertThrows(IllegalStateException.class, () -> w.putU32(1, 1));
        w.beginMessage(0x20, 0);
        int outer = w.beginNested(1);
        w.beginNested(2);
        IllegalStateException wrongOrder = assertThrows(IllegalStateException.class, () -> w.endNested(outer));
        assertTrue(wrongOrder.getMessage().contains("innermost"), wrongOrder.getMessage());
        assertThrows(IllegalStateException.class, w::endMessage);
        assertThrows(IllegalStateException.class, () -> w.beginMessage(0x21, 0));
        assertThrows(IllegalArgumentException.class, () -> w.putBytes(9, new byte[70_000]));
    }

    @Test
    void readerWalksWhatTheWriterWrote() {
        NetlinkWriter w = new NetlinkWriter();
        w.beginMessage(0x20, 0).u32(0x55);
        w.putString(1, "rr").putBe16(2, 8080).putU64(3, -2L);
        w.nested(4, n -> n.putU32(5, 7).putU16(6, 0xfffe));
        w.endMessage();
        NetlinkMessage m = NetlinkMessage.parse(w.frames()).get(0);
        assertEquals(0x20, m.type());
        AttributeReader r = m.attributes(4);
        assertTrue(r.next());
        assertEquals(1, r.type());
        assertEquals("rr", r.string());
        assertTrue(r.next());
        assertEquals(8080, r.be16());
        assertTrue(r.next());
        assertEquals(-2L, r.u64());
        assertTrue(r.next());
        AttributeReader nested = r.nested();
        assertTrue(nested.next());
        assertEquals(7, nested.u32());
        assertTrue(nested.next());
        assertEquals(0xfffe, nested.u16());
        assertFalse(nested.next());
        assertFalse(r.next());
        assertTrue(r.find(2));
        assertEquals(8080, r.be16());
        assertFalse(r.find(99));
    }
}
