package dev.hadirector.kernel.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.epoll.Epoll;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against real datagram sockets on the host's loopback. */
class UdpSocketTest {

    private final Epoll epoll = Epoll.open(4);

    @AfterEach
    void close() {
        epoll.close();
    }

    @Test
    void sendsAndReceivesDatagramsIncludingAnEmptyOne() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
             UdpSocket socket = UdpSocket.open((InetSocketAddress) peer.getLocalSocketAddress())) {
            socket.connect();
            assertTrue(socket.send(ByteBuffer.wrap("query".getBytes(StandardCharsets.US_ASCII))));
            DatagramPacket got = new DatagramPacket(new byte[64], 64);
            peer.receive(got);
            assertEquals("query", new String(got.getData(), 0, got.getLength(), StandardCharsets.US_ASCII));

            ByteBuffer into = ByteBuffer.allocate(64);
            assertEquals(-1, socket.receive(into), "none waiting");
            peer.send(new DatagramPacket("answer".getBytes(StandardCharsets.US_ASCII), 6, got.getSocketAddress()));
            peer.send(new DatagramPacket(new byte[0], 0, got.getSocketAddress()));
            epoll.add(socket.fileDescriptor().get(), Epoll.EPOLLIN, 9L);
            assertEquals(1, epoll.await(5000));
            assertEquals(6, socket.receive(into));
            assertEquals("answer", new String(into.array(), 0, into.position(), StandardCharsets.US_ASCII));
            into.clear();
            assertEquals(0, socket.receive(into), "an empty datagram is a datagram");
            assertEquals(-1, socket.receive(into));
        }
    }

    @Test
    void anIcmpPortUnreachableFailsTheNextReceiveNamingThePeer() throws Exception {
        InetSocketAddress closed;
        try (DatagramSocket gone = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            closed = (InetSocketAddress) gone.getLocalSocketAddress();
        }
        try (UdpSocket socket = UdpSocket.open(closed)) {
            socket.connect();
            assertTrue(socket.send(ByteBuffer.wrap(new byte[] {1})));
            epoll.add(socket.fileDescriptor().get(), Epoll.EPOLLIN, 9L);
            assertEquals(1, epoll.await(5000), "the ICMP error makes the socket ready");
            assertTrue((epoll.events(0) & Epoll.EPOLLERR) != 0);
            KernelException refused = assertThrows(KernelException.class, () -> socket.receive(ByteBuffer.allocate(8)));
            assertEquals("ECONNREFUSED", refused.errnoName());
            assertTrue(refused.getMessage().startsWith("read from " + closed), refused.getMessage());
        }
    }
}
