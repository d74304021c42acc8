package dev.hadirector.checks.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Function;

/** A UDP server on 127.0.0.1 answering each datagram with what the function returns (null: silence). */
public final class UdpTestServer implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;

    public UdpTestServer(Function<byte[], byte[]> answer) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(() -> {
            byte[] buffer = new byte[65_536];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    socket.receive(p);
                    byte[] request = java.util.Arrays.copyOf(p.getData(), p.getLength());
                    byte[] reply = answer.apply(request);
                    if (reply != null) {
                        socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "udp-test-server");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
