package dev.hadirector.vrrp;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Sends one VRRP message (the IP payload; the transport adds the IP header with protocol 112 and TTL / hop
 * limit 255). The kernel-backed implementation is a raw socket; simulations deliver it on a virtual LAN.
 * Called on the event loop; must not block and must not keep {@code payload} after returning.
 */
@FunctionalInterface
public interface AdvertSender {
    /**
     * @param destination the multicast group (224.0.0.18 / ff02::12) or one unicast peer
     */
    void send(InetAddress destination, ByteBuffer payload, int offset, int length);
}
