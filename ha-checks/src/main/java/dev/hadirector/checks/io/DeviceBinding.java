package dev.hadirector.checks.io;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LibC;
import dev.hadirector.kernel.NativeBuffer;
import dev.hadirector.kernel.Sockets;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.NetworkChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * bind_if: binds a bound, not yet connected NIO channel to one interface with SO_BINDTODEVICE, so its packets
 * leave by that interface whatever the routes say (and an IPv6 link-local peer is reached on that link).
 *
 * <p>The JDK neither offers the option nor shows a channel's descriptor, so the descriptor is found by what
 * only this socket has: the socket of that type in this process whose local address is the channel's freshly
 * bound one (an ephemeral port the kernel just gave out, or the bind_port the check asked for).
 */
public final class DeviceBinding {

    private static final int SO_TYPE = 3;
    private static final int SOCKADDR_BYTES = 128;
    private static final Path OWN_FDS = Path.of("/proc/self/fd");

    private DeviceBinding() {
    }

    /**
     * Binds a fresh channel as a check asks: to its bind address (bindto/bind_port) when given, and to its
     * interface (bind_if) when given, which needs a bound socket, so an ephemeral one is bound first.
     *
     * @param stream true for TCP (SOCK_STREAM), false for UDP (SOCK_DGRAM)
     */
    public static void bindLocal(NetworkChannel channel, boolean stream, java.util.Optional<InetSocketAddress> bind,
                                 java.util.Optional<String> device) throws IOException {
        if (bind.isPresent()) {
            channel.bind(bind.get());
        }
        if (device.isPresent()) {
            if (bind.isEmpty()) {
                channel.bind(null);
            }
            bind(channel, stream, device.get());
        }
    }

    /**
     * @param channel a SocketChannel or DatagramChannel, bound, not connected
     * @param stream  true for TCP (SOCK_STREAM), false for UDP (SOCK_DGRAM)
     * @throws IOException naming the interface and errno (ENODEV when it does not exist) or why the socket was not found
     */
    public static void bind(NetworkChannel channel, boolean stream, String ifname) throws IOException {
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        if (local == null) {
            throw new IllegalStateException("bind_if " + ifname + ": the channel must be bound first");
        }
        List<Integer> fds = matching(local, stream ? Sockets.SOCK_STREAM : Sockets.SOCK_DGRAM);
        if (fds.size() != 1) {
            throw new IOException("bind_if " + ifname + ": " + (fds.isEmpty() ? "no" : fds.size())
                    + " sockets of this process are bound to " + local + "; cannot tell which one to bind");
        }
        byte[] name = (ifname + "\0").getBytes(StandardCharsets.US_ASCII);
        NativeBuffer value = new NativeBuffer(name.length);
        value.buffer().put(0, name);
        if (LibC.setsockopt(fds.get(0), Sockets.SOL_SOCKET, Sockets.SO_BINDTODEVICE, value.address(), name.length) < 0) {
            KernelException e = new KernelException(LibC.errno(), "setsockopt SO_BINDTODEVICE " + ifname
                    + " on the socket bound to " + local);
            throw new IOException("bind_if " + ifname + " failed: " + e.getMessage(), e);
        }
    }

    private static List<Integer> matching(InetSocketAddress local, int type) throws IOException {
        NativeBuffer address = new NativeBuffer(SOCKADDR_BYTES + 8);
        NativeBuffer option = new NativeBuffer(8);
        List<Integer> found = new ArrayList<>(1);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(OWN_FDS)) {
            for (Path entry : entries) {
                int fd;
                try {
                    fd = Integer.parseInt(entry.getFileName().toString());
                    if (!Files.readSymbolicLink(entry).toString().startsWith("socket:")) {
                        continue;
                    }
                } catch (NumberFormatException | IOException gone) {
                    continue; // closed meanwhile, or the directory's own descriptor
                }
                option.buffer().putInt(0, 0).putInt(4, 4);
                if (LibC.getsockopt(fd, Sockets.SOL_SOCKET, SO_TYPE, option.address(), option.address(4)) < 0
                        || option.buffer().getInt(0) != type) {
                    continue;
                }
                address.buffer().putInt(SOCKADDR_BYTES, SOCKADDR_BYTES);
                if (LibC.getsockname(fd, address.address(), address.address(SOCKADDR_BYTES)) < 0) {
                    continue;
                }
                if (sameAddress(address.buffer(), local)) {
                    found.add(fd);
                }
            }
        }
        return found;
    }

    /** Compares a struct sockaddr_in / sockaddr_in6 with the channel's local address. */
    static boolean sameAddress(ByteBuffer sockaddr, InetSocketAddress local) {
        int family = sockaddr.order(ByteOrder.nativeOrder()).getShort(0) & 0xffff;
        int port = Short.toUnsignedInt(sockaddr.duplicate().order(ByteOrder.BIG_ENDIAN).getShort(2));
        if (port != local.getPort()) {
            return false;
        }
        InetAddress ip = local.getAddress();
        byte[] bytes;
        if (family == Sockets.AF_INET && ip instanceof Inet4Address) {
            bytes = new byte[4];
            sockaddr.get(4, bytes);
        } else if (family == Sockets.AF_INET6 && ip instanceof Inet6Address) {
            bytes = new byte[16];
            sockaddr.get(8, bytes);
        } else {
            return false;
        }
        return Arrays.equals(bytes, ip.getAddress());
    }
}
