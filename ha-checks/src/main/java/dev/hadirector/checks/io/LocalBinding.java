package dev.hadirector.checks.io;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.socket.InetClientSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The local end of a check's socket as the check asks: its bind address (bindto / bind_port) and its interface
 * (bind_if: SO_BINDTODEVICE, so packets leave by that interface whatever the routes say, and an IPv6 link-local
 * peer is reached on that link).
 */
public final class LocalBinding {

    private LocalBinding() {
    }

    /**
     * Binds a fresh, unconnected socket.
     *
     * @throws IOException for bind_if, "bind_if NAME failed: " and the kernel's refusal (ENODEV when there is
     *                     no such interface); a refused bind address is the {@link KernelException} itself
     */
    public static void bindLocal(InetClientSocket socket, Optional<InetSocketAddress> bind, Optional<String> device)
            throws IOException {
        if (bind.isPresent()) {
            socket.bind(bind.get());
        }
        if (device.isPresent()) {
            try {
                socket.bindToDevice(device.get());
            } catch (KernelException e) {
                throw new IOException("bind_if " + device.get() + " failed: " + e.getMessage(), e);
            }
        }
    }
}
