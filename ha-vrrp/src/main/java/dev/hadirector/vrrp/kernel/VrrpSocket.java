package dev.hadirector.vrrp.kernel;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.socket.RawIpSocket;
import dev.hadirector.kernel.socket.ReceivedPacket;
import dev.hadirector.vrrp.AdvertSender;
import dev.hadirector.vrrp.VrrpRouter;
import dev.hadirector.vrrp.codec.VrrpPacket;
import dev.hadirector.vrrp.time.EventLoop;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel transport of one VRRP instance: a raw IP socket for protocol 112 on the instance's interface
 * (TTL / hop limit 255, multicast loop off, the VRRP group joined unless the instance is unicast), sending
 * from the instance's primary address. {@link #send} runs on the event loop; a receiver thread blocks in
 * poll and hands each packet to {@link VrrpRouter#receive} on the loop through a ring of pre-allocated slots,
 * so no payload is copied into fresh memory. When the loop falls a whole ring behind, packets are dropped and
 * counted rather than queued without bound.
 */
public final class VrrpSocket implements AdvertSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpSocket.class);
    private static final int RING = 64;
    private static final int POLL_MILLIS = 200;

    private final String name;
    private final RawIpSocket socket;
    private final byte[] source;
    private final Map<InetAddress, byte[]> destinations = new IdentityHashMap<>();
    private final AtomicLong overloadDrops = new AtomicLong();
    private final AtomicLong receiveErrors = new AtomicLong();
    private volatile boolean running;
    private Thread receiver;
    /** Where packets go while every slot is busy (receiver thread only). */
    private ReceivedPacket scratch;

    private VrrpSocket(String name, RawIpSocket socket, InetAddress source) {
        this.name = name;
        this.socket = socket;
        this.source = source.getAddress();
    }

    /**
     * Opens the socket for {@code spec} in {@code namespace} (null: the JVM's own).
     *
     * @param primaryAddress the address adverts are sent from (the same one given to the {@link VrrpRouter})
     * @throws KernelException naming the errno and the interface when the socket cannot be opened
     */
    public static VrrpSocket open(VrrpInstance spec, InetAddress primaryAddress, NetNamespace namespace) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        RawIpSocket.Builder b = (spec.ipv6() ? RawIpSocket.ipv6(VrrpPacket.IP_PROTOCOL)
                : RawIpSocket.ipv4(VrrpPacket.IP_PROTOCOL)).device(spec.iface()).hopLimit(255);
        if (!spec.unicast()) {
            b.joinGroup(VrrpRouter.multicastGroup(spec.ipv6()));
        }
        RawIpSocket socket = namespace == null ? b.open() : namespace.call(b::open);
        return new VrrpSocket(spec.name(), socket, primaryAddress);
    }

    /** Sends one advert: copied into the socket's native buffer, then sendmsg with the primary address as source. */
    @Override
    public void send(InetAddress destination, ByteBuffer payload, int offset, int length) {
        byte[] dst = destinations.get(destination);
        if (dst == null) {
            // The router hands the same destination objects every time: one array per destination, ever.
            dst = destination.getAddress();
            destinations.put(destination, dst);
        }
        socket.sendBuffer().put(0, payload, offset, length);
        socket.send(length, dst, source);
    }

    /** Starts the receiver thread, which feeds {@code router} on {@code loop}. */
    public synchronized void startReceiving(VrrpRouter router, EventLoop loop) {
        if (receiver != null) {
            throw new IllegalStateException("VRRP socket of " + name + " is already receiving");
        }
        running = true;
        receiver = new Thread(() -> receiveLoop(router, loop), "vrrp-rx-" + name);
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Packets dropped because the event loop had not consumed the previous {@value #RING}. */
    public long overloadDrops() {
        return overloadDrops.get();
    }

    /** Failed receive calls (each logged). */
    public long receiveErrors() {
        return receiveErrors.get();
    }

    private void receiveLoop(VrrpRouter router, EventLoop loop) {
        Slot[] ring = new Slot[RING];
        for (int i = 0; i < RING; i++) {
            ring[i] = new Slot(router);
        }
        int next = 0;
        while (running) {
            Slot slot = ring[next];
            if (slot.busy.get()) {
                // The loop still holds this slot: wait for it rather than overwrite, dropping what arrives.
                if (socket.receive(scratch(), POLL_MILLIS)) {
                    overloadDrops.incrementAndGet();
                }
                continue;
            }
            try {
                if (!socket.receive(slot.packet, POLL_MILLIS)) {
                    continue;
                }
            } catch (KernelException e) {
                if (running) {
                    receiveErrors.incrementAndGet();
                    LOG.warn("{}: receiving VRRP failed: {}", name, e.getMessage());
                }
                continue;
            }
            slot.fill();
            slot.busy.set(true);
            loop.execute(slot);
            next = (next + 1) % RING;
        }
    }

    private ReceivedPacket scratch() {
        if (scratch == null) {
            scratch = new ReceivedPacket();
        }
        return scratch;
    }

    /** One received packet on its way to the loop; reused once the loop has run it. */
    private static final class Slot implements Runnable {
        final ReceivedPacket packet = new ReceivedPacket();
        final AtomicBoolean busy = new AtomicBoolean();
        final VrrpRouter router;
        final byte[] source4 = new byte[4];
        final byte[] destination4 = new byte[4];
        final byte[] source16 = new byte[16];
        final byte[] destination16 = new byte[16];
        byte[] source;
        byte[] destination;

        Slot(VrrpRouter router) {
            this.router = router;
        }

        void fill() {
            boolean v6 = packet.addressLength() == 16;
            source = v6 ? source16 : source4;
            destination = v6 ? destination16 : destination4;
            packet.sourceAddress(source);
            packet.destinationAddress(destination);
        }

        @Override
        public void run() {
            try {
                router.receive(packet.buffer(), packet.payloadOffset(), packet.payloadLength(), packet.hopLimit(),
                        source, destination);
            } finally {
                busy.set(false);
            }
        }
    }

    /** Stops the receiver and closes the socket. */
    @Override
    public void close() {
        Thread r;
        synchronized (this) {
            running = false;
            r = receiver;
        }
        if (r != null) {
            try {
                r.join(5L * POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
    }

    @Override
    public String toString() {
        return "VRRP socket of " + name + " (" + socket + ")";
    }
}
