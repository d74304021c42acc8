package dev.hadirector.kernel.socket;

import static dev.hadirector.kernel.socket.SocketStructs.*;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.Interfaces;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LibC;
import dev.hadirector.kernel.NativeBuffer;
import dev.hadirector.kernel.Poll;
import dev.hadirector.kernel.Sockets;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A raw IPv4 or IPv6 socket for one IP protocol (VRRP is 112), optionally bound to one interface, with
 * multicast memberships, its own TTL / hop limit and traffic class, multicast loop off by default, and a
 * per-packet choice of source address (IP_PKTINFO / IPV6_PKTINFO). Receiving reports each packet's TTL / hop
 * limit, traffic class, source, destination and interface.
 *
 * <p>Send and receive reuse native buffers and allocate nothing. One thread may send while another receives;
 * two senders (or two receivers) must not share a socket.
 *
 * <p>For IPv6 the kernel computes no checksum (IPV6_CHECKSUM off) unless the protocol is ICMPv6, whose checksum
 * the kernel always fills in; protocols like VRRP carry their own.
 */
public final class RawIpSocket implements AutoCloseable {
    private static final int AREA_SOCKADDR = 0;
    private static final int AREA_IOVEC = 32;
    private static final int AREA_MSGHDR = 48;
    private static final int AREA_CONTROL = 104;
    private static final int CONTROL_CAPACITY = 152;

    private final FileDescriptor fd;
    private final boolean ipv6;
    private final int protocol;
    private final String device;
    private final int interfaceIndex;
    private final NativeBuffer sendArea = new NativeBuffer(AREA_CONTROL + CONTROL_CAPACITY);
    private final NativeBuffer sendData;
    private final NativeBuffer receiveArea = new NativeBuffer(AREA_CONTROL + CONTROL_CAPACITY);

    private RawIpSocket(FileDescriptor fd, boolean ipv6, int protocol, String device, int interfaceIndex,
                        int maxPayload) {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.protocol = protocol;
        this.device = device;
        this.interfaceIndex = interfaceIndex;
        this.sendData = new NativeBuffer(maxPayload);
    }

    /** A raw IPv4 socket for {@code protocol}. */
    public static Builder ipv4(int protocol) {
        return new Builder(false, protocol);
    }

    /** A raw IPv6 socket for {@code protocol}. */
    public static Builder ipv6(int protocol) {
        return new Builder(true, protocol);
    }

    public boolean isIpv6() {
        return ipv6;
    }

    public int protocol() {
        return protocol;
    }

    /** The interface the socket is bound to, or 0. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    public FileDescriptor fileDescriptor() {
        return fd;
    }

    /**
     * The buffer {@link #send(int, byte[], byte[])} sends from: encode the payload here at offset 0 to avoid
     * even the copy.
     */
    public ByteBuffer sendBuffer() {
        return sendData.buffer();
    }

    /** Sends the remaining bytes of {@code payload} (copied into the send buffer; position unchanged). */
    public void send(ByteBuffer payload, byte[] destination, byte[] source) {
        int length = payload.remaining();
        if (length > sendData.capacity()) {
            throw new IllegalArgumentException("payload of " + length + " bytes exceeds the " + sendData.capacity()
                    + "-byte send buffer of " + this);
        }
        sendData.buffer().put(0, payload, payload.position(), length);
        send(length, destination, source);
    }

    /**
     * Sends the first {@code length} bytes of {@link #sendBuffer()} to {@code destination} (4 or 16 bytes),
     * from {@code source} when not null (which must be an address of this host; else the kernel chooses).
     */
    public void send(int length, byte[] destination, byte[] source) {
        int addressLength = ipv6 ? 16 : 4;
        if (destination.length != addressLength || (source != null && source.length != addressLength)) {
            throw new IllegalArgumentException("addresses of " + destination.length + "/"
                    + (source == null ? "-" : source.length) + " bytes on " + this + ": must be " + addressLength);
        }
        if (length < 0 || length > sendData.capacity()) {
            throw new IllegalArgumentException("length " + length + " outside the send buffer of "
                    + sendData.capacity() + " bytes");
        }
        ByteBuffer b = sendArea.buffer();
        int nameLength;
        if (ipv6) {
            writeSockaddrIn6(b, AREA_SOCKADDR, destination, interfaceIndex);
            nameLength = SOCKADDR_IN6_LENGTH;
        } else {
            writeSockaddrIn(b, AREA_SOCKADDR, destination);
            nameLength = SOCKADDR_IN_LENGTH;
        }
        writeIovec(b, AREA_IOVEC, sendData.address(), length);
        int controlLength = 0;
        if (source != null) {
            if (ipv6) {
                int data = writeCmsgHeader(b, AREA_CONTROL, IPPROTO_IPV6, IPV6_PKTINFO, 20);
                b.put(data, source, 0, 16).putInt(data + 16, interfaceIndex).putInt(data + 20, 0);
                controlLength = cmsgSpace(20);
            } else {
                int data = writeCmsgHeader(b, AREA_CONTROL, IPPROTO_IP, IP_PKTINFO, 12);
                b.putInt(data, interfaceIndex);
                b.put(data + 4, source, 0, 4);
                b.putInt(data + 8, 0).putInt(data + 12, 0);
                controlLength = cmsgSpace(12);
            }
        }
        writeMsghdr(sendArea, AREA_MSGHDR, sendArea.address(AREA_SOCKADDR), nameLength,
                sendArea.address(AREA_IOVEC), sendArea.address(AREA_CONTROL), controlLength);
        long sent = LibC.sendmsg(fd.get(), sendArea.address(AREA_MSGHDR), 0);
        if (sent < 0) {
            int errno = LibC.errno();
            throw new KernelException(errno, "send protocol " + protocol + " packet of " + length + " bytes to "
                    + text(destination) + (source != null ? " from " + text(source) : "") + onDevice());
        }
    }

    /** Convenience for tests and control paths: allocates the address arrays. */
    public void send(ByteBuffer payload, InetAddress destination, InetAddress source) {
        send(payload, destination.getAddress(), source == null ? null : source.getAddress());
    }

    /**
     * Waits up to {@code timeoutMillis} (negative: forever) for a packet and reads it into {@code into}.
     * Returns false when none arrived in time, or when what arrived was not an IP packet and was dropped.
     */
    public boolean receive(ReceivedPacket into, int timeoutMillis) {
        if (!Poll.readable(fd, timeoutMillis)) {
            return false;
        }
        NativeBuffer data = into.data();
        ByteBuffer b = receiveArea.buffer();
        writeIovec(b, AREA_IOVEC, data.address(), data.capacity());
        writeMsghdr(receiveArea, AREA_MSGHDR, receiveArea.address(AREA_SOCKADDR), SOCKADDR_IN6_LENGTH,
                receiveArea.address(AREA_IOVEC), receiveArea.address(AREA_CONTROL), CONTROL_CAPACITY);
        long received = LibC.recvmsg(fd.get(), receiveArea.address(AREA_MSGHDR), MSG_DONTWAIT);
        if (received < 0) {
            int errno = LibC.errno();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                return false;
            }
            throw new KernelException(errno, "receive on " + this);
        }
        int flags = b.getInt(AREA_MSGHDR + MSG_FLAGS);
        if ((flags & MSG_TRUNC) != 0) {
            throw new KernelException(Errno.EMSGSIZE, "receive on " + this + ": packet larger than the "
                    + data.capacity() + "-byte holder");
        }
        return ipv6 ? decodeIpv6(into, (int) received) : decodeIpv4(into, (int) received);
    }

    private boolean decodeIpv4(ReceivedPacket into, int length) {
        ByteBuffer d = into.data().buffer();
        if (length < 20 || (d.get(0) & 0xf0) != 0x40) {
            return false; // not an IPv4 header: nothing a raw IPv4 socket should deliver; drop it
        }
        int headerLength = (d.get(0) & 0x0f) * 4;
        int totalLength = ((d.get(2) & 0xff) << 8) | (d.get(3) & 0xff);
        if (headerLength < 20 || headerLength > length) {
            return false;
        }
        int end = Math.min(length, Math.max(totalLength, headerLength));
        d.get(12, into.sourceBytes(), 0, 4);
        d.get(16, into.destinationBytes(), 0, 4);
        int ifindex = 0;
        ByteBuffer b = receiveArea.buffer();
        int controlLength = (int) b.getLong(AREA_MSGHDR + MSG_CONTROLLEN);
        for (int at = AREA_CONTROL; at + CMSG_HEADER_LENGTH <= AREA_CONTROL + controlLength; ) {
            int cmsgLength = (int) b.getLong(at);
            if (cmsgLength < CMSG_HEADER_LENGTH) {
                break;
            }
            if (b.getInt(at + 8) == IPPROTO_IP && b.getInt(at + 12) == IP_PKTINFO && cmsgLength >= CMSG_HEADER_LENGTH + 12) {
                ifindex = b.getInt(at + CMSG_HEADER_LENGTH);
            }
            at += cmsgAlign(cmsgLength);
        }
        into.set(4, headerLength, end - headerLength, d.get(8) & 0xff, ifindex, d.get(1) & 0xff);
        return true;
    }

    private boolean decodeIpv6(ReceivedPacket into, int length) {
        ByteBuffer b = receiveArea.buffer();
        b.get(AREA_SOCKADDR + 8, into.sourceBytes(), 0, 16);
        java.util.Arrays.fill(into.destinationBytes(), (byte) 0);
        int hopLimit = -1;
        int trafficClass = -1;
        int ifindex = 0;
        int controlLength = (int) b.getLong(AREA_MSGHDR + MSG_CONTROLLEN);
        for (int at = AREA_CONTROL; at + CMSG_HEADER_LENGTH <= AREA_CONTROL + controlLength; ) {
            int cmsgLength = (int) b.getLong(at);
            if (cmsgLength < CMSG_HEADER_LENGTH) {
                break;
            }
            int level = b.getInt(at + 8);
            int type = b.getInt(at + 12);
            int data = at + CMSG_HEADER_LENGTH;
            if (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT && cmsgLength >= CMSG_HEADER_LENGTH + 4) {
                hopLimit = b.getInt(data);
            } else if (level == IPPROTO_IPV6 && type == IPV6_TCLASS && cmsgLength >= CMSG_HEADER_LENGTH + 4) {
                trafficClass = b.getInt(data);
            } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO && cmsgLength >= CMSG_HEADER_LENGTH + 20) {
                b.get(data, into.destinationBytes(), 0, 16);
                ifindex = b.getInt(data + 16);
            }
            at += cmsgAlign(cmsgLength);
        }
        into.set(16, 0, length, hopLimit, ifindex, trafficClass);
        return true;
    }

    /** Joins a multicast group on the bound interface. */
    public void joinGroup(InetAddress group) {
        membership(group, true);
    }

    public void leaveGroup(InetAddress group) {
        membership(group, false);
    }

    private void membership(InetAddress group, boolean join) {
        checkFamily(group, "group");
        NativeBuffer req = new NativeBuffer(20);
        ByteBuffer b = req.buffer();
        byte[] raw = group.getAddress();
        int rc;
        if (ipv6) {
            b.put(0, raw).putInt(16, interfaceIndex);
            rc = LibC.setsockopt(fd.get(), IPPROTO_IPV6, join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP,
                    req.address(), 20);
        } else {
            // struct ip_mreqn: multiaddr, address (any), ifindex
            b.put(0, raw).putInt(4, 0).putInt(8, interfaceIndex);
            rc = LibC.setsockopt(fd.get(), IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
                    req.address(), 12);
        }
        if (rc < 0) {
            throw new KernelException(LibC.errno(), (join ? "join" : "leave") + " multicast group "
                    + group.getHostAddress() + onDevice() + " for protocol " + protocol);
        }
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "raw " + (ipv6 ? "IPv6" : "IPv4") + " socket for protocol " + protocol + onDevice();
    }

    private String onDevice() {
        return device == null ? "" : " on " + device + " (index " + interfaceIndex + ")";
    }

    private void checkFamily(InetAddress address, String what) {
        if (ipv6 != (address instanceof Inet6Address)) {
            throw new IllegalArgumentException(what + " " + address.getHostAddress() + " is not an "
                    + (ipv6 ? "IPv6" : "IPv4") + " address, as " + this + " needs");
        }
    }

    private static String text(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (UnknownHostException e) {
            return raw.length + "-byte address";
        }
    }

    /** Options of a raw socket, validated by {@link #open()}. */
    public static final class Builder {
        private final boolean ipv6;
        private final int protocol;
        private String device;
        private int hopLimit = 255;
        private boolean multicastLoop;
        private int trafficClass = -1;
        private int maxPayload = 9000;
        private int receiveBufferBytes;
        private final List<InetAddress> groups = new ArrayList<>();

        private Builder(boolean ipv6, int protocol) {
            this.ipv6 = ipv6;
            this.protocol = protocol;
        }

        /** Binds the socket to {@code ifname} (SO_BINDTODEVICE): it receives from and sends on that link only. */
        public Builder device(String ifname) {
            this.device = Objects.requireNonNull(ifname, "device");
            return this;
        }

        /** TTL (IPv4) or hop limit (IPv6) of sent packets, unicast and multicast; 255 by default, as VRRP needs. */
        public Builder hopLimit(int hopLimit) {
            this.hopLimit = hopLimit;
            return this;
        }

        /**
         * The IPv4 TOS byte / IPv6 traffic class of sent packets, 0..255 (keepalived marks VRRP 0xc0,
         * "internetwork control"); the kernel default (0) when not set.
         */
        public Builder trafficClass(int trafficClass) {
            this.trafficClass = trafficClass;
            return this;
        }

        /** Whether this host's own multicast packets come back to its sockets; off by default. */
        public Builder multicastLoop(boolean loop) {
            this.multicastLoop = loop;
            return this;
        }

        /** Joins {@code group} on the device once open. */
        public Builder joinGroup(InetAddress group) {
            groups.add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /** The largest payload {@link RawIpSocket#send} accepts; 9000 by default. */
        public Builder maxPayload(int bytes) {
            this.maxPayload = bytes;
            return this;
        }

        /** SO_RCVBUF(FORCE) in bytes; the kernel default when 0. */
        public Builder receiveBufferBytes(int bytes) {
            this.receiveBufferBytes = bytes;
            return this;
        }

        /** Validates the options and opens the socket in the calling thread's network namespace. */
        public RawIpSocket open() {
            String family = ipv6 ? "IPv6" : "IPv4";
            if (protocol < 1 || protocol > 254 || (!ipv6 && protocol == 255)) {
                throw new IllegalArgumentException("protocol " + protocol + " out of range: must be 1..254");
            }
            if (hopLimit < 1 || hopLimit > 255) {
                throw new IllegalArgumentException("hopLimit " + hopLimit + " out of range: must be 1..255");
            }
            if (trafficClass != -1 && (trafficClass < 0 || trafficClass > 255)) {
                throw new IllegalArgumentException("trafficClass " + trafficClass + " out of range: must be 0..255");
            }
            if (maxPayload < 1 || maxPayload > 65_535) {
                throw new IllegalArgumentException("maxPayload " + maxPayload + " out of range: must be 1..65535");
            }
            if (receiveBufferBytes < 0) {
                throw new IllegalArgumentException("receiveBufferBytes " + receiveBufferBytes
                        + " out of range: must be 0 or more");
            }
            if (device != null) {
                Interfaces.requireValidName(device);
            }
            for (InetAddress g : groups) {
                if (ipv6 != (g instanceof Inet6Address) || !g.isMulticastAddress()) {
                    throw new IllegalArgumentException("group " + g.getHostAddress() + " is not an " + family
                            + " multicast address");
                }
                if (device == null) {
                    throw new IllegalArgumentException("group " + g.getHostAddress()
                            + " needs a device to join it on: call device(ifname)");
                }
            }
            int ifindex = device == null ? 0 : Interfaces.index(device);
            String what = "socket(" + (ipv6 ? "AF_INET6" : "AF_INET") + ", SOCK_RAW, " + protocol + ")";
            FileDescriptor fd = FileDescriptor.adopt(LibC.socket(ipv6 ? Sockets.AF_INET6 : Sockets.AF_INET,
                    Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, protocol), what);
            RawIpSocket socket = new RawIpSocket(fd, ipv6, protocol, device, ifindex, maxPayload);
            try {
                configure(socket, fd, ifindex);
                for (InetAddress g : groups) {
                    socket.joinGroup(g);
                }
                return socket;
            } catch (RuntimeException e) {
                fd.close();
                throw e;
            }
        }

        private void configure(RawIpSocket socket, FileDescriptor fd, int ifindex) {
            if (device != null) {
                Sockets.bindToDevice(fd, device);
            }
            if (receiveBufferBytes > 0) {
                Sockets.setReceiveBuffer(fd, receiveBufferBytes);
            }
            if (ipv6) {
                if (ifindex != 0) {
                    Sockets.setIntOption(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex, false, "IPV6_MULTICAST_IF");
                }
                Sockets.setIntOption(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, hopLimit, false, "IPV6_MULTICAST_HOPS");
                Sockets.setIntOption(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, hopLimit, false, "IPV6_UNICAST_HOPS");
                Sockets.setIntOption(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, multicastLoop ? 1 : 0, false,
                        "IPV6_MULTICAST_LOOP");
                Sockets.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, false, "IPV6_RECVHOPLIMIT");
                Sockets.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, false, "IPV6_RECVPKTINFO");
                Sockets.setIntOption(fd, IPPROTO_IPV6, IPV6_RECVTCLASS, 1, false, "IPV6_RECVTCLASS");
                if (trafficClass >= 0) {
                    Sockets.setIntOption(fd, IPPROTO_IPV6, IPV6_TCLASS, trafficClass, false, "IPV6_TCLASS");
                }
                if (protocol != IPPROTO_ICMPV6) {
                    Sockets.setIntOption(fd, IPPROTO_IPV6, IPV6_CHECKSUM, -1, false, "IPV6_CHECKSUM");
                }
            } else {
                if (ifindex != 0) {
                    NativeBuffer mreqn = new NativeBuffer(12);
                    mreqn.buffer().putInt(0, 0).putInt(4, 0).putInt(8, ifindex);
                    dev.hadirector.kernel.Syscall.check(LibC.setsockopt(fd.get(), IPPROTO_IP, IP_MULTICAST_IF,
                            mreqn.address(), 12), () -> "setsockopt IP_MULTICAST_IF index " + ifindex + " on " + socket);
                }
                Sockets.setIntOption(fd, IPPROTO_IP, IP_MULTICAST_TTL, hopLimit, false, "IP_MULTICAST_TTL");
                Sockets.setIntOption(fd, IPPROTO_IP, IP_TTL, hopLimit, false, "IP_TTL");
                Sockets.setIntOption(fd, IPPROTO_IP, IP_MULTICAST_LOOP, multicastLoop ? 1 : 0, false,
                        "IP_MULTICAST_LOOP");
                Sockets.setIntOption(fd, IPPROTO_IP, IP_PKTINFO, 1, false, "IP_PKTINFO");
                if (trafficClass >= 0) {
                    Sockets.setIntOption(fd, IPPROTO_IP, IP_TOS, trafficClass, false, "IP_TOS");
                }
            }
        }
    }
}
