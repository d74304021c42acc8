package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.ConnectionSync;
import dev.hadirector.api.Forwarding;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue #6, connection sync, inside User-Mode-Linux: two directors (one JVM, two namespaces) run the same
 * direct-routing virtual server with {@code lvs_sync_daemon}; a client's long-lived TCP connection through the
 * master shows up in the backup's connection table; the master stops, the VIP moves, and the same connection keeps
 * working through the new master (without the synced entry the new master would answer it with a reset).
 */
@Tag("uml")
class DirectorConnectionSyncUmlTest {
    private static final String VIP = "10.89.0.100";
    private static final int PORT = 7000;

    private static Director director(NetLab lab, String host, int priority) {
        return Director.builder().namespace(lab.nsName(host))
                .vrrp(VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(91).priority(priority)
                        .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                        .virtualAddress(VIP + "/24").garpMasterDelay(Duration.ZERO))
                .virtualServer(VirtualServer.tcp(VIP, PORT).forwarding(Forwarding.DIRECT_ROUTE)
                        .realServer(RealServer.of("10.89.0.5", PORT)))
                .connectionSync(ConnectionSync.on("eth0").followInstance("VI_1"))
                .start();
    }

    private static String daemons(NetLab lab, String host) {
        return lab.exec(host, "ipvsadm", "-L", "--daemon").ok().stdout().strip();
    }

    /** ipvsadm lists one line per running daemon: exactly one, of this role, with the instance's VRID as sync id. */
    private static boolean only(String daemons, String role) {
        var lines = daemons.lines().toList();
        return lines.size() == 1 && lines.get(0).startsWith(role + " sync daemon (mcast=eth0, syncid=91");
    }

    private static String connections(NetLab lab, String host) {
        return lab.exec(host, "ipvsadm", "-Lnc").ok().stdout();
    }

    @Test
    void anEstablishedConnectionSurvivesTheFailoverThroughTheSyncedEntry() throws Exception {
        Rig.requireIpvs();
        Rig.requireCommand("ipvsadm");
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").host("client").host("d1").host("d2").host("rs");
            lab.link("client", "lan0", "eth0", "10.89.0.9/24");
            lab.link("d1", "lan0", "eth0", "10.89.0.1/24");
            lab.link("d2", "lan0", "eth0", "10.89.0.2/24");
            // Direct routing: the real server owns the VIP on lo but never answers ARP for it.
            for (String scope : new String[] {"all", "default"}) {
                lab.sysctl("rs", "net.ipv4.conf." + scope + ".arp_ignore", "1");
                lab.sysctl("rs", "net.ipv4.conf." + scope + ".arp_announce", "2");
            }
            lab.link("rs", "lan0", "eth0", "10.89.0.5/24");
            lab.addAddress("rs", "lo", VIP + "/32");

            NetNamespace rsNs = NetNamespace.at(lab.nsPath("rs"));
            NetNamespace clientNs = NetNamespace.at(lab.nsPath("client"));
            AtomicInteger accepted = new AtomicInteger();
            try (ServerSocket echo = rsNs.call(() -> new ServerSocket(PORT, 8, InetAddress.getByName("0.0.0.0")))) {
                Thread server = new Thread(() -> serveEcho(echo, accepted), "echo-server");
                server.setDaemon(true);
                server.start();
                try (Director d1 = director(lab, "d1", 200); Director d2 = director(lab, "d2", 100)) {
                    Await.until("d1 master, d2 backup", () -> d1.vrrp("VI_1").state() == VrrpState.MASTER
                            && d2.vrrp("VI_1").state() == VrrpState.BACKUP, () -> d1 + " / " + d2);
                    Await.until("master daemon on d1, backup daemon on d2",
                            () -> only(daemons(lab, "d1"), "master") && only(daemons(lab, "d2"), "backup"),
                            () -> "d1: " + daemons(lab, "d1") + " / d2: " + daemons(lab, "d2"));

                    try (Socket socket = clientNs.call(() -> {
                        Socket s = new Socket();
                        s.connect(new InetSocketAddress(VIP, PORT), 10_000);
                        return s;
                    })) {
                        socket.setSoTimeout(30_000);
                        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                StandardCharsets.US_ASCII));
                        OutputStream out = socket.getOutputStream();
                        String local = "10.89.0.9:" + socket.getLocalPort();
                        // The master syncs a connection once it has seen a few of its packets.
                        for (int i = 0; i < 5; i++) {
                            assertEquals("before " + i, exchange(in, out, "before " + i));
                        }
                        Await.until("the connection synced to the backup", () -> connections(lab, "d2").lines()
                                        .anyMatch(l -> l.contains(local) && l.contains(VIP + ":" + PORT)
                                                && l.contains("ESTABLISHED") && l.contains("10.89.0.5:" + PORT)),
                                () -> "d2: " + connections(lab, "d2") + "\nd1: " + connections(lab, "d1"));

                        d1.close();
                        Await.until("d2 master with the VIP", () -> d2.vrrp("VI_1").state() == VrrpState.MASTER
                                && lab.addresses("d2", "eth0").contains(VIP + "/24"), d2::toString);
                        Await.until("d2 switched to the master daemon", () -> only(daemons(lab, "d2"), "master"),
                                () -> daemons(lab, "d2"));
                        assertEquals("", daemons(lab, "d1"), "d1 stopped its daemon on close");

                        for (int i = 0; i < 3; i++) {
                            assertEquals("after " + i, exchange(in, out, "after " + i),
                                    "the same connection answers through the new master");
                        }
                        assertEquals(1, accepted.get(), "one connection from start to end");
                        assertTrue(connections(lab, "d2").contains(local), connections(lab, "d2"));
                    }
                    d2.close();
                    assertEquals("", daemons(lab, "d2"), "d2 stopped its daemon on close");
                }
            } finally {
                rsNs.close();
                clientNs.close();
            }
        }
    }

    private static VrrpInstance.Builder followed(int priority) {
        return VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(91).priority(priority)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                .virtualAddress(VIP + "/24").garpMasterDelay(Duration.ZERO);
    }

    /** The daemons ipvsadm lists as {@code role mcast=IFACE syncid=N}, sorted (the other fields are defaults). */
    private static List<String> daemonList(NetLab lab, String host) {
        return daemons(lab, host).lines()
                .map(l -> l.replaceFirst("^(\\w+) sync daemon \\(mcast=([^,]+), syncid=(\\d+).*$",
                        "$1 mcast=$2 syncid=$3"))
                .sorted().toList();
    }

    @Test
    void aReloadAddsChangesAndRemovesTheSyncDaemonsInTheRoleOfTheFollowedInstance() throws Exception {
        Rig.requireIpvs();
        Rig.requireCommand("ipvsadm");
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").lan("lan1").host("d1").host("d2");
            lab.link("d1", "lan0", "eth0", "10.89.0.1/24");
            lab.link("d2", "lan0", "eth0", "10.89.0.2/24");
            lab.link("d1", "lan1", "eth1", "10.90.0.1/24");
            String ns1 = lab.nsName("d1");
            String ns2 = lab.nsName("d2");
            try (Director d1 = Director.builder().namespace(ns1).vrrp(followed(200)).start();
                 Director d2 = Director.builder().namespace(ns2).vrrp(followed(100)).start()) {
                Await.until("d1 master, d2 backup", () -> d1.vrrp("VI_1").state() == VrrpState.MASTER
                        && d2.vrrp("VI_1").state() == VrrpState.BACKUP, () -> d1 + " / " + d2);
                assertEquals(List.of(), daemonList(lab, "d1"));

                ReloadSummary added = d1.reload(Director.builder().namespace(ns1).vrrp(followed(200))
                        .connectionSync(ConnectionSync.on("eth0").followInstance("VI_1")));
                assertEquals(List.of("connection sync on eth0 (syncid 91, following VI_1) added"), added.changes());
                assertEquals(List.of("master mcast=eth0 syncid=91"), daemonList(lab, "d1"), "d1 is MASTER");
                d2.reload(Director.builder().namespace(ns2).vrrp(followed(100))
                        .connectionSync(ConnectionSync.on("eth0").followInstance("VI_1")));
                assertEquals(List.of("backup mcast=eth0 syncid=91"), daemonList(lab, "d2"), "d2 is BACKUP");

                ReloadSummary moved = d1.reload(Director.builder().namespace(ns1).vrrp(followed(200))
                        .connectionSync(ConnectionSync.on("eth1").followInstance("VI_1").syncId(7)));
                assertEquals(1, moved.changes().size(), moved.changes().toString());
                assertEquals(List.of("master mcast=eth1 syncid=7"), daemonList(lab, "d1"));

                IllegalStateException refused = assertThrows(IllegalStateException.class, () -> d1.reload(
                        Director.builder().namespace(ns1).vrrp(followed(200))
                                .connectionSync(ConnectionSync.on("nosuch0").followInstance("VI_1"))));
                assertTrue(refused.getMessage().startsWith("reload refused, the running configuration is kept: "),
                        refused.getMessage());
                assertTrue(refused.getMessage().contains("ENODEV"), refused.getMessage());
                assertEquals(List.of("master mcast=eth1 syncid=7"), daemonList(lab, "d1"),
                        "the old daemon runs again");

                d1.reload(Director.builder().namespace(ns1).vrrp(followed(200))
                        .connectionSync(ConnectionSync.on("eth1").syncId(7)));
                assertEquals(List.of("backup mcast=eth1 syncid=7", "master mcast=eth1 syncid=7"),
                        daemonList(lab, "d1"), "following no instance: both");

                ReloadSummary removed = d1.reload(Director.builder().namespace(ns1).vrrp(followed(200)));
                assertEquals(List.of("connection sync on eth1 (syncid 7) removed"), removed.changes());
                assertEquals(List.of(), daemonList(lab, "d1"));
                assertEquals(VrrpState.MASTER, d1.vrrp("VI_1").state(), "the instance ran on untouched");
                assertEquals(List.of("backup mcast=eth0 syncid=91"), daemonList(lab, "d2"));
            }
            assertEquals(List.of(), daemonList(lab, "d2"), "d2 stopped the daemon its reload started on close");
        }
    }

    private static String exchange(BufferedReader in, OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return in.readLine();
    }

    private static void serveEcho(ServerSocket server, AtomicInteger accepted) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException e) {
                        // the client went away
                    }
                }, "echo-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }
}
