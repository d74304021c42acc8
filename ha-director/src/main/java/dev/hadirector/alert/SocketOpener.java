package dev.hadirector.alert;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * Creates the unconnected TCP socket a mail goes out on. A socket belongs to the network namespace of the thread
 * that created it, so a director in a namespace opens it on the namespace's thread and connects from anywhere.
 */
@FunctionalInterface
interface SocketOpener {
    SocketOpener HERE = SocketChannel::open;

    SocketChannel open() throws IOException;
}
