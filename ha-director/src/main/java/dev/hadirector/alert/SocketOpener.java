package dev.hadirector.alert;

import dev.hadirector.kernel.netns.NetNamespace;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;

/**
 * Creates the unconnected TCP socket a mail goes out on, and looks up the server's name. A socket belongs to the
 * network namespace of the thread that created it (a name lookup too: its queries are sockets), so a director in a
 * namespace does both on the namespace's thread and connects from anywhere.
 */
interface SocketOpener {
    SocketOpener HERE = new SocketOpener() {
        @Override
        public SocketChannel open() throws IOException {
            return SocketChannel.open();
        }

        @Override
        public InetAddress resolve(String host) throws UnknownHostException {
            return InetAddress.getByName(host);
        }
    };

    SocketChannel open() throws IOException;

    /** The address of {@code host} (a literal is taken as it is, without any lookup). */
    InetAddress resolve(String host) throws UnknownHostException;

    /** Opens and resolves on the thread of {@code namespace}. */
    static SocketOpener in(NetNamespace namespace) {
        return new SocketOpener() {
            @Override
            public SocketChannel open() {
                return namespace.call(SocketChannel::open);
            }

            @Override
            public InetAddress resolve(String host) {
                return namespace.call(() -> InetAddress.getByName(host));
            }
        };
    }
}
