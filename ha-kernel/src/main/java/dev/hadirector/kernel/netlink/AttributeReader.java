package dev.hadirector.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over a run of netlink attributes (a flyweight: one instance walks any number of attributes
 * without allocating). Malformed input (a length below the header, an attribute running past its
 * container, a value shorter than its type) raises {@link NetlinkFormatException} naming the attribute,
 * never an index error or a wrong value.
 *
 * <pre>{@code
 * AttributeReader attrs = message.attributes(GENL_HEADER_LENGTH);
 * while (attrs.next()) {
 *     switch (attrs.type()) {
 *         case IPVS_SVC_ATTR_PORT -> port = attrs.be16();
 *         case IPVS_SVC_ATTR_STATS64 -> readStats(attrs.nested());
 *         default -> { } // attributes from newer kernels are ignored
 *     }
 * }
 * }</pre>
 */
public final class AttributeReader {
    private ByteBuffer buf;
    private int start;
    private int end;
    private int cursor;
    private int current = -1;
    private int currentLength;
    private int currentType;

    public AttributeReader() {
    }

    public AttributeReader(ByteBuffer buffer, int offset, int length) {
        wrap(buffer, offset, length);
    }

    /** Attributes from position to limit of {@code buffer}. */
    public static AttributeReader of(ByteBuffer buffer) {
        return new AttributeReader(buffer, buffer.position(), buffer.remaining());
    }

    /** Points this reader at {@code length} bytes from {@code offset}; the buffer is read in host order. */
    public AttributeReader wrap(ByteBuffer buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.limit()) {
            throw new NetlinkFormatException("attribute area " + offset + "+" + length
                    + " outside buffer of " + buffer.limit() + " bytes");
        }
        this.buf = buffer.order() == ByteOrder.nativeOrder() ? buffer
                : buffer.duplicate().order(ByteOrder.nativeOrder());
        this.start = offset;
        this.end = offset + length;
        rewind();
        return this;
    }

    /** Goes back before the first attribute. */
    public AttributeReader rewind() {
        cursor = start;
        current = -1;
        return this;
    }

    /** Moves to the next attribute; false at the end. */
    public boolean next() {
        if (current >= 0) {
            cursor = Math.min(end, current + Netlink.align(Netlink.NLA_HEADER_LENGTH + currentLength));
        }
        if (end - cursor < Netlink.NLA_HEADER_LENGTH) {
            if (end - cursor > 0 && !isPadding(cursor, end)) {
                throw new NetlinkFormatException((end - cursor) + " stray bytes after the last attribute at offset "
                        + cursor);
            }
            current = -1;
            cursor = end;
            return false;
        }
        int length = buf.getShort(cursor) & 0xffff;
        int rawType = buf.getShort(cursor + 2) & 0xffff;
        if (length < Netlink.NLA_HEADER_LENGTH) {
            throw new NetlinkFormatException("attribute type " + (rawType & Netlink.NLA_TYPE_MASK)
                    + " at offset " + cursor + ": length " + length + " is below the 4-byte header");
        }
        if (cursor + length > end) {
            throw new NetlinkFormatException("attribute type " + (rawType & Netlink.NLA_TYPE_MASK)
                    + " at offset " + cursor + ": length " + length + " runs past its container ("
                    + (end - cursor) + " bytes left)");
        }
        current = cursor;
        currentLength = length - Netlink.NLA_HEADER_LENGTH;
        currentType = rawType;
        return true;
    }

    /** Moves to the first attribute of {@code type}; false when there is none. Starts from the beginning. */
    public boolean find(int type) {
        rewind();
        while (next()) {
            if (type() == type) {
                return true;
            }
        }
        return false;
    }

    /** The attribute's type without the NESTED and NET_BYTEORDER flags. */
    public int type() {
        requireCurrent();
        return currentType & Netlink.NLA_TYPE_MASK;
    }

    public boolean nestedFlag() {
        requireCurrent();
        return (currentType & Netlink.NLA_F_NESTED) != 0;
    }

    /** Payload length in bytes (without header and padding). */
    public int length() {
        requireCurrent();
        return currentLength;
    }

    public int u8() {
        return buf.get(payload(1)) & 0xff;
    }

    public int u16() {
        return buf.getShort(payload(2)) & 0xffff;
    }

    public int be16() {
        int at = payload(2);
        return ((buf.get(at) & 0xff) << 8) | (buf.get(at + 1) & 0xff);
    }

    public int u32() {
        return buf.getInt(payload(4));
    }

    public long u32AsLong() {
        return u32() & 0xffffffffL;
    }

    public int be32() {
        int at = payload(4);
        return ((buf.get(at) & 0xff) << 24) | ((buf.get(at + 1) & 0xff) << 16)
                | ((buf.get(at + 2) & 0xff) << 8) | (buf.get(at + 3) & 0xff);
    }

    public long u64() {
        return buf.getLong(payload(8));
    }

    /** The payload as a string up to its first NUL (or its end). */
    public String string() {
        int at = payload(0);
        int stop = at;
        while (stop < at + currentLength && buf.get(stop) != 0) {
            stop++;
        }
        byte[] bytes = new byte[stop - at];
        buf.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public byte[] bytes() {
        int at = payload(0);
        byte[] bytes = new byte[currentLength];
        buf.get(at, bytes);
        return bytes;
    }

    /** Copies the first {@code count} payload bytes into {@code into}; the payload must have them. */
    public void bytes(byte[] into, int count) {
        buf.get(payload(count), into, 0, count);
    }

    /** Offset of the payload in the underlying buffer. */
    public int payloadOffset() {
        return payload(0);
    }

    public ByteBuffer buffer() {
        return buf;
    }

    /** A new reader over this attribute's payload. */
    public AttributeReader nested() {
        return new AttributeReader(buf, payload(0), currentLength);
    }

    /** Points {@code into} at this attribute's payload, reusing it (no allocation). */
    public AttributeReader nested(AttributeReader into) {
        return into.wrap(buf, payload(0), currentLength);
    }

    private int payload(int minimum) {
        requireCurrent();
        if (currentLength < minimum) {
            throw new NetlinkFormatException("attribute type " + type() + ": payload of " + currentLength
                    + " bytes, " + minimum + " needed");
        }
        return current + Netlink.NLA_HEADER_LENGTH;
    }

    private void requireCurrent() {
        if (current < 0) {
            throw new IllegalStateException("no current attribute: call next() first");
        }
    }

    private boolean isPadding(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
