package dev.hadirector.kernel.rtnetlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.NativeBuffer;
import dev.hadirector.kernel.netlink.EmbeddedNetlinkTransport;
import dev.hadirector.kernel.netlink.Netlink;
import dev.hadirector.kernel.netlink.NetlinkConnection;
import dev.hadirector.kernel.netlink.NetlinkTransport;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor's bookkeeping against a scripted event socket and a fake kernel answering its dumps. */
class RtnetlinkMonitorTest {
    /** What the fake kernel's dumps report. */
    private final Map<Integer, int[]> kernelLinks = new TreeMap<>(); // index -> {flags, operstate}
    private final List<String> kernelAddresses = new ArrayList<>();  // "index cidr"
    private final ScriptedEvents events = new ScriptedEvents();
    private RtnetlinkMonitor monitor;
    private final List<RtnetlinkEvent> seen = new ArrayList<>();

    @BeforeEach
    void start() {
        kernelLinks.put(1, new int[]{Rtnetlink.IFF_UP | Rtnetlink.IFF_LOOPBACK, 0});
        kernelLinks.put(4, new int[]{Rtnetlink.IFF_UP, OperState.UP.code()});
        kernelAddresses.add("4 10.0.0.1/24");
        EmbeddedNetlinkTransport kernel = new EmbeddedNetlinkTransport((request, replies) -> {
            if (request.type() == Rtnetlink.RTM_GETLINK) {
                kernelLinks.forEach((index, state) -> replies.data(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_MULTI,
                        w -> writeLink(w, index, state[0], state[1])));
            } else if (request.type() == Rtnetlink.RTM_GETADDR) {
                for (String a : kernelAddresses) {
                    String[] parts = a.split(" ");
                    replies.data(Rtnetlink.RTM_NEWADDR, Netlink.NLM_F_MULTI,
                            w -> writeAddress(w, Integer.parseInt(parts[0]), parts[1]));
                }
            }
            replies.done(false);
        });
        monitor = new RtnetlinkMonitor(events, new RtnetlinkClient(new NetlinkConnection(kernel)));
    }

    @Test
    void loadsTheInitialStateWithoutEvents() {
        assertEquals(2, monitor.links().size());
        assertEquals("10.0.0.1/24", monitor.addresses().get(0).cidr());
        assertEquals(0, monitor.poll(0, seen::add));
        assertTrue(seen.isEmpty());
    }

    @Test
    void reportsALinkGoingDownOnceAndIgnoresRepeats() {
        events.datagram(Rtnetlink.RTM_NEWLINK, w -> writeLink(w, 4, 0, OperState.DOWN.code()));
        events.datagram(Rtnetlink.RTM_NEWLINK, w -> writeLink(w, 4, 0, OperState.DOWN.code()));
        assertEquals(1, monitor.poll(0, seen::add));
        assertEquals(0, monitor.poll(0, seen::add), "the same state again is no change");
        RtnetlinkEvent.LinkChanged change = assertInstanceOf(RtnetlinkEvent.LinkChanged.class, seen.get(0));
        assertTrue(change.wentDown());
        assertTrue(change.previous().orElseThrow().isUp());
        assertFalse(monitor.links().get(4).isUp());
    }

    @Test
    void reportsAddressesAddedAndRemoved() {
        events.datagram(Rtnetlink.RTM_NEWADDR, w -> writeAddress(w, 4, "10.0.0.9/24"));
        events.datagram(Rtnetlink.RTM_DELADDR, w -> writeAddress(w, 4, "10.0.0.1/24"));
        events.datagram(Rtnetlink.RTM_DELADDR, w -> writeAddress(w, 4, "10.0.0.77/24"));
        monitor.poll(0, seen::add);
        monitor.poll(0, seen::add);
        monitor.poll(0, seen::add);
        assertEquals(2, seen.size(), seen.toString());
        assertEquals("10.0.0.9/24", assertInstanceOf(RtnetlinkEvent.AddressAdded.class, seen.get(0)).address().cidr());
        assertEquals("10.0.0.1/24", assertInstanceOf(RtnetlinkEvent.AddressRemoved.class, seen.get(1)).address().cidr());
        assertEquals(List.of("10.0.0.9/24"), monitor.addresses().stream().map(InterfaceAddress::cidr).toList());
    }

    @Test
    void enobufsIsReportedAndRecoveredByResyncingFromADump() {
        // While notifications were lost: link 4 went down, link 7 appeared, the address moved.
        kernelLinks.put(4, new int[]{0, OperState.DOWN.code()});
        kernelLinks.put(7, new int[]{Rtnetlink.IFF_UP, OperState.UP.code()});
        kernelAddresses.clear();
        kernelAddresses.add("7 10.0.0.1/24");
        events.overrun();
        // A stale notification still queued behind the overrun must not undo the dump.
        events.datagram(Rtnetlink.RTM_NEWADDR, w -> writeAddress(w, 4, "10.0.0.1/24"));

        int delivered = monitor.poll(0, seen::add);

        assertEquals(seen.size(), delivered);
        assertEquals(new RtnetlinkEvent.Overrun(1), seen.get(0));
        assertEquals(1, monitor.overruns());
        assertTrue(seen.contains(new RtnetlinkEvent.AddressRemoved(address(4, "10.0.0.1/24"))), seen.toString());
        assertTrue(seen.contains(new RtnetlinkEvent.AddressAdded(address(7, "10.0.0.1/24"))), seen.toString());
        assertTrue(seen.stream().anyMatch(e -> e instanceof RtnetlinkEvent.LinkChanged c && c.link().index() == 4
                && c.wentDown()), seen.toString());
        assertTrue(seen.stream().anyMatch(e -> e instanceof RtnetlinkEvent.LinkChanged c && c.link().index() == 7
                && c.previous().isEmpty()), seen.toString());
        assertEquals(5, seen.size(), seen.toString());
        assertEquals(0, monitor.poll(0, seen::add), "the stale message was drained");
        assertEquals(List.of("10.0.0.1/24 on index 7 scope 0"),
                monitor.addresses().stream().map(InterfaceAddress::toString).toList());
    }

    @Test
    void anUndecodableNotificationLeadsToAResyncNotACrash() {
        kernelAddresses.add("4 10.0.0.2/24");
        events.raw(new byte[]{40, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // claims 40 bytes, has 16
        events.datagram(Rtnetlink.RTM_NEWADDR, w -> w.u8(2)); // an ifaddrmsg cut after 1 byte

        monitor.poll(0, seen::add);
        assertEquals(new RtnetlinkEvent.Overrun(1), seen.get(0));
        assertEquals(new RtnetlinkEvent.AddressAdded(address(4, "10.0.0.2/24")), seen.get(1));
        assertEquals(2, seen.size(), seen.toString());
        assertEquals(0, monitor.overruns(), "the kernel dropped nothing");
        assertEquals(1, monitor.malformedNotifications());
        assertEquals(0, monitor.poll(0, seen::add), "the queued rest was drained by the resync");
        events.datagram(Rtnetlink.RTM_NEWADDR, w -> w.u8(2));
        monitor.poll(0, seen::add);
        assertEquals(new RtnetlinkEvent.Overrun(2), seen.get(2));
        assertEquals(2, monitor.malformedNotifications());
    }

    @Test
    void otherKernelErrorsPropagate() {
        events.fail(Errno.EBADF);
        KernelException e = assertThrows(KernelException.class, () -> monitor.poll(0, seen::add));
        assertEquals("EBADF", e.errnoName());
    }

    private static InterfaceAddress address(int index, String cidr) {
        return InterfaceAddress.builder(cidr, index).build();
    }

    private static void writeLink(NetlinkWriter w, int index, int flags, int operstate) {
        IfInfoHeader.write(w, 0, index, flags, 0);
        w.putString(Rtnetlink.IFLA_IFNAME, index == 1 ? "lo" : "eth" + index);
        w.putU8(Rtnetlink.IFLA_OPERSTATE, operstate);
    }

    private static void writeAddress(NetlinkWriter w, int index, String cidr) {
        InterfaceAddress a = address(index, cidr);
        IfAddrHeader.write(w, a.family(), a.prefixLength(), 0, a.scope(), index);
        w.putBytes(Rtnetlink.IFA_LOCAL, a.address().getAddress());
    }

    /** An event socket that plays back datagrams and failures in order. */
    private static final class ScriptedEvents implements NetlinkTransport {
        private final Deque<Object> script = new ArrayDeque<>();

        void datagram(int type, java.util.function.Consumer<NetlinkWriter> body) {
            NetlinkWriter w = new NetlinkWriter(256);
            w.beginMessage(type, 0);
            body.accept(w);
            w.endMessage();
            ByteBuffer frames = w.frames();
            byte[] bytes = new byte[frames.remaining()];
            frames.get(bytes);
            script.add(bytes);
        }

        void raw(byte[] datagram) {
            script.add(datagram.clone());
        }

        void overrun() {
            fail(Errno.ENOBUFS);
        }

        void fail(int errno) {
            script.add(errno);
        }

        @Override
        public void send(NativeBuffer frames, int offset, int length) {
            throw new UnsupportedOperationException("the event socket only receives");
        }

        @Override
        public int receive(NativeBuffer into, int timeoutMillis) {
            Object next = script.poll();
            if (next == null) {
                return -1;
            }
            if (next instanceof Integer errno) {
                throw new KernelException(errno, "receive on netlink NETLINK_ROUTE");
            }
            byte[] bytes = (byte[]) next;
            into.buffer().put(0, bytes);
            return bytes.length;
        }

        @Override
        public int portId() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
