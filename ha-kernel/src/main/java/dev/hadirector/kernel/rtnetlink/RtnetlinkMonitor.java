package dev.hadirector.kernel.rtnetlink;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.NativeBuffer;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkFormatException;
import dev.hadirector.kernel.netlink.NetlinkMessage;
import dev.hadirector.kernel.netlink.NetlinkSocket;
import dev.hadirector.kernel.netlink.NetlinkTransport;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches links and IPv4/IPv6 addresses of one network namespace and reports changes as
 * {@link RtnetlinkEvent}s. It keeps the last known state, so it reports real changes only, and when the kernel
 * drops notifications (ENOBUFS on the event socket) it reports an {@link RtnetlinkEvent.Overrun}, dumps the
 * current state over a second socket and emits the differences: a consumer never silently misses a link going
 * down.
 *
 * <p>One owner thread calls {@link #poll}; the state accessors are for that thread too.
 */
public final class RtnetlinkMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtnetlinkMonitor.class);

    private final NetlinkTransport events;
    private final RtnetlinkClient control;
    private final NativeBuffer receiveBuffer = new NativeBuffer(128 * 1024);
    private final Map<Integer, Link> links = new HashMap<>();
    private final Map<AddressKey, InterfaceAddress> addresses = new LinkedHashMap<>();
    private long overruns;
    private long malformed;

    /**
     * A monitor reading notifications from {@code events} (a socket already joined to the link and address
     * groups) and dumping state through {@code control}. Loads the initial state at once.
     */
    public RtnetlinkMonitor(NetlinkTransport events, RtnetlinkClient control) {
        this.events = events;
        this.control = control;
        for (Link l : control.links()) {
            links.put(l.index(), l);
        }
        for (InterfaceAddress a : control.addresses()) {
            addresses.put(AddressKey.of(a), a);
        }
    }

    /**
     * Opens a monitor in the calling thread's network namespace, joined to RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR
     * and RTNLGRP_IPV6_IFADDR. The groups are joined before the initial dump, so no change falls in between.
     */
    public static RtnetlinkMonitor open() {
        return open(0);
    }

    /**
     * As {@link #open()}, with the event socket's receive buffer set to {@code receiveBufferBytes} (0 keeps the
     * socket's default of 4 MiB). A small buffer overruns sooner; tests use it to provoke ENOBUFS.
     */
    public static RtnetlinkMonitor open(int receiveBufferBytes) {
        if (receiveBufferBytes < 0) {
            throw new IllegalArgumentException("receiveBufferBytes " + receiveBufferBytes
                    + " out of range: must be 0 or more");
        }
        NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE);
        RtnetlinkClient control = null;
        try {
            if (receiveBufferBytes > 0) {
                dev.hadirector.kernel.Sockets.setReceiveBuffer(socket.fileDescriptor(), receiveBufferBytes);
            }
            socket.joinGroup(Rtnetlink.RTNLGRP_LINK);
            socket.joinGroup(Rtnetlink.RTNLGRP_IPV4_IFADDR);
            socket.joinGroup(Rtnetlink.RTNLGRP_IPV6_IFADDR);
            control = RtnetlinkClient.open();
            return new RtnetlinkMonitor(socket, control);
        } catch (RuntimeException e) {
            socket.close();
            if (control != null) {
                control.close();
            }
            throw e;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for notifications and hands every resulting event to {@code sink};
     * returns how many it delivered (0 on timeout, or when the notifications changed nothing).
     */
    public int poll(int timeoutMillis, Consumer<RtnetlinkEvent> sink) {
        int length;
        try {
            length = events.receive(receiveBuffer, timeoutMillis);
        } catch (KernelException e) {
            if (e.errno() != Errno.ENOBUFS) {
                throw e;
            }
            return resync(sink);
        }
        if (length < 0) {
            return 0;
        }
        int delivered = 0;
        ByteBuffer datagram = receiveBuffer.buffer().duplicate().position(0).limit(length);
        List<NetlinkMessage> messages;
        try {
            messages = NetlinkMessage.parse(datagram);
        } catch (NetlinkFormatException e) {
            return skipMalformed(e, sink);
        }
        for (NetlinkMessage m : messages) {
            if (m.type() == Netlink.NLMSG_OVERRUN) {
                return delivered + resync(sink);
            }
            try {
                delivered += apply(m, sink);
            } catch (NetlinkFormatException e) {
                delivered += skipMalformed(e, sink);
            }
        }
        return delivered;
    }

    /**
     * A notification this code cannot decode must not stop the monitor (nor be silently lost): it is logged and
     * treated like an overrun, since the state it carried is unknown, and the dump brings the state back.
     */
    private int skipMalformed(NetlinkFormatException e, Consumer<RtnetlinkEvent> sink) {
        malformed++;
        LOG.warn("undecodable rtnetlink notification ({}); resynchronising by dump", e.getMessage());
        return resyncAfterLoss(sink);
    }

    /** How many undecodable notifications were met (each followed by a resync). */
    public long malformedNotifications() {
        return malformed;
    }

    /** The links as last seen, by index. */
    public Map<Integer, Link> links() {
        return Map.copyOf(links);
    }

    public Optional<Link> link(String name) {
        return links.values().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** The addresses as last seen. */
    public List<InterfaceAddress> addresses() {
        return List.copyOf(addresses.values());
    }

    /** How many overruns (notifications the kernel dropped) were recovered from. */
    public long overruns() {
        return overruns;
    }

    @Override
    public void close() {
        events.close();
        control.close();
    }

    private int apply(NetlinkMessage m, Consumer<RtnetlinkEvent> sink) {
        switch (m.type()) {
            case Rtnetlink.RTM_NEWLINK -> {
                Link link = RtnetlinkCodec.parseLink(m);
                Link previous = links.put(link.index(), link);
                if (!link.equals(previous)) {
                    sink.accept(new RtnetlinkEvent.LinkChanged(Optional.ofNullable(previous), link));
                    return 1;
                }
                return 0;
            }
            case Rtnetlink.RTM_DELLINK -> {
                Link link = RtnetlinkCodec.parseLink(m);
                Link previous = links.remove(link.index());
                addresses.keySet().removeIf(k -> k.index() == link.index());
                if (previous != null) {
                    sink.accept(new RtnetlinkEvent.LinkRemoved(link));
                    return 1;
                }
                return 0;
            }
            case Rtnetlink.RTM_NEWADDR -> {
                Optional<InterfaceAddress> parsed = RtnetlinkCodec.parseAddress(m);
                if (parsed.isEmpty()) {
                    return 0;
                }
                InterfaceAddress a = parsed.get();
                InterfaceAddress previous = addresses.put(AddressKey.of(a), a);
                if (!a.equals(previous)) {
                    sink.accept(new RtnetlinkEvent.AddressAdded(a));
                    return 1;
                }
                return 0;
            }
            case Rtnetlink.RTM_DELADDR -> {
                Optional<InterfaceAddress> parsed = RtnetlinkCodec.parseAddress(m);
                if (parsed.isEmpty()) {
                    return 0;
                }
                InterfaceAddress removed = addresses.remove(AddressKey.of(parsed.get()));
                if (removed != null) {
                    sink.accept(new RtnetlinkEvent.AddressRemoved(parsed.get()));
                    return 1;
                }
                return 0;
            }
            default -> {
                return 0;
            }
        }
    }

    /**
     * Recovers from lost notifications: drops what is still queued (it may be older than the dump), dumps
     * the current state and emits the differences from what this monitor last knew.
     */
    private int resync(Consumer<RtnetlinkEvent> sink) {
        overruns++;
        LOG.warn("rtnetlink notifications lost (socket buffer overrun #{}); resynchronising by dump", overruns);
        return resyncAfterLoss(sink);
    }

    private int resyncAfterLoss(Consumer<RtnetlinkEvent> sink) {
        drain();
        sink.accept(new RtnetlinkEvent.Overrun(overruns + malformed));
        int delivered = 1;

        Map<Integer, Link> nowLinks = new HashMap<>();
        for (Link l : control.links()) {
            nowLinks.put(l.index(), l);
        }
        Map<AddressKey, InterfaceAddress> nowAddresses = new LinkedHashMap<>();
        for (InterfaceAddress a : control.addresses()) {
            nowAddresses.put(AddressKey.of(a), a);
        }
        List<RtnetlinkEvent> diff = new ArrayList<>();
        for (InterfaceAddress old : addresses.values()) {
            if (!nowAddresses.containsKey(AddressKey.of(old))) {
                diff.add(new RtnetlinkEvent.AddressRemoved(old));
            }
        }
        for (Link old : links.values()) {
            if (!nowLinks.containsKey(old.index())) {
                diff.add(new RtnetlinkEvent.LinkRemoved(old));
            }
        }
        for (Link now : sorted(nowLinks.values())) {
            Link old = links.get(now.index());
            if (!now.equals(old)) {
                diff.add(new RtnetlinkEvent.LinkChanged(Optional.ofNullable(old), now));
            }
        }
        for (InterfaceAddress now : nowAddresses.values()) {
            if (!now.equals(addresses.get(AddressKey.of(now)))) {
                diff.add(new RtnetlinkEvent.AddressAdded(now));
            }
        }
        links.clear();
        links.putAll(nowLinks);
        addresses.clear();
        addresses.putAll(nowAddresses);
        for (RtnetlinkEvent e : diff) {
            sink.accept(e);
        }
        return delivered + diff.size();
    }

    private void drain() {
        for (int i = 0; i < 100_000; i++) {
            try {
                if (events.receive(receiveBuffer, 0) < 0) {
                    return;
                }
            } catch (KernelException e) {
                if (e.errno() != Errno.ENOBUFS) {
                    throw e;
                }
            }
        }
    }

    private static List<Link> sorted(Collection<Link> links) {
        List<Link> out = new ArrayList<>(links);
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    /** How the kernel identifies an address: address, prefix length and interface. */
    private record AddressKey(InetAddress address, int prefixLength, int index) {
        static AddressKey of(InterfaceAddress a) {
            return new AddressKey(a.address(), a.prefixLength(), a.interfaceIndex());
        }
    }
}
