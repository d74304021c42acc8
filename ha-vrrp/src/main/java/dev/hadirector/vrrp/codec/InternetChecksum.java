package dev.hadirector.vrrp.codec;

import java.nio.ByteBuffer;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of 16-bit
 * big-endian words. Sums are accumulated in an {@code int}/{@code long} and folded at the end, so pieces
 * (a pseudo-header, then the message) can be added one after another.
 */
public final class InternetChecksum {
    private InternetChecksum() {
    }

    /**
     * Adds {@code length} bytes of {@code buffer} starting at absolute {@code offset} to {@code sum}, as
     * big-endian 16-bit words; an odd last byte is padded with a zero byte. Does not move the buffer's position.
     * Only pieces of even length may be followed by further pieces.
     */
    public static long add(long sum, ByteBuffer buffer, int offset, int length) {
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += ((buffer.get(i) & 0xff) << 8) | (buffer.get(i + 1) & 0xff);
        }
        if (i < end) {
            sum += (buffer.get(i) & 0xff) << 8;
        }
        return sum;
    }

    /** Adds a byte array (an address) to the sum; same rules as {@link #add(long, ByteBuffer, int, int)}. */
    public static long add(long sum, byte[] bytes) {
        int i = 0;
        for (; i + 1 < bytes.length; i += 2) {
            sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
        }
        if (i < bytes.length) {
            sum += (bytes[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Adds a 16-bit word. */
    public static long addWord(long sum, int word) {
        return sum + (word & 0xffff);
    }

    /** Folds the carries and complements: the value to store in a checksum field. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
