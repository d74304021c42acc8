package dev.hadirector.checks.ping;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * An ICMP (or ICMPv6) socket as the ping checker needs it. The kernel implementation (a raw socket,
 * opened in the director's network namespace) belongs to ha-kernel and is not written yet; tests
 * use an in-memory one.
 */
public interface EchoSocket extends AutoCloseable {

    /** Sends one ICMP message, from the ICMP header on, to the address. */
    void send(InetAddress target, ByteBuffer message) throws IOException;

    @Override
    void close();
}
