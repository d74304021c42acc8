package dev.hadirector.kernel.rtnetlink;

import dev.hadirector.kernel.netlink.NetlinkFormatException;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Flyweight over {@code struct ifaddrmsg} (8 bytes, host byte order): family u8, prefixlen u8, flags u8
 * (the low 8 IFA_F_* bits; IFA_FLAGS carries all 32), scope u8, index u32.
 */
public final class IfAddrHeader {
    private ByteBuffer buf;
    private int offset;

    public IfAddrHeader wrap(ByteBuffer payload) {
        if (payload.remaining() < Rtnetlink.IFADDRMSG_LENGTH) {
            throw new NetlinkFormatException("address message of " + payload.remaining()
                    + " bytes is shorter than the 8-byte ifaddrmsg");
        }
        this.buf = payload.order() == ByteOrder.nativeOrder() ? payload : payload.duplicate().order(ByteOrder.nativeOrder());
        this.offset = payload.position();
        return this;
    }

    public int family() {
        return buf.get(offset) & 0xff;
    }

    public int prefixLength() {
        return buf.get(offset + 1) & 0xff;
    }

    public int flags() {
        return buf.get(offset + 2) & 0xff;
    }

    public int scope() {
        return buf.get(offset + 3) & 0xff;
    }

    public int index() {
        return buf.getInt(offset + 4);
    }

    public static NetlinkWriter write(NetlinkWriter writer, int family, int prefixLength, int flags, int scope,
                                      int index) {
        return writer.u8(family).u8(prefixLength).u8(flags & 0xff).u8(scope).u32(index);
    }
}
