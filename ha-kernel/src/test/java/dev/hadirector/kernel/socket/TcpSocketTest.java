package dev.hadirector.kernel.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.epoll.Epoll;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against real listeners on the loopback of the test's own network namespace (the host's loopback). */
class TcpSocketTest {

    private final Epoll epoll = Epoll.open(4);
    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        epoll.close();
        if (server != null) {
            server.close();
        }
    }

    private InetSocketAddress listen(String host) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Waits for the socket's first epoll report and returns its events. */
    private int awaitReady(TcpSocket socket, int events) {
        epoll.add(socket.fileDescriptor().get(), events, 42L);
        assertEquals(1, epoll.await(5000), "epoll reported within 5 s");
        assertEquals(42L, epoll.token(0));
        return epoll.events(0);
    }

    @Test
    void connectsExchangesBytesBothWaysAndSeesTheEnd() throws Exception {
        InetSocketAddress address = listen("127.0.0.1");
        try (TcpSocket socket = TcpSocket.open(address)) {
            if (!socket.connect()) {
                assertTrue((awaitReady(socket, Epoll.EPOLLOUT) & Epoll.EPOLLOUT) != 0);
            }
            socket.finishConnect();
            try (Socket accepted = server.accept()) {
                ByteBuffer heap = ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII));
                assertEquals(4, socket.write(heap));
                assertFalse(heap.hasRemaining());
                assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), accepted.getInputStream().readNBytes(4));

                ByteBuffer direct = ByteBuffer.allocateDirect(64);
                assertEquals(0, socket.read(direct), "nothing waiting yet");
                accepted.getOutputStream().write("pong!".getBytes(StandardCharsets.US_ASCII));
                accepted.shutdownOutput();
                epoll.modify(socket.fileDescriptor().get(), Epoll.EPOLLIN, 42L);
                assertEquals(1, epoll.await(5000));
                assertEquals(5, socket.read(direct));
                assertEquals(5, direct.position());
                assertEquals(-1, socket.read(direct), "end of stream");
                ByteBuffer full = ByteBuffer.allocate(0);
                assertThrows(IllegalArgumentException.class, () -> socket.read(full),
                        "a full buffer is refused: its read of 0 bytes would look like the end of the stream");
                direct.flip();
                assertEquals("pong!", StandardCharsets.US_ASCII.decode(direct).toString());
            }
        }
    }

    @Test
    void readsIntoAHeapBufferAtItsPositionAndWritesFromADirectOne() throws Exception {
        InetSocketAddress address = listen("::1");
        try (TcpSocket socket = TcpSocket.open(address)) {
            if (!socket.connect()) {
                awaitReady(socket, Epoll.EPOLLOUT);
                epoll.remove(socket.fileDescriptor().get());
            }
            socket.finishConnect();
            try (Socket accepted = server.accept()) {
                ByteBuffer direct = ByteBuffer.allocateDirect(8).put("abc".getBytes(StandardCharsets.US_ASCII)).flip();
                assertEquals(3, socket.write(direct));
                assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), accepted.getInputStream().readNBytes(3));

                accepted.getOutputStream().write("xyz".getBytes(StandardCharsets.US_ASCII));
                ByteBuffer heap = ByteBuffer.allocate(8).put((byte) '>');
                epoll.add(socket.fileDescriptor().get(), Epoll.EPOLLIN, 1L);
                assertEquals(1, epoll.await(5000));
                assertEquals(3, socket.read(heap));
                assertEquals(">xyz", new String(heap.array(), 0, heap.position(), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void aClosedPortIsConnectionRefusedNamingThePeer() throws Exception {
        InetSocketAddress address = listen("127.0.0.1");
        server.close();
        try (TcpSocket socket = TcpSocket.open(address)) {
            KernelException refused = assertThrows(KernelException.class, () -> {
                if (!socket.connect()) {
                    int events = awaitReady(socket, Epoll.EPOLLOUT);
                    assertTrue((events & Epoll.EPOLLERR) != 0, "the failure is reported as an error event");
                    socket.finishConnect();
                }
            });
            assertEquals("ECONNREFUSED", refused.errnoName());
            assertEquals("connect to " + address + ": ECONNREFUSED (Connection refused)", refused.getMessage());
        }
    }

    @Test
    void aResetIsReportedByTheNextReadAndAWriteAfterItRaisesNoSignal() throws Exception {
        InetSocketAddress address = listen("127.0.0.1");
        try (TcpSocket socket = TcpSocket.open(address)) {
            if (!socket.connect()) {
                awaitReady(socket, Epoll.EPOLLOUT);
            }
            socket.finishConnect();
            Socket accepted = server.accept();
            accepted.setSoLinger(true, 0);
            accepted.close(); // linger 0: RST instead of FIN
            epoll.modify(socket.fileDescriptor().get(), Epoll.EPOLLIN, 42L);
            assertEquals(1, epoll.await(5000));
            KernelException reset = assertThrows(KernelException.class, () -> socket.read(ByteBuffer.allocateDirect(16)));
            assertEquals("ECONNRESET", reset.errnoName());
            assertTrue(reset.getMessage().startsWith("read from " + address), reset.getMessage());

            // Writing to the dead connection: EPIPE as an exception, never SIGPIPE (which would end the JVM).
            KernelException pipe = assertThrows(KernelException.class,
                    () -> socket.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
            assertEquals("EPIPE", pipe.errnoName());
        }
    }

    @Test
    void bindsTheLocalEndWhereAsked() throws Exception {
        InetSocketAddress address = listen("127.0.0.1");
        int localPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            localPort = probe.getLocalPort();
        }
        try (TcpSocket socket = TcpSocket.open(address)) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), localPort));
            socket.bindToDevice("lo");
            if (!socket.connect()) {
                awaitReady(socket, Epoll.EPOLLOUT);
            }
            socket.finishConnect();
            try (Socket accepted = server.accept()) {
                assertEquals(localPort, accepted.getPort(), "the server sees the bound source port");
            }
        }
    }

    @Test
    void bindingRefusalsNameWhatWasAsked() throws Exception {
        InetSocketAddress address = listen("127.0.0.1");
        try (TcpSocket socket = TcpSocket.open(address)) {
            KernelException device = assertThrows(KernelException.class, () -> socket.bindToDevice("nosuch0"));
            assertEquals("ENODEV", device.errnoName());
            assertTrue(device.getMessage().startsWith("setsockopt SO_BINDTODEVICE nosuch0 on "), device.getMessage());

            InetSocketAddress foreign = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0);
            KernelException bind = assertThrows(KernelException.class, () -> socket.bind(foreign));
            assertEquals("EADDRNOTAVAIL", bind.errnoName());
            assertTrue(bind.getMessage().startsWith("bind the TCP socket to " + foreign), bind.getMessage());
        }
    }
}
