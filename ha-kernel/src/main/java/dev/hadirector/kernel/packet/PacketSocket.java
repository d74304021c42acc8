package dev.hadirector.kernel.packet;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.Interfaces;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LibC;
import dev.hadirector.kernel.NativeBuffer;
import dev.hadirector.kernel.Poll;
import dev.hadirector.kernel.Sockets;
import dev.hadirector.kernel.Syscall;
import dev.hadirector.kernel.rtnetlink.MacAddress;
import java.nio.ByteBuffer;

/**
 * An AF_PACKET raw socket bound to one interface and one EtherType: it sends whole Ethernet frames (the
 * caller writes the link-layer header, e.g. with {@link ArpFrame}) and receives the frames of that EtherType
 * arriving on the interface. Sends and receives reuse native buffers and allocate nothing.
 */
public final class PacketSocket implements AutoCloseable {
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_TRUNC = 0x20;
    /** struct sockaddr_ll: family u16, protocol be16, ifindex s32, hatype u16, pkttype u8, halen u8, addr[8]. */
    private static final int SOCKADDR_LL_LENGTH = 20;

    private final FileDescriptor fd;
    private final String device;
    private final int interfaceIndex;
    private final int etherType;
    private final MacAddress hardwareAddress;
    private final NativeBuffer sendData;

    private PacketSocket(FileDescriptor fd, String device, int interfaceIndex, int etherType,
                         MacAddress hardwareAddress, int maxFrame) {
        this.fd = fd;
        this.device = device;
        this.interfaceIndex = interfaceIndex;
        this.etherType = etherType;
        this.hardwareAddress = hardwareAddress;
        this.sendData = new NativeBuffer(maxFrame);
    }

    /** A packet socket for ARP frames on {@code ifname}, in the calling thread's network namespace. */
    public static PacketSocket arp(String ifname) {
        return open(ifname, ArpFrame.ETHERTYPE_ARP);
    }

    /** A packet socket on {@code ifname} for frames of {@code etherType} (0x0003 ETH_P_ALL for every frame). */
    public static PacketSocket open(String ifname, int etherType) {
        Interfaces.requireValidName(ifname);
        if (etherType < 1 || etherType > 0xffff) {
            throw new IllegalArgumentException("etherType " + etherType + " out of range: must be 1..65535");
        }
        int ifindex = Interfaces.index(ifname);
        int protocolBe = Short.toUnsignedInt(Short.reverseBytes((short) etherType));
        String what = "socket(AF_PACKET, SOCK_RAW, 0x" + Integer.toHexString(etherType) + ") on " + ifname;
        FileDescriptor fd = FileDescriptor.adopt(
                LibC.socket(Sockets.AF_PACKET, Sockets.SOCK_RAW | Sockets.SOCK_CLOEXEC, protocolBe), what);
        try {
            NativeBuffer addr = new NativeBuffer(32);
            ByteBuffer b = addr.buffer();
            b.putShort(0, (short) Sockets.AF_PACKET);
            b.put(2, (byte) (etherType >>> 8)).put(3, (byte) etherType);
            b.putInt(4, ifindex);
            Syscall.check(LibC.bind(fd.get(), addr.address(), SOCKADDR_LL_LENGTH),
                    () -> "bind packet socket to " + ifname + " (index " + ifindex + ")");
            b.putInt(24, 32);
            Syscall.check(LibC.getsockname(fd.get(), addr.address(), addr.address(24)),
                    () -> "getsockname of packet socket on " + ifname);
            int halen = b.get(11) & 0xff;
            MacAddress mac = null;
            if (halen > 0 && halen <= 8) {
                byte[] raw = new byte[halen];
                b.get(12, raw);
                mac = MacAddress.of(raw);
            }
            return new PacketSocket(fd, ifname, ifindex, etherType, mac, 9216);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** The interface's link-layer address (read from the bound socket's name); an error for links without one. */
    public MacAddress hardwareAddress() {
        if (hardwareAddress == null) {
            throw new IllegalStateException(device + " has no link-layer address");
        }
        return hardwareAddress;
    }

    public int interfaceIndex() {
        return interfaceIndex;
    }

    public String device() {
        return device;
    }

    public FileDescriptor fileDescriptor() {
        return fd;
    }

    /** The buffer {@link #send(int)} sends from; write the frame at offset 0. */
    public ByteBuffer sendBuffer() {
        return sendData.buffer();
    }

    /** Sends the first {@code length} bytes of {@link #sendBuffer()} as one frame on the bound interface. */
    public void send(int length) {
        if (length < 14 || length > sendData.capacity()) {
            throw new IllegalArgumentException("frame of " + length + " bytes: must be 14.." + sendData.capacity());
        }
        long sent = LibC.sendto(fd.get(), sendData.address(), length, 0, 0, 0);
        if (sent < 0) {
            int errno = LibC.errno();
            throw new KernelException(errno, "send frame of " + length + " bytes (EtherType 0x"
                    + Integer.toHexString(etherType) + ") on " + device + " (index " + interfaceIndex + ")");
        }
    }

    /** Copies the remaining bytes of {@code frame} into the send buffer and sends them. */
    public void send(ByteBuffer frame) {
        int length = frame.remaining();
        if (length > sendData.capacity()) {
            throw new IllegalArgumentException("frame of " + length + " bytes exceeds " + sendData.capacity());
        }
        sendData.buffer().put(0, frame, frame.position(), length);
        send(length);
    }

    /**
     * Waits up to {@code timeoutMillis} for a frame and copies it into {@code into} from offset 0; returns its
     * length, or -1 when none arrived in time. Frames longer than the buffer are an error.
     */
    public int receive(NativeBuffer into, int timeoutMillis) {
        if (!Poll.readable(fd, timeoutMillis)) {
            return -1;
        }
        long received = LibC.recvfrom(fd.get(), into.address(), into.capacity(), MSG_DONTWAIT | MSG_TRUNC, 0, 0);
        if (received < 0) {
            int errno = LibC.errno();
            if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                return -1;
            }
            throw new KernelException(errno, "receive frame on " + device + " (index " + interfaceIndex + ")");
        }
        if (received > into.capacity()) {
            throw new KernelException(Errno.EMSGSIZE, "receive frame on " + device + ": " + received
                    + " bytes exceed the " + into.capacity() + "-byte buffer");
        }
        return (int) received;
    }

    @Override
    public void close() {
        fd.close();
    }

    @Override
    public String toString() {
        return "packet socket on " + device + " (index " + interfaceIndex + ", EtherType 0x"
                + Integer.toHexString(etherType) + ")";
    }
}
