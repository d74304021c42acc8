package dev.hadirector.vrrp.codec;

import static dev.hadirector.vrrp.codec.Frames.bytes;
import static dev.hadirector.vrrp.codec.Frames.concat;
import static dev.hadirector.vrrp.codec.Frames.referenceChecksum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VrrpPacketTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static byte[] written(AdvertWriter w, int priority, int interval, byte[] src, byte[] dst, int offset,
                                  ByteOrder order) {
        ByteBuffer buf = ByteBuffer.allocate(offset + w.length() + 3).order(order);
        int n = w.write(buf, offset, priority, interval, src, dst);
        assertEquals(w.length(), n);
        return Arrays.copyOfRange(buf.array(), offset, offset + n);
    }

    @Test
    void referenceChecksumAgreesWithHandComputedFrames() {
        byte[] v2 = Frames.V2_PASS.clone();
        v2[6] = 0;
        v2[7] = 0;
        assertEquals(0x7b0d, referenceChecksum(v2));
        byte[] v3 = Frames.V3_IPV4.clone();
        v3[6] = 0;
        v3[7] = 0;
        byte[] pseudo = concat(Frames.V3_IPV4_SRC, Frames.V3_IPV4_DST, bytes(0, 112, 0, v3.length));
        assertEquals(0xd3b4, referenceChecksum(concat(pseudo, v3)));
        byte[] v6 = Frames.V3_IPV6.clone();
        v6[6] = 0;
        v6[7] = 0;
        byte[] pseudo6 = concat(Frames.V3_IPV6_SRC, Frames.V3_IPV6_DST, bytes(0, 0, 0, v6.length, 0, 0, 0, 112));
        assertEquals(0x0b8f, referenceChecksum(concat(pseudo6, v6)));
    }

    @Test
    void writesV2WithPasswordByteForByte() throws Exception {
        AdvertWriter w = new AdvertWriter(2, 51, List.of(ip("192.168.1.200")), Optional.of("secret"));
        assertEquals(20, w.length());
        // The v2 checksum has no pseudo-header: source and destination must not matter.
        assertArrayEquals(Frames.V2_PASS, written(w, 100, 1, bytes(1, 2, 3, 4), bytes(5, 6, 7, 8), 0,
                ByteOrder.BIG_ENDIAN));
        assertArrayEquals(Frames.V2_PASS, written(w, 100, 1, bytes(9, 9, 9, 9), bytes(224, 0, 0, 18), 5,
                ByteOrder.LITTLE_ENDIAN));
    }

    @Test
    void writesV3OverIpv4WithPseudoHeaderChecksum() throws Exception {
        AdvertWriter w = new AdvertWriter(3, 51, List.of(ip("192.168.1.200")), Optional.empty());
        assertArrayEquals(Frames.V3_IPV4, written(w, 150, 100, Frames.V3_IPV4_SRC, Frames.V3_IPV4_DST, 0,
                ByteOrder.BIG_ENDIAN));
        // Another destination (a unicast peer) changes the checksum and nothing else.
        byte[] other = written(w, 150, 100, Frames.V3_IPV4_SRC, bytes(192, 168, 1, 11), 7, ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(Arrays.copyOf(Frames.V3_IPV4, 6), Arrays.copyOf(other, 6));
        byte[] zeroed = other.clone();
        zeroed[6] = 0;
        zeroed[7] = 0;
        int expected = referenceChecksum(concat(Frames.V3_IPV4_SRC, bytes(192, 168, 1, 11), bytes(0, 112, 0, 12), zeroed));
        assertEquals(expected, ((other[6] & 0xff) << 8) | (other[7] & 0xff));
    }

    @Test
    void writesV3OverIpv6() throws Exception {
        AdvertWriter w = new AdvertWriter(3, 51, List.of(ip("2001:db8::100")), Optional.empty());
        assertEquals(24, w.length());
        assertArrayEquals(Frames.V3_IPV6, written(w, 150, 100, Frames.V3_IPV6_SRC, Frames.V3_IPV6_DST, 0,
                ByteOrder.BIG_ENDIAN));
    }

    @Test
    void readsEveryFieldOfV2() {
        ByteBuffer buf = ByteBuffer.wrap(concat(bytes(0xee, 0xee), Frames.V2_PASS));
        VrrpPacket p = new VrrpPacket().wrap(buf, 2, Frames.V2_PASS.length, 4);
        assertEquals(2, p.version());
        assertEquals(1, p.type());
        assertEquals(51, p.virtualRouterId());
        assertEquals(100, p.priority());
        assertEquals(1, p.addressCount());
        assertEquals(VrrpPacket.AUTH_SIMPLE_PASSWORD, p.authType());
        assertEquals(1, p.advertIntervalField());
        assertEquals(1_000_000_000L, p.advertIntervalNanos());
        assertEquals(0x7b0d, p.checksum());
        assertEquals(20, p.completeLength());
        byte[] a = new byte[4];
        p.copyAddress(0, a);
        assertArrayEquals(bytes(192, 168, 1, 200), a);
        assertTrue(p.addressEquals(0, bytes(192, 168, 1, 200)));
        assertFalse(p.addressEquals(0, bytes(192, 168, 1, 201)));
        assertTrue(p.authDataEquals(AdvertWriter.authData("secret")));
        assertFalse(p.authDataEquals(AdvertWriter.authData("secreT")));
        assertTrue(p.checksumValid(null, null));
        assertEquals(0, buf.position(), "absolute access only");
    }

    @Test
    void readsV3IntervalAsTwelveBitsIgnoringReservedBits() {
        byte[] frame = Frames.V3_IPV4.clone();
        frame[4] = (byte) 0xff;  // reserved bits 1111, interval high nibble f
        frame[5] = (byte) 0xff;
        VrrpPacket p = new VrrpPacket().wrap(ByteBuffer.wrap(frame), 0, frame.length, 4);
        assertEquals(0xfff, p.advertIntervalField());
        assertEquals(40_950_000_000L, p.advertIntervalNanos());
        assertEquals(0xf, p.reservedBits());
    }

    @Test
    void verifiesChecksumsAndDetectsEverySingleBitFlip() {
        check(Frames.V2_PASS, null, null, 4);
        check(Frames.V3_IPV4, Frames.V3_IPV4_SRC, Frames.V3_IPV4_DST, 4);
        check(Frames.V3_IPV6, Frames.V3_IPV6_SRC, Frames.V3_IPV6_DST, 16);
    }

    private static void check(byte[] frame, byte[] src, byte[] dst, int addressLength) {
        VrrpPacket p = new VrrpPacket();
        assertTrue(p.wrap(ByteBuffer.wrap(frame.clone()), 0, frame.length, addressLength).checksumValid(src, dst));
        for (int bit = 0; bit < frame.length * 8; bit++) {
            byte[] bad = frame.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            p.wrap(ByteBuffer.wrap(bad), 0, bad.length, addressLength);
            if (bit / 8 == 3 || (bit / 8 == 0 && bit % 8 >= 4)) {
                continue; // count / version changes alter the length read; covered by the validator tests
            }
            assertFalse(p.checksumValid(src, dst), "flip of bit " + bit + " went unnoticed");
        }
        if (src != null) {
            byte[] otherSrc = src.clone();
            otherSrc[otherSrc.length - 1] ^= 1;
            p.wrap(ByteBuffer.wrap(frame.clone()), 0, frame.length, addressLength);
            assertFalse(p.checksumValid(otherSrc, dst), "v3 checksum must cover the pseudo-header");
        }
    }

    @Test
    void writerRefusesWhatTheFormatCannotCarry() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> new AdvertWriter(2, 1, List.of(ip("2001:db8::1")), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new AdvertWriter(3, 1, List.of(ip("10.0.0.1")), Optional.of("x")));
        assertThrows(IllegalArgumentException.class,
                () -> new AdvertWriter(3, 1, List.of(ip("10.0.0.1"), ip("2001:db8::1")), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new AdvertWriter(4, 1, List.of(ip("10.0.0.1")),
                Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> AdvertWriter.authData("123456789"));
        assertThrows(IndexOutOfBoundsException.class, () -> new VrrpPacket().wrap(ByteBuffer.allocate(4), 0, 8, 4));
        assertThrows(IllegalArgumentException.class, () -> new VrrpPacket().wrap(ByteBuffer.allocate(8), 0, 8, 6));
    }

    @Test
    void manyAddressesRoundTrip() throws Exception {
        List<InetAddress> addrs = new java.util.ArrayList<>();
        for (int i = 1; i <= 255; i++) {
            addrs.add(ip("10.1." + (i / 256) + "." + (i % 256)));
        }
        AdvertWriter w = new AdvertWriter(3, 255, addrs, Optional.empty());
        ByteBuffer buf = ByteBuffer.allocateDirect(w.length());
        w.write(buf, 0, 254, 0xfff, bytes(10, 0, 0, 1), bytes(224, 0, 0, 18));
        VrrpPacket p = new VrrpPacket().wrap(buf, 0, w.length(), 4);
        assertEquals(255, p.addressCount());
        assertEquals(8 + 255 * 4, p.completeLength());
        assertEquals(255, p.virtualRouterId());
        assertEquals(0xfff, p.advertIntervalField());
        assertEquals(0, p.reservedBits());
        for (int i = 0; i < 255; i++) {
            assertTrue(p.addressEquals(i, addrs.get(i).getAddress()), "address " + i);
        }
        byte[] message = new byte[w.length()];
        buf.get(0, message);
        message[6] = 0;
        message[7] = 0;
        int ref = referenceChecksum(concat(bytes(10, 0, 0, 1, 224, 0, 0, 18, 0, 112), bytes(w.length() >> 8,
                w.length() & 0xff), message));
        assertEquals(ref, p.checksum());
    }
}
