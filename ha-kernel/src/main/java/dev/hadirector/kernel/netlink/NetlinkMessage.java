package dev.hadirector.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One received netlink message: the header fields and its payload (family header + attributes), a
 * read-only host-order view that stays valid after later receives.
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, ByteBuffer payload) {

    public NetlinkMessage {
        payload = payload.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /** The attributes after a family header of {@code familyHeaderLength} bytes. */
    public AttributeReader attributes(int familyHeaderLength) {
        int header = Netlink.align(familyHeaderLength);
        if (payload.remaining() < header) {
            throw new NetlinkFormatException("message type " + type + ": payload of " + payload.remaining()
                    + " bytes is shorter than its " + familyHeaderLength + "-byte family header");
        }
        return new AttributeReader(payload, payload.position() + header, payload.remaining() - header);
    }

    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /**
     * Splits a datagram into messages. Payloads are views of {@code datagram}: pass a copy when the
     * source buffer is reused.
     */
    public static java.util.List<NetlinkMessage> parse(ByteBuffer datagram) {
        ByteBuffer in = datagram.duplicate().order(ByteOrder.nativeOrder());
        java.util.List<NetlinkMessage> out = new java.util.ArrayList<>();
        int at = in.position();
        int end = in.limit();
        while (end - at >= Netlink.HEADER_LENGTH) {
            int length = in.getInt(at);
            if (length < Netlink.HEADER_LENGTH || length > end - at) {
                throw new NetlinkFormatException("netlink message at offset " + at + ": length " + length
                        + " outside 16.." + (end - at));
            }
            int type = in.getShort(at + 4) & 0xffff;
            int flags = in.getShort(at + 6) & 0xffff;
            int seq = in.getInt(at + 8);
            int pid = in.getInt(at + 12);
            ByteBuffer payload = in.duplicate().position(at + Netlink.HEADER_LENGTH).limit(at + length).slice()
                    .order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(type, flags, seq, pid, payload));
            at += Math.min(Netlink.align(length), end - at);
        }
        return out;
    }
}
