package dev.hadirector.checks.ping;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.socket.RawIpSocket;
import dev.hadirector.kernel.socket.ReceivedPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICMP and ICMPv6 echo sockets over ha-kernel's raw IP sockets (root or CAP_NET_RAW). Each socket
 * has one reader thread, so the number of threads is fixed by the families and bind addresses in
 * use, not by the number of checks. Sockets open in the calling thread's network namespace.
 */
public final class RawEchoSocketFactory implements EchoSocketFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RawEchoSocketFactory.class);
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final int POLL_MILLIS = 200;

    @Override
    public EchoSocket open(StandardProtocolFamily family, Optional<InetAddress> bind, Receiver receiver)
            throws IOException {
        return open(family, bind, Optional.empty(), receiver);
    }

    @Override
    public EchoSocket open(StandardProtocolFamily family, Optional<InetAddress> bind, Optional<String> device,
                           Receiver receiver) throws IOException {
        boolean v6 = family == StandardProtocolFamily.INET6;
        RawIpSocket socket;
        try {
            RawIpSocket.Builder builder = (v6 ? RawIpSocket.ipv6(IPPROTO_ICMPV6) : RawIpSocket.ipv4(IPPROTO_ICMP))
                    .maxPayload(1_500);
            device.ifPresent(builder::device);
            socket = builder.open();
        } catch (KernelException e) {
            throw new IOException((device.isPresent() ? "bind_if " + device.get() + ": " : "") + "cannot open a raw "
                    + (v6 ? "ICMPv6" : "ICMP") + " socket: " + e.getMessage(), e);
        }
        return new RawEchoSocket(socket, v6, bind, receiver);
    }

    private static final class RawEchoSocket implements EchoSocket {
        private final RawIpSocket socket;
        private final byte[] source;
        private final Thread reader;
        private volatile boolean closed;

        RawEchoSocket(RawIpSocket socket, boolean v6, Optional<InetAddress> bind, Receiver receiver) {
            this.socket = socket;
            this.source = bind.map(InetAddress::getAddress).orElse(null);
            this.reader = new Thread(() -> read(receiver), "ha-checks-" + (v6 ? "icmpv6" : "icmp") + "-reader");
            this.reader.setDaemon(true);
            this.reader.start();
        }

        // The reader owns the socket's lifetime: it closes the socket when it stops, so close()
        // never closes a descriptor another thread is polling.
        private void read(Receiver receiver) {
            ReceivedPacket packet = new ReceivedPacket();
            try {
                while (!closed) {
                    try {
                        if (socket.receive(packet, POLL_MILLIS)) {
                            ByteBuffer message = packet.buffer().duplicate();
                            message.limit(packet.payloadOffset() + packet.payloadLength()).position(packet.payloadOffset());
                            receiver.onMessage(packet.sourceAddress(), message);
                        }
                    } catch (KernelException e) {
                        if (!closed) {
                            LOG.warn("receiving on {}: {}", socket, e.getMessage());
                        }
                    }
                }
            } finally {
                socket.close();
            }
        }

        @Override
        public void send(InetAddress target, ByteBuffer message) throws IOException {
            if (closed) {
                throw new IOException("echo socket closed");
            }
            try {
                socket.send(message, target.getAddress(), source);
            } catch (KernelException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
