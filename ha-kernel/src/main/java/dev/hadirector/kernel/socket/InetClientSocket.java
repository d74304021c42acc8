package dev.hadirector.kernel.socket;

import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.Sockets;
import java.net.InetSocketAddress;

/**
 * A non-blocking IPv4/IPv6 socket meant for one peer, and what every such socket can do before it connects:
 * bind its local end, bind to an interface. {@link TcpSocket} and {@link UdpSocket} add their own traffic.
 */
public abstract sealed class InetClientSocket implements AutoCloseable permits TcpSocket, UdpSocket {
    final FileDescriptor fd;
    final InetSocketAddress peer;

    InetClientSocket(FileDescriptor fd, InetSocketAddress peer) {
        this.fd = fd;
        this.peer = peer;
    }

    /** The descriptor, for an event loop's registration (which may then own and close it). */
    public final FileDescriptor fileDescriptor() {
        return fd;
    }

    public final InetSocketAddress peer() {
        return peer;
    }

    /** Binds the local end (a check's bindto / bind_port); before connecting. */
    public final void bind(InetSocketAddress local) {
        InetSockets.bind(fd, local);
    }

    /** SO_BINDTODEVICE: traffic leaves by {@code ifname} whatever the routes say; before connecting. */
    public final void bindToDevice(String ifname) {
        Sockets.bindToDevice(fd, ifname);
    }

    @Override
    public final void close() {
        fd.close();
    }

    @Override
    public final String toString() {
        return fd + " to " + peer;
    }
}
