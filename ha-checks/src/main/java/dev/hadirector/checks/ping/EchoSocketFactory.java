package dev.hadirector.checks.ping;

import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.util.Optional;

/** Opens {@link EchoSocket}s (see {@link RawEchoSocketFactory}). */
public interface EchoSocketFactory {

    /**
     * Opens a socket of the family (INET: ICMP, INET6: ICMPv6), bound to the address if given.
     * Every ICMP message it receives is handed to the receiver, from the ICMP header on, on the
     * socket's own thread; the buffer is only valid during the call.
     */
    EchoSocket open(StandardProtocolFamily family, Optional<InetAddress> bind, Receiver receiver) throws IOException;

    /**
     * As {@link #open(StandardProtocolFamily, Optional, Receiver)}, the socket bound to {@code device} (bind_if,
     * SO_BINDTODEVICE) when given; a factory that cannot bind to a device refuses.
     */
    default EchoSocket open(StandardProtocolFamily family, Optional<InetAddress> bind, Optional<String> device,
                            Receiver receiver) throws IOException {
        if (device.isPresent()) {
            throw new IOException("bind_if " + device.get() + ": " + getClass().getSimpleName()
                    + " cannot bind its sockets to an interface");
        }
        return open(family, bind, receiver);
    }

    /** Where received ICMP messages go. */
    @FunctionalInterface
    interface Receiver {
        void onMessage(InetAddress source, ByteBuffer message);
    }
}
