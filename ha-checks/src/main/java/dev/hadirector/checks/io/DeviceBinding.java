package dev.hadirector.checks.io;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.socket.TcpSocket;
import dev.hadirector.kernel.socket.UdpSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local end of a check's socket as the check asks: its bind address (bindto / bind_port) and its interface
 * (bind_if: SO_BINDTODEVICE, so packets leave by that interface whatever the routes say, and an IPv6 link-local
 * peer is reached on that link).
 */
public final class DeviceBinding {

    private DeviceBinding() {
    }

    /** Binds a fresh, unconnected TCP socket. */
    public static void bindLocal(TcpSocket socket, Optional<InetSocketAddress> bind, Optional<String> device)
            throws IOException {
        if (bind.isPresent() || device.isPresent()) {
            bindLocal(socket::bind, socket::bindToDevice, bind, device);
        }
    }

    /** Binds a fresh, unconnected UDP socket. */
    public static void bindLocal(UdpSocket socket, Optional<InetSocketAddress> bind, Optional<String> device)
            throws IOException {
        if (bind.isPresent() || device.isPresent()) {
            bindLocal(socket::bind, socket::bindToDevice, bind, device);
        }
    }

    /**
     * @throws IOException for bind_if, "bind_if NAME failed: " and the kernel's refusal (ENODEV when there is
     *                     no such interface); a refused bind address is the {@link KernelException} itself
     */
    private static void bindLocal(Consumer<InetSocketAddress> bindAddress, Consumer<String> bindDevice,
                                  Optional<InetSocketAddress> bind, Optional<String> device) throws IOException {
        if (bind.isPresent()) {
            bindAddress.accept(bind.get());
        }
        if (device.isPresent()) {
            try {
                bindDevice.accept(device.get());
            } catch (KernelException e) {
                throw new IOException("bind_if " + device.get() + " failed: " + e.getMessage(), e);
            }
        }
    }
}
