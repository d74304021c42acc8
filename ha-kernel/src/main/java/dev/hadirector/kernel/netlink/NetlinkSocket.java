package dev.hadirector.kernel.netlink;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LibC;
import dev.hadirector.kernel.NativeBuffer;
import dev.hadirector.kernel.Poll;
import dev.hadirector.kernel.Sockets;
import dev.hadirector.kernel.Syscall;
import java.nio.ByteBuffer;

/**
 * An AF_NETLINK socket of one protocol (NETLINK_ROUTE, NETLINK_GENERIC), bound with a kernel-chosen
 * port id. Opened with extended acks and capped acks where the kernel offers them, and a large receive
 * buffer, so a batch's acks fit. Not thread-safe: one owner thread, as the runtime design says.
 */
public final class NetlinkSocket implements NetlinkTransport {
    private static final int MSG_TRUNC = 0x20;
    private static final int DEFAULT_RCVBUF = 4 << 20;

    private final FileDescriptor fd;
    private final int protocol;
    private final int portId;
    private final NativeBuffer scratch = new NativeBuffer(64);

    private NetlinkSocket(FileDescriptor fd, int protocol, int portId) {
        this.fd = fd;
        this.protocol = protocol;
        this.portId = portId;
    }

    /** Opens a socket of {@code protocol}, subscribed to the multicast groups in {@code groupsMask}. */
    public static NetlinkSocket open(int protocol, int groupsMask) {
        FileDescriptor fd = FileDescriptor.adopt(
                LibC.socket(Netlink.AF_NETLINK, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, protocol),
                "socket(AF_NETLINK, " + protocolName(protocol) + ")");
        try {
            NativeBuffer addr = new NativeBuffer(12);
            ByteBuffer b = addr.buffer();
            b.putShort(0, (short) Netlink.AF_NETLINK).putShort(2, (short) 0).putInt(4, 0).putInt(8, groupsMask);
            Syscall.check(LibC.bind(fd.get(), addr.address(), 12), "bind netlink socket " + protocolName(protocol));
            Sockets.setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1, true, "NETLINK_EXT_ACK");
            Sockets.setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1, true, "NETLINK_CAP_ACK");
            Sockets.setReceiveBuffer(fd, DEFAULT_RCVBUF);
            b.putInt(8, 12);
            Syscall.check(LibC.getsockname(fd.get(), addr.address(), addr.address(8)), "getsockname netlink");
            int portId = b.getInt(4);
            return new NetlinkSocket(fd, protocol, portId);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    public static NetlinkSocket open(int protocol) {
        return open(protocol, 0);
    }

    /** Joins multicast group {@code group} (a group number, not a mask, so groups above 32 work). */
    public void joinGroup(int group) {
        Sockets.setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group, false,
                "join netlink group " + group + " of " + protocolName(protocol));
    }

    public void leaveGroup(int group) {
        Sockets.setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_DROP_MEMBERSHIP, group, false,
                "leave netlink group " + group + " of " + protocolName(protocol));
    }

    @Override
    public void send(NativeBuffer frames, int offset, int length) {
        ByteBuffer kernel = scratch.buffer();
        kernel.putShort(0, (short) Netlink.AF_NETLINK).putShort(2, (short) 0).putInt(4, 0).putInt(8, 0);
        long sent = Syscall.check(LibC.sendto(fd.get(), frames.address(offset), length, 0, scratch.address(), 12),
                () -> "send " + length + " bytes on netlink " + protocolName(protocol));
        if (sent != length) {
            throw new KernelException(Errno.EMSGSIZE, "send on netlink " + protocolName(protocol) + ": "
                    + sent + " of " + length + " bytes sent");
        }
    }

    @Override
    public int receive(NativeBuffer into, int timeoutMillis) {
        if (!Poll.readable(fd, timeoutMillis)) {
            return -1;
        }
        long received = Syscall.check(LibC.recvfrom(fd.get(), into.address(), into.capacity(), MSG_TRUNC, 0, 0),
                () -> "receive on netlink " + protocolName(protocol));
        if (received > into.capacity()) {
            throw new KernelException(Errno.EMSGSIZE, "receive on netlink " + protocolName(protocol)
                    + ": datagram of " + received + " bytes exceeds the " + into.capacity() + "-byte buffer");
        }
        return (int) received;
    }

    @Override
    public int portId() {
        return portId;
    }

    public FileDescriptor fileDescriptor() {
        return fd;
    }

    @Override
    public void close() {
        fd.close();
    }

    static String protocolName(int protocol) {
        return switch (protocol) {
            case Netlink.NETLINK_ROUTE -> "NETLINK_ROUTE";
            case Netlink.NETLINK_GENERIC -> "NETLINK_GENERIC";
            case Netlink.NETLINK_NETFILTER -> "NETLINK_NETFILTER";
            default -> "netlink protocol " + protocol;
        };
    }
}
