package dev.hadirector.kernel.rtnetlink;

import dev.hadirector.kernel.netlink.NetlinkFormatException;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Flyweight over {@code struct ifinfomsg} (16 bytes, host byte order): family u8, pad u8, type u16,
 * index s32, flags u32, change u32.
 */
public final class IfInfoHeader {
    private ByteBuffer buf;
    private int offset;

    /** Points at the header at the start of {@code payload}; short payloads are a format error. */
    public IfInfoHeader wrap(ByteBuffer payload) {
        if (payload.remaining() < Rtnetlink.IFINFOMSG_LENGTH) {
            throw new NetlinkFormatException("link message of " + payload.remaining()
                    + " bytes is shorter than the 16-byte ifinfomsg");
        }
        this.buf = payload.order() == ByteOrder.nativeOrder() ? payload : payload.duplicate().order(ByteOrder.nativeOrder());
        this.offset = payload.position();
        return this;
    }

    public int family() {
        return buf.get(offset) & 0xff;
    }

    /** ARPHRD_* link type. */
    public int type() {
        return buf.getShort(offset + 2) & 0xffff;
    }

    public int index() {
        return buf.getInt(offset + 4);
    }

    public int flags() {
        return buf.getInt(offset + 8);
    }

    public int change() {
        return buf.getInt(offset + 12);
    }

    /** Writes an ifinfomsg into the current message of {@code writer}. */
    public static NetlinkWriter write(NetlinkWriter writer, int family, int index, int flags, int change) {
        return writer.u8(family).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }
}
