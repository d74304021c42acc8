package dev.hadirector.checks.ping;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * An ICMP (or ICMPv6) socket as the ping checker needs it: {@link RawEchoSocketFactory} opens them
 * over ha-kernel's raw sockets; unit tests use an in-memory one.
 */
public interface EchoSocket extends AutoCloseable {

    /** Sends one ICMP message, from the ICMP header on, to the address. */
    void send(InetAddress target, ByteBuffer message) throws IOException;

    @Override
    void close();
}
