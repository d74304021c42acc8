package dev.hadirector.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.Protocol;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.reconcile.Difference;
import dev.hadirector.ipvs.reconcile.IpvsReconciler;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import dev.hadirector.ipvs.text.IpvsadmFormat;
import dev.hadirector.ipvs.text.RestoreCommand;
import dev.hadirector.ipvs.text.RestoreParser;
import dev.hadirector.kernel.Errno;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The client against the kernel's own ip_vs code, cross-checked with ipvsadm both ways. Runs inside
 * User-Mode-Linux (see {@link UmlTests}); the table is that kernel's, flushed before and after each test.
 * Traffic through NAT/DR to real servers is not covered here (a later issue).
 */
@Tag("uml")
class IpvsKernelTest extends IpvsKernelFixture {
    private static List<IpvsOperation> parse(String text) {
        return RestoreParser.parse("input.txt", text).stream().map(RestoreCommand::operation).toList();
    }

    @Test
    void whatTheClientWritesIpvsadmShowsIdentically() throws IOException {
        BatchResult result = client.execute(parse(resource("input.txt")));
        assertTrue(result.ok(), () -> "kernel refused: " + result.failures());
        IpvsTable table = client.table();
        IpvsInfo info = client.info();
        assertEquals(Ipvsadm.run("-Sn"), IpvsadmFormat.save(table));
        assertEquals(resource("save-n.txt"), IpvsadmFormat.save(table));
        assertEquals(Ipvsadm.run("-Ln"), IpvsadmFormat.list(table, info, IpvsadmFormat.ListView.CONNECTIONS, false));
        assertEquals(Ipvsadm.run("-Ln", "--stats"), IpvsadmFormat.list(table, info, IpvsadmFormat.ListView.STATS, false));
        assertEquals(Ipvsadm.run("-Ln", "--rate"), IpvsadmFormat.list(table, info, IpvsadmFormat.ListView.RATE, false));
        assertEquals(Ipvsadm.run("-Ln", "--stats", "--exact"),
                IpvsadmFormat.list(table, info, IpvsadmFormat.ListView.STATS, true));
        assertEquals(Ipvsadm.run("-Ln", "--thresholds"),
                IpvsadmFormat.list(table, info, IpvsadmFormat.ListView.THRESHOLDS, false));
        assertEquals(Ipvsadm.run("-Ln", "--persistent-conn"),
                IpvsadmFormat.list(table, info, IpvsadmFormat.ListView.PERSISTENT_CONNECTIONS, false));
        assertEquals(Ipvsadm.run("-Ln", "--tun-info"),
                IpvsadmFormat.list(table, info, IpvsadmFormat.ListView.TUNNEL_INFO, false));
    }

    @Test
    void whatIpvsadmRestoresTheClientReadsIdentically() throws IOException {
        String input = resource("input.txt");
        Ipvsadm.withInput(input, "-R");
        IpvsTable table = client.table();
        assertEquals(Ipvsadm.run("-Sn"), IpvsadmFormat.save(table));

        // Field by field: every service and destination the parser meant is what the kernel holds.
        List<IpvsService> services = new ArrayList<>();
        List<String> destinations = new ArrayList<>();
        for (IpvsOperation op : parse(input)) {
            if (op instanceof IpvsOperation.AddService a) {
                services.add(a.service());
            } else if (op instanceof IpvsOperation.AddDestination a) {
                destinations.add(a.service() + " " + a.destination());
            }
        }
        for (IpvsService s : services) {
            IpvsServiceEntry read = client.service(s.key()).orElseThrow(() -> new AssertionError(s.key() + " missing"));
            assertEquals(s, read.service(), "service " + s.key());
        }
        for (IpvsTable.Service s : table.services()) {
            for (IpvsDestinationEntry d : s.destinations()) {
                IpvsDestination dest = d.destination();
                assertTrue(destinations.remove(s.service().key() + " " + dest), "unexpected " + dest + " of " + s.service());
            }
        }
        assertEquals(List.of(), destinations, "destinations the kernel lacks");
        // -x/-y do not show in -Sn: check them through the client.
        ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.0.0.9"), 80);
        IpvsDestination withThresholds = client.destinations(key).stream().map(IpvsDestinationEntry::destination)
                .filter(d -> d.endpoint().equals("10.0.0.3:80")).findFirst().orElseThrow();
        assertEquals(100, withThresholds.upperThreshold());
        assertEquals(10, withThresholds.lowerThreshold());
    }

    @Test
    void editsDeletesAndLocalForwarding() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.1.0.1"), 80);
        client.addService(IpvsService.of(key, Scheduler.WLC));
        IpvsDestination local = IpvsDestination.of(InetAddress.getByName("127.0.0.1"), 80, Forwarding.LOCAL, 2);
        IpvsDestination routed = IpvsDestination.of(InetAddress.getByName("10.1.0.2"), 80, Forwarding.DIRECT_ROUTE, 1);
        client.addDestination(key, local);
        client.addDestination(key, routed);
        client.editService(IpvsService.of(key, Scheduler.SH).withFlags(Ipvs.SVC_F_SCHED1).withPersistence(30, 0xffff0000));
        client.editDestination(key, new IpvsDestination(routed.address(), 80,
                Forwarding.tunnel(Forwarding.TunnelType.GRE, 0, Forwarding.TunnelChecksum.CHECKSUM), 7, 20, 5));
        assertEquals("""
                -A -t 10.1.0.1:80 -s sh -p 30 -M 255.255.0.0 -b sh-fallback
                -a -t 10.1.0.1:80 -r 10.1.0.2:80 -i -w 7 --tun-type gre --tun-csum
                -a -t 10.1.0.1:80 -r 127.0.0.1:80 -g -w 2
                """, Ipvsadm.run("-Sn"));
        IpvsTable table = client.table();
        assertEquals(Ipvsadm.run("-Sn"), IpvsadmFormat.save(table));
        assertEquals(Ipvsadm.run("-Ln"), IpvsadmFormat.list(table, client.info(), IpvsadmFormat.ListView.CONNECTIONS, false));
        assertEquals(Forwarding.LOCAL, client.destinations(key).stream()
                .filter(d -> d.destination().endpoint().equals("127.0.0.1:80")).findFirst().orElseThrow()
                .destination().forwarding());

        client.deleteDestination(key, local);
        client.deleteService(key);
        assertEquals("", Ipvsadm.run("-Sn"));
    }

    @Test
    void kernelRefusalsNameTheObject() throws Exception {
        ServiceKey key = ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.0.0.1"), 80);
        IpvsException unknownScheduler = assertThrows(IpvsException.class,
                () -> client.addService(IpvsService.of(key, Scheduler.of("nosuch"))));
        assertEquals(Errno.ENOENT, unknownScheduler.errno());
        assertTrue(unknownScheduler.getMessage().contains("scheduler \"nosuch\" is not available in this kernel"),
                unknownScheduler.getMessage());

        client.addService(IpvsService.of(key, Scheduler.RR));
        IpvsException twice = assertThrows(IpvsException.class, () -> client.addService(IpvsService.of(key, Scheduler.RR)));
        assertTrue(twice.getMessage().startsWith("service TCP 10.0.0.1:80 already exists: EEXIST"), twice.getMessage());

        IpvsDestination d = IpvsDestination.of(InetAddress.getByName("10.0.0.2"), 80, Forwarding.MASQUERADE, 1);
        client.addDestination(key, d);
        IpvsException dup = assertThrows(IpvsException.class, () -> client.addDestination(key, d));
        assertTrue(dup.getMessage().startsWith("destination 10.0.0.2:80 of TCP 10.0.0.1:80 already exists (EEXIST)")
                || dup.getMessage().startsWith("destination 10.0.0.2:80 of TCP 10.0.0.1:80 already exists: EEXIST"),
                dup.getMessage());

        IpvsDestination absent = IpvsDestination.of(InetAddress.getByName("10.0.0.3"), 80, Forwarding.MASQUERADE, 1);
        IpvsException noDest = assertThrows(IpvsException.class, () -> client.editDestination(key, absent));
        assertTrue(noDest.getMessage().startsWith("destination 10.0.0.3:80 of TCP 10.0.0.1:80 does not exist: ENOENT"),
                noDest.getMessage());
        ServiceKey other = ServiceKey.firewallMark(99, false);
        IpvsException noService = assertThrows(IpvsException.class, () -> client.deleteService(other));
        assertTrue(noService.getMessage().startsWith("service FWM 99 does not exist: ESRCH"), noService.getMessage());
        assertTrue(client.service(other).isEmpty());
    }

    @Test
    void infoTimeoutsAndCountersAgreeWithIpvsadm() throws Exception {
        IpvsInfo info = client.info();
        assertTrue(Ipvsadm.run("-Ln").startsWith("IP Virtual Server version " + info.versionString() + " (size="
                + info.connectionTableSize() + ")\n"));
        IpvsTimeouts before = client.timeouts();
        try {
            client.setTimeouts(new IpvsTimeouts(901, 121, 301));
            assertEquals("Timeout (tcp tcpfin udp): 901 121 301\n", Ipvsadm.run("-L", "--timeout"));
            Ipvsadm.run("--set", "902", "0", "0");
            assertEquals(new IpvsTimeouts(902, 121, 301), client.timeouts());
        } finally {
            client.setTimeouts(before);
        }
        ServiceKey key = ServiceKey.of(Protocol.UDP, InetAddress.getByName("10.0.0.1"), 53);
        client.addService(IpvsService.of(key, Scheduler.RR));
        client.zero(key);
        client.zeroAll();
        assertEquals(IpvsStats.ZERO, client.service(key).orElseThrow().stats());
    }

    @Test
    void syncDaemonsStartListAndStop() throws Exception {
        Ipvsadm.ip("link", "add", "hadsync0", "type", "dummy");
        try {
            Ipvsadm.ip("link", "set", "hadsync0", "up");
            Ipvsadm.ip("addr", "add", "192.168.77.1/24", "dev", "hadsync0");
            client.startDaemon(SyncDaemon.of(SyncDaemon.Role.MASTER, "hadsync0", 5));
            client.startDaemon(new SyncDaemon(SyncDaemon.Role.BACKUP, "hadsync0", 6, 1400,
                    InetAddress.getByName("224.0.0.99"), 8849, 2));
            List<SyncDaemon> daemons = client.daemons();
            assertEquals(Ipvsadm.run("-L", "--daemon"), IpvsadmFormat.daemons(daemons));
            assertTrue(IpvsadmFormat.daemons(daemons).contains(
                    "backup sync daemon (mcast=hadsync0, syncid=6, maxlen=1400, group=224.0.0.99, port=8849, ttl=2)"),
                    IpvsadmFormat.daemons(daemons));
            client.stopDaemon(SyncDaemon.Role.MASTER);
            client.stopDaemon(SyncDaemon.Role.BACKUP);
            assertEquals(List.of(), client.daemons());
            assertEquals("", Ipvsadm.run("-L", "--daemon"));
        } finally {
            for (SyncDaemon d : client.daemons()) {
                client.stopDaemon(d.role());
            }
            Ipvsadm.ip("link", "del", "hadsync0");
        }
    }

    @Test
    void reconcilerIsIdempotentAndRepairsAnIpvsadmClear() {
        List<Difference> drift = new ArrayList<>();
        IpvsReconciler reconciler = new IpvsReconciler(client, drift::add);
        List<VirtualServer> desired = List.of(
                VirtualServer.tcp("10.2.0.1", 80).scheduler(Scheduler.WRR).persistent(120).persistencePrefix(24)
                        .forwarding(Forwarding.MASQUERADE)
                        .realServer(RealServer.of("10.2.1.1", 8080).weight(3).upperThreshold(50).lowerThreshold(10))
                        .realServer(RealServer.of("10.2.1.2", 8080).weight(1)).build(),
                VirtualServer.firewallMark(12).ipv6().scheduler(Scheduler.MH)
                        .schedulerFlags(Scheduler.Flag.MH_PORT).forwarding(Forwarding.DIRECT_ROUTE)
                        .realServer(RealServer.of("2001:db8::10", 0))
                        .realServer(RealServer.of("10.2.1.3", 0).forwarding(Forwarding.TUNNEL)).build());
        ReconcileResult first = reconciler.apply(desired);
        assertTrue(first.ok(), first::summary);
        String applied = Ipvsadm.run("-Sn");
        assertEquals("""
                -A -t 10.2.0.1:80 -s wrr -p 120 -M 255.255.255.0
                -a -t 10.2.0.1:80 -r 10.2.1.1:8080 -m -w 3
                -a -t 10.2.0.1:80 -r 10.2.1.2:8080 -m -w 1
                -A -f 12 -6 -s mh -b mh-port
                -a -f 12 -6 -r 10.2.1.3:0 -i -w 1 --tun-type ipip
                -a -f 12 -6 -r [2001:db8::10]:0 -g -w 1
                """, applied);
        assertTrue(reconciler.apply(desired).changedNothing(), "a second apply sends nothing");
        assertTrue(reconciler.checkDrift().changedNothing());

        Ipvsadm.run("-A", "-t", "10.9.9.9:80", "-s", "rr"); // not ours: must survive
        // ipvsadm -e sends the whole destination: the thresholds it was not given fall back to 0.
        Ipvsadm.run("-e", "-t", "10.2.0.1:80", "-r", "10.2.1.1:8080", "-m", "-w", "9");
        ReconcileResult weight = reconciler.checkDrift();
        assertTrue(weight.ok(), weight::summary);
        assertEquals(List.of("destination 10.2.1.1:8080 of TCP 10.2.0.1:80 differs: weight 9 -> 3, thresholds 0/0 -> 50/10"),
                drift.stream().map(Difference::toString).toList());

        drift.clear();
        Ipvsadm.run("-C");
        ReconcileResult repaired = reconciler.checkDrift();
        assertTrue(repaired.ok(), repaired::summary);
        assertEquals(2, drift.size());
        assertEquals(Difference.Kind.SERVICE_MISSING, drift.get(0).kind());
        assertEquals(applied, Ipvsadm.run("-Sn"));
    }

    @Test
    void rememberedTableConvergesAfterIpvsadmChangesBehindTheReconcilersBack() {
        List<Difference> drift = new ArrayList<>();
        IpvsReconciler reconciler = new IpvsReconciler(client, drift::add);
        VirtualServer.Builder web = VirtualServer.tcp("10.3.0.1", 80).scheduler(Scheduler.WLC)
                .forwarding(Forwarding.MASQUERADE)
                .realServer(RealServer.of("10.3.1.1", 8080).weight(1))
                .realServer(RealServer.of("10.3.1.2", 8080).weight(1));
        VirtualServer.Builder api = VirtualServer.tcp("10.3.0.2", 443).scheduler(Scheduler.RR)
                .forwarding(Forwarding.MASQUERADE).realServer(RealServer.of("10.3.1.3", 8443));
        VirtualServer.Builder dns = VirtualServer.udp("10.3.0.3", 53).scheduler(Scheduler.RR)
                .forwarding(Forwarding.MASQUERADE).realServer(RealServer.of("10.3.1.4", 53).weight(2));
        assertTrue(reconciler.apply(List.of(web.build(), api.build(), dns.build())).ok());

        // Behind the reconciler's back: a destination and a service removed, a weight edited, and a service
        // created under the key the next apply adds.
        Ipvsadm.run("-d", "-t", "10.3.0.1:80", "-r", "10.3.1.1:8080");
        Ipvsadm.run("-D", "-t", "10.3.0.2:443");
        Ipvsadm.run("-e", "-u", "10.3.0.3:53", "-r", "10.3.1.4:53", "-m", "-w", "7");
        Ipvsadm.run("-A", "-t", "10.3.0.4:80", "-s", "wlc");
        Ipvsadm.run("-a", "-t", "10.3.0.4:80", "-r", "10.3.1.9:80", "-m");

        VirtualServer webHeavier = web.clearRealServers()
                .realServer(RealServer.of("10.3.1.1", 8080).weight(3))
                .realServer(RealServer.of("10.3.1.2", 8080).weight(4)).build();
        VirtualServer apiWlc = api.scheduler(Scheduler.WLC).build();
        VirtualServer added = VirtualServer.tcp("10.3.0.4", 80).scheduler(Scheduler.RR)
                .forwarding(Forwarding.MASQUERADE).realServer(RealServer.of("10.3.1.5", 80)).build();
        ReconcileResult result = reconciler.apply(List.of(webHeavier, apiWlc, dns.build(), added));
        assertTrue(result.ok(), result::summary);
        assertEquals(List.of(
                        "destination 10.3.1.1:8080 of TCP 10.3.0.1:80 is missing",
                        "service TCP 10.3.0.2:443 is missing",
                        "service TCP 10.3.0.4:80 differs: scheduler wlc -> rr",
                        "destination 10.3.1.9:80 of TCP 10.3.0.4:80 should not exist"),
                drift.stream().map(Difference::toString).toList(),
                "the refusals (ENOENT, ESRCH, EEXIST) showed the drift of the services the apply changed");
        assertEquals(sortedLines("""
                -A -t 10.3.0.1:80 -s wlc
                -a -t 10.3.0.1:80 -r 10.3.1.1:8080 -m -w 3
                -a -t 10.3.0.1:80 -r 10.3.1.2:8080 -m -w 4
                -A -t 10.3.0.2:443 -s wlc
                -a -t 10.3.0.2:443 -r 10.3.1.3:8443 -m -w 1
                -A -t 10.3.0.4:80 -s rr
                -a -t 10.3.0.4:80 -r 10.3.1.5:80 -m -w 1
                -A -u 10.3.0.3:53 -s rr
                -a -u 10.3.0.3:53 -r 10.3.1.4:53 -m -w 7
                """), sortedLines(Ipvsadm.run("-Sn")), "the untouched service keeps its drift until a drift check");

        drift.clear();
        ReconcileResult checked = reconciler.checkDrift();
        assertTrue(checked.ok(), checked::summary);
        assertEquals(List.of("destination 10.3.1.4:53 of UDP 10.3.0.3:53 differs: weight 7 -> 2"),
                drift.stream().map(Difference::toString).toList());
        assertTrue(Ipvsadm.run("-Sn").contains("-a -u 10.3.0.3:53 -r 10.3.1.4:53 -m -w 2\n"));
        assertTrue(reconciler.apply(List.of(webHeavier, apiWlc, dns.build(), added)).changedNothing());
    }

    private static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }
}
