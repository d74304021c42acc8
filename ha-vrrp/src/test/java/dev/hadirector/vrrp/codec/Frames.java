package dev.hadirector.vrrp.codec;

/**
 * Hand-built reference frames and an independent, straightforward checksum used to check the codec
 * (deliberately not sharing code with {@link InternetChecksum}).
 */
final class Frames {
    private Frames() {
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** RFC 1071 the slow and obvious way: sum 16-bit words in a long, fold, complement. */
    static int referenceChecksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i < data.length; i += 2) {
            int hi = data[i] & 0xff;
            int lo = i + 1 < data.length ? data[i + 1] & 0xff : 0;
            sum += hi * 256 + lo;
        }
        while (sum > 0xffff) {
            sum = (sum % 65536) + (sum / 65536);
        }
        return (int) (0xffff - sum);
    }

    /** keepalived-style v2 advert: VRID 51, priority 100, 1 s, PASS "secret", 192.168.1.200. */
    static final byte[] V2_PASS = bytes(
            0x21, 0x33, 0x64, 0x01,       // version 2 type 1, VRID 51, priority 100, 1 address
            0x01, 0x01, 0x7b, 0x0d,       // auth type 1 (PASS), interval 1 s, checksum 0x7b0d
            192, 168, 1, 200,             // 192.168.1.200
            's', 'e', 'c', 'r', 'e', 't', 0, 0);
    // Checksum by hand, words of the message with the checksum field zero:
    //   2133 + 6401 + 0101 + c0a8 + 01c8 + 7365 + 6372 + 6574 + 0000 = 0x284f0
    //   fold: 0x84f0 + 0x2 = 0x84f2; complement: 0x7b0d.

    /** v3 over IPv4 from 192.168.1.10 to 224.0.0.18: VRID 51, priority 150, 100 cs, 192.168.1.200. */
    static final byte[] V3_IPV4 = bytes(
            0x31, 0x33, 0x96, 0x01,       // version 3 type 1, VRID 51, priority 150, 1 address
            0x00, 0x64, 0xd3, 0xb4,       // reserved 0, interval 100 cs, checksum 0xd3b4
            192, 168, 1, 200);
    // By hand: pseudo-header c0a8 + 010a + e000 + 0012 + 0070 (protocol) + 000c (length) = 0x1a240;
    //   message 3133 + 9601 + 0064 + c0a8 + 01c8 = 0x18a08; total 0x32c48 -> 0x2c4b -> complement 0xd3b4.
    static final byte[] V3_IPV4_SRC = bytes(192, 168, 1, 10);
    static final byte[] V3_IPV4_DST = bytes(224, 0, 0, 18);

    /** v3 over IPv6 from fe80::1 to ff02::12: VRID 51, priority 150, 100 cs, 2001:db8::100; checksum 0x0b8f. */
    static final byte[] V3_IPV6 = bytes(
            0x31, 0x33, 0x96, 0x01,
            0x00, 0x64, 0x0b, 0x8f,
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00);
    static final byte[] V3_IPV6_SRC = bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    static final byte[] V3_IPV6_DST = bytes(0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12);
}
