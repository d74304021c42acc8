package dev.hadirector.ipvs;

import dev.hadirector.testkit.NginxRealServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.cli.IpvsCommand;
import dev.hadirector.ipvs.reconcile.Difference;
import dev.hadirector.ipvs.reconcile.IpvsReconciler;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import dev.hadirector.ipvs.text.IpvsadmFormat;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.testkit.Capture;
import dev.hadirector.testkit.ExecResult;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP traffic through the kernel's IPVS, programmed by our client in the director's own network namespace
 * (IPVS tables are per namespace): a client namespace reaches nginx real servers through a virtual server in NAT and in
 * direct-routing mode, the schedulers spread new connections as configured, the counters move, ipvsadm in the same
 * namespace sees the same table and counters, and a table cleared behind the reconciler's back is repaired. Runs inside
 * User-Mode-Linux (see {@link UmlTests}).
 */
@Tag("uml")
class IpvsTrafficTest {
    private static final String FAILED = "FAILED";

    @TempDir
    Path dir;

    private NetLab lab;
    private NetNamespace directorNs;
    private IpvsClient client;

    @BeforeEach
    void requireRig() {
        Rig.requireIpvs();
        Rig.requireCommand("ipvsadm");
        Rig.requireCommand("curl");
        Rig.requireCommand(NginxRealServer.NGINX);
        lab = NetLab.create();
    }

    @AfterEach
    void tearDown() {
        try {
            if (client != null) {
                client.close();
            }
            if (directorNs != null) {
                directorNs.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    /** client -- front -- director (forwarding) -- back -- rs1..rs3 (default route via the director). */
    @Test
    void natSpreadsConnectionsByWeightAndCountsBothDirections() throws Exception {
        String vip = "10.10.1.100";
        lab.host("client").host("director").lan("front").lan("back");
        lab.link("client", "front", "eth0", "10.10.1.2/24");
        lab.link("director", "front", "eth0", "10.10.1.1/24", vip + "/32");
        lab.link("director", "back", "eth1", "10.10.2.1/24");
        lab.sysctl("director", "net.ipv4.ip_forward", "1");
        List<String> servers = List.of("rs1", "rs2", "rs3");
        for (int i = 0; i < servers.size(); i++) {
            String rs = servers.get(i);
            lab.host(rs).link(rs, "back", "eth0", rsAddress(i) + "/24");
            lab.exec(rs, "ip", "route", "add", "default", "via", "10.10.2.1").ok();
            NginxRealServer.start(lab, rs, "0.0.0.0:8080", "http://127.0.0.1:8080/", dir);
        }
        openDirectorClient();
        IpvsReconciler reconciler = new IpvsReconciler(client, d -> { });
        VirtualServer.Builder web = VirtualServer.tcp(vip, 80).forwarding(Forwarding.MASQUERADE);

        ReconcileResult rr = reconciler.apply(List.of(natService(web, Scheduler.RR, 1, 1, 1)));
        assertTrue(rr.ok(), rr::summary);
        assertEquals(Map.of("rs1", 10, "rs2", 10, "rs3", 10), requests("http://" + vip + "/", 30));
        ServiceKey key = rr.applied().stream().filter(IpvsOperation.AddService.class::isInstance)
                .map(op -> ((IpvsOperation.AddService) op).service().key()).findFirst().orElseThrow();
        IpvsTable afterRr = quiescentTable();
        assertCounters(afterRr, key, Map.of("10.10.2.11:8080", 10L, "10.10.2.12:8080", 10L, "10.10.2.13:8080", 10L), true);
        assertOurListingIsIpvsadms();

        // Weights 3:1:1 over 40 new connections: wrr gives exactly 24:8:8.
        ReconcileResult wrr = reconciler.apply(List.of(natService(web, Scheduler.WRR, 3, 1, 1)));
        assertTrue(wrr.ok(), wrr::summary);
        client.zero(key);
        assertEquals(Map.of("rs1", 24, "rs2", 8, "rs3", 8), requests("http://" + vip + "/", 40));
        assertCounters(quiescentTable(), key, Map.of("10.10.2.11:8080", 24L, "10.10.2.12:8080", 8L, "10.10.2.13:8080", 8L), true);
        assertOurListingIsIpvsadms();
    }

    /** Everything on one LAN; the VIP on the director's eth0 and on each real server's lo, which does not answer ARP for it. */
    @Test
    void directRoutingRepliesBypassTheDirector() throws Exception {
        String vip = "10.20.0.100";
        lab.host("client").host("director").lan("lan");
        lab.link("client", "lan", "eth0", "10.20.0.2/24");
        lab.link("director", "lan", "eth0", "10.20.0.1/24", vip + "/32");
        List<String> servers = List.of("rs1", "rs2");
        for (int i = 0; i < servers.size(); i++) {
            String rs = servers.get(i);
            lab.host(rs);
            for (String scope : List.of("all", "default")) {
                lab.sysctl(rs, "net.ipv4.conf." + scope + ".arp_ignore", "1");
                lab.sysctl(rs, "net.ipv4.conf." + scope + ".arp_announce", "2");
            }
            lab.link(rs, "lan", "eth0", "10.20.0." + (11 + i) + "/24");
            lab.addAddress(rs, "lo", vip + "/32");
            NginxRealServer.start(lab, rs, "0.0.0.0:80", "http://127.0.0.1:80/", dir);
        }
        // Only the director may answer ARP for the VIP: otherwise the client would reach a real server directly.
        lab.exec("client", "ping", "-c", "1", "-W", "2", vip).ok();
        String vipNeighbour = lab.exec("client", "ip", "neigh", "show", vip).ok().stdout();
        String directorMac = lab.exec("director", "cat", "/sys/class/net/eth0/address").ok().stdout().strip();
        assertTrue(vipNeighbour.contains(directorMac), "client resolved the VIP to " + vipNeighbour + ", not the director's "
                + directorMac);

        openDirectorClient();
        IpvsReconciler reconciler = new IpvsReconciler(client, d -> { });
        ReconcileResult applied = reconciler.apply(List.of(VirtualServer.tcp(vip, 80).scheduler(Scheduler.RR)
                .forwarding(Forwarding.DIRECT_ROUTE)
                .realServer(RealServer.of("10.20.0.11", 80)).realServer(RealServer.of("10.20.0.12", 80)).build()));
        assertTrue(applied.ok(), applied::summary);
        Set<String> serverMacs = new TreeSet<>();
        for (String rs : servers) {
            serverMacs.add(lab.exec(rs, "cat", "/sys/class/net/eth0/address").ok().stdout().strip());
        }
        List<String> replies;
        try (Capture capture = Capture.start(lab, "client", "eth0", "tcp and src host " + vip + " and src port 80")) {
            assertEquals(Map.of("rs1", 10, "rs2", 10), requests("http://" + vip + "/", 20));
            // at least the SYN-ACK of each of the 20 connections
            capture.awaitLines(line -> true, 20, Duration.ofSeconds(10));
            replies = capture.stop();
        }
        // tcpdump -e lines start "TIME SRC-MAC > DST-MAC, ...": every reply from the VIP left a real server's card.
        Set<String> replyMacs = replies.stream().map(l -> l.strip().split("\\s+")[1]).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(replies.size() >= 20, "replies seen by the client: " + replies);
        assertEquals(serverMacs, replyMacs, "replies came from these cards (director " + directorMac + "): " + replies);
        ServiceKey key = client.services().get(0).service().key();
        // No reply passed the director: its counters saw the requests only.
        assertCounters(quiescentTable(), key, Map.of("10.20.0.11:80", 10L, "10.20.0.12:80", 10L), false);
        assertOurListingIsIpvsadms();
        assertEquals("""
                -A -t 10.20.0.100:80 -s rr
                -a -t 10.20.0.100:80 -r 10.20.0.11:80 -g -w 1
                -a -t 10.20.0.100:80 -r 10.20.0.12:80 -g -w 1
                """, ipvsadm("-Sn"));
    }

    @Test
    void driftCheckRepairsAClearedTableAndTrafficFlowsAgain() throws Exception {
        String vip = "10.30.1.100";
        lab.host("client").host("director").lan("front").lan("back");
        lab.link("client", "front", "eth0", "10.30.1.2/24");
        lab.link("director", "front", "eth0", "10.30.1.1/24", vip + "/32");
        lab.link("director", "back", "eth1", "10.30.2.1/24");
        lab.sysctl("director", "net.ipv4.ip_forward", "1");
        for (int i = 0; i < 2; i++) {
            String rs = "rs" + (i + 1);
            lab.host(rs).link(rs, "back", "eth0", "10.30.2." + (11 + i) + "/24");
            lab.exec(rs, "ip", "route", "add", "default", "via", "10.30.2.1").ok();
            NginxRealServer.start(lab, rs, "0.0.0.0:8080", "http://127.0.0.1:8080/", dir);
        }
        openDirectorClient();
        List<Difference> drift = new ArrayList<>();
        IpvsReconciler reconciler = new IpvsReconciler(client, drift::add);
        ReconcileResult applied = reconciler.apply(List.of(VirtualServer.tcp(vip, 80).scheduler(Scheduler.RR)
                .forwarding(Forwarding.MASQUERADE)
                .realServer(RealServer.of("10.30.2.11", 8080)).realServer(RealServer.of("10.30.2.12", 8080)).build()));
        assertTrue(applied.ok(), applied::summary);
        String table = ipvsadm("-Sn");
        assertEquals(Map.of("rs1", 5, "rs2", 5), requests("http://" + vip + "/", 10));

        ipvsadm("-C");
        assertEquals(Map.of(FAILED, 3), requests("http://" + vip + "/", 3), "nothing serves the VIP once the table is gone");

        ReconcileResult repaired = reconciler.checkDrift();
        assertTrue(repaired.ok(), repaired::summary);
        assertEquals(List.of(Difference.Kind.SERVICE_MISSING), drift.stream().map(Difference::kind).toList(), drift::toString);
        assertFalse(repaired.applied().isEmpty());
        assertEquals(table, ipvsadm("-Sn"));
        assertEquals(Map.of("rs1", 5, "rs2", 5), requests("http://" + vip + "/", 10));
        assertTrue(reconciler.checkDrift().changedNothing(), "the repaired table holds no drift");
    }

    // ---- helpers ----

    private static String rsAddress(int index) {
        return "10.10.2." + (11 + index);
    }

    private static VirtualServer natService(VirtualServer.Builder web, Scheduler scheduler, int... weights) {
        VirtualServer.Builder b = web.scheduler(scheduler).clearRealServers();
        for (int i = 0; i < weights.length; i++) {
            b.realServer(RealServer.of(rsAddress(i), 8080).weight(weights[i]));
        }
        return b.build();
    }

    private void openDirectorClient() {
        directorNs = NetNamespace.at(lab.nsPath("director"));
        client = directorNs.call(IpvsClient::open);
    }

    /** {@code count} HTTP requests from the client, each on a new connection; how many each server answered. */
    private Map<String, Integer> requests(String url, int count) {
        ExecResult run = lab.exec("client", "sh", "-c",
                "for i in $(seq " + count + "); do curl -s -m 5 " + url + " || echo " + FAILED + "; done");
        run.ok();
        Map<String, Integer> answers = new TreeMap<>();
        for (String line : run.stdoutLines()) {
            answers.merge(line.strip(), 1, Integer::sum);
        }
        return answers;
    }

    private String ipvsadm(String... args) {
        List<String> command = new ArrayList<>(List.of("ipvsadm"));
        command.addAll(List.of(args));
        return lab.exec("director", command.toArray(String[]::new)).ok().stdout();
    }

    /**
     * The table once the last packets of the closed connections (final ACKs) have been counted. The kernel folds its
     * per-CPU counters into the ones it reports only when its rate estimator runs, every 2 s; so the counters count as
     * settled when they have not moved for 3 s, after which two readers of them see the same numbers.
     */
    private IpvsTable quiescentTable() throws InterruptedException {
        IpvsTable previous = client.table();
        int unchanged = 0;
        for (int attempt = 0; attempt < 60; attempt++) {
            Thread.sleep(500);
            IpvsTable now = client.table();
            unchanged = countersOf(now).equals(countersOf(previous)) ? unchanged + 1 : 0;
            previous = now;
            if (unchanged == 6) {
                return now;
            }
        }
        throw new AssertionError("IPVS counters still moving after 30 s: " + countersOf(previous));
    }

    private static List<Object> countersOf(IpvsTable table) {
        List<Object> counters = new ArrayList<>();
        for (IpvsTable.Service s : table.services()) {
            IpvsStats st = s.entry().stats();
            counters.add(List.of(st.connections(), st.inPackets(), st.outPackets(), st.inBytes(), st.outBytes()));
            for (IpvsDestinationEntry d : s.destinations()) {
                IpvsStats ds = d.stats();
                counters.add(List.of(ds.connections(), ds.inPackets(), ds.outPackets(), ds.inBytes(), ds.outBytes(),
                        d.activeConnections(), d.inactiveConnections()));
            }
        }
        return counters;
    }

    /**
     * Per destination: exactly the expected new connections, packets and bytes both ways for NAT (at least a SYN, the
     * request and a FIN in, a SYN-ACK, the reply and a FIN out per connection), nothing out for direct routing; the
     * service's counters are the sum of its destinations'.
     */
    private static void assertCounters(IpvsTable table, ServiceKey key, Map<String, Long> connections, boolean repliesPass) {
        IpvsTable.Service service = table.services().stream().filter(s -> s.service().key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(key + " missing from " + table));
        long in = 0;
        long out = 0;
        long conns = 0;
        Map<String, Long> seen = new TreeMap<>();
        for (IpvsDestinationEntry d : service.destinations()) {
            IpvsStats st = d.stats();
            String endpoint = d.destination().endpoint();
            seen.put(endpoint, st.connections());
            String what = endpoint + " " + st;
            assertTrue(st.inPackets() >= 3 * st.connections(), what);
            assertTrue(st.inBytes() >= 40 * st.inPackets(), "every packet counted with its IP header: " + what);
            if (repliesPass) {
                assertTrue(st.outPackets() >= 3 * st.connections(), what);
                assertTrue(st.outBytes() >= 40 * st.outPackets(), what);
            } else {
                assertEquals(0, st.outPackets(), what);
                assertEquals(0, st.outBytes(), what);
            }
            in += st.inPackets();
            out += st.outPackets();
            conns += st.connections();
        }
        assertEquals(new TreeMap<>(connections), seen, "new connections per destination");
        IpvsStats total = service.entry().stats();
        assertEquals(conns, total.connections());
        assertEquals(in, total.inPackets());
        assertEquals(out, total.outPackets());
    }

    /** Our {@code ipvs list} views equal ipvsadm's in the director's namespace, counters included. */
    private void assertOurListingIsIpvsadms() throws InterruptedException {
        quiescentTable();
        for (List<String> view : List.of(List.of("--stats"), List.of("--stats", "--exact"), List.<String>of())) {
            List<String> ipvsadmArgs = new ArrayList<>(List.of("-Ln"));
            ipvsadmArgs.addAll(view);
            List<String> ours = new ArrayList<>(List.of("list"));
            ours.addAll(view);
            assertEquals(ipvsadm(ipvsadmArgs.toArray(String[]::new)), ipvsCommand(ours), "view " + view);
        }
        String exact = ipvsadm("-Ln", "--stats", "--exact");
        // Destination rows read "-> ADDRESS:PORT CONNS INPKTS ..."; the header row "-> RemoteAddress:Port" has no counters.
        List<String[]> rows = exact.lines().map(l -> l.strip().split("\\s+"))
                .filter(w -> w[0].equals("->") && w.length == 7).toList();
        assertFalse(rows.isEmpty(), exact);
        assertTrue(rows.stream().allMatch(w -> Long.parseLong(w[2]) > 0 && Long.parseLong(w[3]) > 0),
                "ipvsadm shows every destination with connections and packets: " + exact);
        assertEquals(ipvsadm("-Sn"), IpvsadmFormat.save(client.table()));
    }

    private String ipvsCommand(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = IpvsCommand.run(args, new ByteArrayInputStream(new byte[0]), o, e,
                    () -> Objects.requireNonNull(directorNs).call(IpvsClient::open));
        }
        assertEquals(0, exit, () -> "ipvs " + args + ": " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
