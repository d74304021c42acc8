package dev.hadirector.checks.ping;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Flyweight over an ICMP echo message (RFC 792 / RFC 4443): type, code, checksum, identifier,
 * sequence, data. Network byte order. ICMPv6 checksums cover a pseudo-header the kernel fills in,
 * so for v6 the checksum is left 0 on send and not verified on receive.
 */
public final class IcmpEcho {

    public static final int HEADER_LENGTH = 8;
    public static final int V4_ECHO_REQUEST = 8;
    public static final int V4_ECHO_REPLY = 0;
    public static final int V6_ECHO_REQUEST = 128;
    public static final int V6_ECHO_REPLY = 129;

    private ByteBuffer buffer;
    private int offset;

    /** Points this flyweight at a message starting at the buffer's position. */
    public IcmpEcho wrap(ByteBuffer buffer) {
        this.buffer = buffer.order(ByteOrder.BIG_ENDIAN);
        this.offset = buffer.position();
        return this;
    }

    public int length() {
        return buffer.limit() - offset;
    }

    public int type() {
        return buffer.get(offset) & 0xff;
    }

    public int code() {
        return buffer.get(offset + 1) & 0xff;
    }

    public int checksum() {
        return buffer.getShort(offset + 2) & 0xffff;
    }

    public int identifier() {
        return buffer.getShort(offset + 4) & 0xffff;
    }

    public int sequence() {
        return buffer.getShort(offset + 6) & 0xffff;
    }

    public int dataLength() {
        return length() - HEADER_LENGTH;
    }

    public byte dataAt(int index) {
        return buffer.get(offset + HEADER_LENGTH + index);
    }

    /** Writes a request at the buffer's position and sets the limit after it. */
    public static void writeRequest(ByteBuffer out, boolean v6, int identifier, int sequence, byte[] data) {
        out.order(ByteOrder.BIG_ENDIAN);
        int start = out.position();
        out.put((byte) (v6 ? V6_ECHO_REQUEST : V4_ECHO_REQUEST)).put((byte) 0).putShort((short) 0)
                .putShort((short) identifier).putShort((short) sequence).put(data);
        out.limit(out.position());
        if (!v6) {
            out.putShort(start + 2, (short) checksum(out, start, out.position() - start));
        }
        out.position(start);
    }

    /** The Internet checksum (RFC 1071) of {@code length} bytes from {@code start}. */
    public static int checksum(ByteBuffer b, int start, int length) {
        long sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += b.getShort(start + i) & 0xffff;
        }
        if (i < length) {
            sum += (b.get(start + i) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** True when a v4 message's checksum is right (summing over it gives 0). */
    public boolean checksumValid() {
        return checksum(buffer, offset, length()) == 0;
    }
}
