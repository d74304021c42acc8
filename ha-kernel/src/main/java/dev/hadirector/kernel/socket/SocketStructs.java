package dev.hadirector.kernel.socket;

import dev.hadirector.kernel.NativeBuffer;
import java.nio.ByteBuffer;

/**
 * Layouts of the socket structs used with sendmsg/recvmsg on LP64 Linux (x86_64, arm64), written into
 * reused native buffers. Multi-byte fields of the structs are host order; addresses and ports are network
 * order and are copied as bytes.
 */
final class SocketStructs {
    private SocketStructs() {
    }

    static final int IPPROTO_IP = 0;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;

    static final int IP_TOS = 1;
    static final int IP_TTL = 2;
    static final int IP_PKTINFO = 8;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35;
    static final int IP_DROP_MEMBERSHIP = 36;

    static final int IPV6_CHECKSUM = 7;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_ADD_MEMBERSHIP = 20;
    static final int IPV6_DROP_MEMBERSHIP = 21;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;
    static final int IPV6_RECVTCLASS = 66;
    static final int IPV6_TCLASS = 67;

    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    /** struct sockaddr_in: family u16, port be16, addr[4], zero[8]. */
    static final int SOCKADDR_IN_LENGTH = 16;
    /** struct sockaddr_in6: family u16, port be16, flowinfo u32, addr[16], scope_id u32. */
    static final int SOCKADDR_IN6_LENGTH = 28;

    /** struct msghdr: name ptr, namelen u32 (+pad), iov ptr, iovlen size_t, control ptr, controllen size_t, flags. */
    static final int MSGHDR_LENGTH = 56;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;

    /** struct iovec: base ptr, len size_t. */
    static final int IOVEC_LENGTH = 16;

    /** struct cmsghdr: len size_t, level int, type int; data follows, everything aligned to 8. */
    static final int CMSG_HEADER_LENGTH = 16;

    static int cmsgAlign(int length) {
        return (length + 7) & ~7;
    }

    static int cmsgSpace(int dataLength) {
        return CMSG_HEADER_LENGTH + cmsgAlign(dataLength);
    }

    static void writeSockaddrIn(ByteBuffer b, int at, byte[] address) {
        b.putShort(at, (short) dev.hadirector.kernel.Sockets.AF_INET).putShort(at + 2, (short) 0);
        b.put(at + 4, address, 0, 4);
        b.putLong(at + 8, 0L);
    }

    static void writeSockaddrIn6(ByteBuffer b, int at, byte[] address, int scopeId) {
        b.putShort(at, (short) dev.hadirector.kernel.Sockets.AF_INET6).putShort(at + 2, (short) 0).putInt(at + 4, 0);
        b.put(at + 8, address, 0, 16);
        b.putInt(at + 24, scopeId);
    }

    /**
     * Writes {@code address} as a struct sockaddr_in or sockaddr_in6 (port in network order, the IPv6 scope
     * id of a link-local address) and returns its length.
     */
    static int writeSockaddr(ByteBuffer b, int at, java.net.InetSocketAddress address) {
        java.net.InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("address " + address + " is unresolved: a socket needs an IP address");
        }
        int length;
        if (ip instanceof java.net.Inet6Address v6) {
            writeSockaddrIn6(b, at, v6.getAddress(), v6.getScopeId());
            length = SOCKADDR_IN6_LENGTH;
        } else {
            writeSockaddrIn(b, at, ip.getAddress());
            length = SOCKADDR_IN_LENGTH;
        }
        int port = address.getPort();
        b.put(at + 2, (byte) (port >>> 8)).put(at + 3, (byte) port);
        return length;
    }

    /** Fills a msghdr at {@code at} of {@code area} pointing at addresses inside native buffers. */
    static void writeMsghdr(NativeBuffer area, int at, long name, int nameLength, long iov, long control,
                            int controlLength) {
        ByteBuffer b = area.buffer();
        b.putLong(at + MSG_NAME, name);
        b.putInt(at + MSG_NAMELEN, nameLength).putInt(at + MSG_NAMELEN + 4, 0);
        b.putLong(at + MSG_IOV, iov);
        b.putLong(at + MSG_IOVLEN, 1L);
        b.putLong(at + MSG_CONTROL, controlLength == 0 ? 0L : control);
        b.putLong(at + MSG_CONTROLLEN, controlLength);
        b.putInt(at + MSG_FLAGS, 0).putInt(at + MSG_FLAGS + 4, 0);
    }

    static void writeIovec(ByteBuffer b, int at, long base, long length) {
        b.putLong(at, base).putLong(at + 8, length);
    }

    /** Writes a cmsghdr at {@code at}; returns where its data starts. */
    static int writeCmsgHeader(ByteBuffer b, int at, int level, int type, int dataLength) {
        b.putLong(at, CMSG_HEADER_LENGTH + dataLength).putInt(at + 8, level).putInt(at + 12, type);
        return at + CMSG_HEADER_LENGTH;
    }
}
