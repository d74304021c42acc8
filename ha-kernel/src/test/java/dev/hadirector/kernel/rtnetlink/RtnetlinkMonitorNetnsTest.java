package dev.hadirector.kernel.rtnetlink;

import dev.hadirector.testkit.NetLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hadirector.kernel.netlink.NetlinkReply;
import dev.hadirector.kernel.netlink.NetlinkWriter;
import dev.hadirector.kernel.netns.NetNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor on the host kernel, inside a namespace the test creates. */
class RtnetlinkMonitorNetnsTest {
    /** Generous: only bounds how long a broken build waits; the events normally arrive in milliseconds. */
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private NetLab lab;
    private NetNamespace ns;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void lab() {
        lab = NetLab.create();
        lab.host("a").lan("sw").link("a", "sw", "veth0");
        ns = NetNamespace.at(lab.nsPath("a"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (ns != null) {
            ns.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void reportsLinkDownAndAddressChangesMadeByIp() {
        RtnetlinkMonitor monitor = ns.call(RtnetlinkMonitor::open);
        toClose.add(monitor);
        assertTrue(monitor.link("veth0").orElseThrow().isUp());

        lab.exec("a", "ip", "link", "set", "veth0", "down").ok().stdout();
        RtnetlinkEvent.LinkChanged down = (RtnetlinkEvent.LinkChanged) await(monitor,
                e -> e instanceof RtnetlinkEvent.LinkChanged c && c.link().name().equals("veth0") && !c.link().isUp());
        assertTrue(down.wentDown(), down.toString());

        lab.exec("a", "ip", "link", "set", "veth0", "up").ok().stdout();
        lab.exec("a", "ip", "addr", "add", "10.2.0.1/24", "dev", "veth0").ok().stdout();
        RtnetlinkEvent added = await(monitor, e -> e instanceof RtnetlinkEvent.AddressAdded a
                && a.address().cidr().equals("10.2.0.1/24"));
        assertEquals(monitor.link("veth0").orElseThrow().index(),
                ((RtnetlinkEvent.AddressAdded) added).address().interfaceIndex());
        lab.exec("a", "ip", "addr", "del", "10.2.0.1/24", "dev", "veth0").ok().stdout();
        await(monitor, e -> e instanceof RtnetlinkEvent.AddressRemoved r && r.address().cidr().equals("10.2.0.1/24"));
        assertTrue(monitor.addresses().stream().noneMatch(a -> a.cidr().equals("10.2.0.1/24")));
    }

    @Test
    void overrunOfATinySocketBufferIsReportedAndResynced() {
        RtnetlinkMonitor monitor = ns.call(() -> RtnetlinkMonitor.open(4096));
        toClose.add(monitor);
        RtnetlinkClient rtnl = ns.call(RtnetlinkClient::open);
        toClose.add(rtnl);
        int index = rtnl.indexOf("veth0");
        int count = 400;
        NetlinkWriter batch = new NetlinkWriter(64 * 1024);
        for (int i = 0; i < count; i++) {
            RtnetlinkCodec.addressAdd(batch, InterfaceAddress.builder("10.3." + (i / 200) + "." + (1 + i % 200) + "/16",
                    index).build(), false);
        }
        List<NetlinkReply> replies = rtnl.connection().execute(batch);
        assertTrue(replies.stream().allMatch(NetlinkReply::ok), "all addresses added");

        List<RtnetlinkEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (countOurs(monitor) < count && System.nanoTime() < deadline) {
            monitor.poll(200, events::add);
        }
        assertTrue(monitor.overruns() >= 1, "400 notifications cannot fit an 8 KiB buffer");
        assertTrue(events.stream().anyMatch(e -> e instanceof RtnetlinkEvent.Overrun), "the overrun is reported");
        assertEquals(count, countOurs(monitor), "the resync recovered every address");
        long reported = events.stream().filter(e -> e instanceof RtnetlinkEvent.AddressAdded a
                && a.address().cidr().startsWith("10.3.")).map(e -> ((RtnetlinkEvent.AddressAdded) e).address())
                .distinct().count();
        assertEquals(count, reported, "each address reported, by notification or by the resync's difference");
    }

    private static long countOurs(RtnetlinkMonitor monitor) {
        return monitor.addresses().stream().filter(a -> a.cidr().startsWith("10.3.")).count();
    }

    private static RtnetlinkEvent await(RtnetlinkMonitor monitor, Predicate<RtnetlinkEvent> wanted) {
        List<RtnetlinkEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            int before = seen.size();
            monitor.poll(200, seen::add);
            for (int i = before; i < seen.size(); i++) {
                if (wanted.test(seen.get(i))) {
                    return seen.get(i);
                }
            }
        }
        return fail("event not seen; got " + seen);
    }
}
