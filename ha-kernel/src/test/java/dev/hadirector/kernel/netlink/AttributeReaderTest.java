package dev.hadirector.kernel.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttributeReaderTest {

    private static ByteBuffer buf(int... shortsAndBytes) {
        ByteBuffer b = ByteBuffer.allocate(shortsAndBytes.length).order(ByteOrder.nativeOrder());
        for (int v : shortsAndBytes) {
            b.put((byte) v);
        }
        return b.flip();
    }

    private static ByteBuffer attr(int length, int type, int payloadBytes) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(4, 4 + payloadBytes)).order(ByteOrder.nativeOrder());
        b.putShort((short) length).putShort((short) type);
        return b.position(0);
    }

    @Test
    void lengthBelowHeaderNamesTheAttribute() {
        NetlinkFormatException e = assertThrows(NetlinkFormatException.class,
                () -> AttributeReader.of(attr(2, 7, 0)).next());
        assertTrue(e.getMessage().contains("type 7") && e.getMessage().contains("length 2"), e.getMessage());
    }

    @Test
    void attributeRunningPastItsContainerIsRefused() {
        NetlinkFormatException e = assertThrows(NetlinkFormatException.class,
                () -> AttributeReader.of(attr(12, 3, 4)).next());
        assertTrue(e.getMessage().contains("runs past"), e.getMessage());
    }

    @Test
    void valueShorterThanItsTypeIsRefused() {
        AttributeReader r = AttributeReader.of(attr(6, 3, 4));
        assertTrue(r.next());
        assertEquals(2, r.length());
        NetlinkFormatException e = assertThrows(NetlinkFormatException.class, r::u32);
        assertTrue(e.getMessage().contains("4 needed"), e.getMessage());
    }

    @Test
    void flagsAreMaskedFromTheType() {
        AttributeReader r = AttributeReader.of(attr(4, 5 | Netlink.NLA_F_NESTED, 0));
        assertTrue(r.next());
        assertEquals(5, r.type());
        assertTrue(r.nestedFlag());
        assertFalse(r.next());
    }

    @Test
    void strayNonZeroTailIsReportedButZeroPaddingIsNot() {
        assertFalse(AttributeReader.of(buf(0, 0)).next());
        assertThrows(NetlinkFormatException.class, () -> AttributeReader.of(buf(1, 0)).next());
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButFormatErrors() {
        Random random = new Random(20261129L);
        for (int round = 0; round < 20_000; round++) {
            byte[] data = new byte[random.nextInt(64)];
            random.nextBytes(data);
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
            try {
                for (NetlinkMessage m : NetlinkMessage.parse(b)) {
                    walk(m.attributes(0));
                }
                walk(AttributeReader.of(b));
            } catch (NetlinkFormatException expected) {
                // the only acceptable failure
            }
        }
    }

    private static void walk(AttributeReader r) {
        while (r.next()) {
            if (r.length() >= 4) {
                r.u32();
            }
            r.string();
            r.bytes();
            walk(r.nested());
        }
    }
}
