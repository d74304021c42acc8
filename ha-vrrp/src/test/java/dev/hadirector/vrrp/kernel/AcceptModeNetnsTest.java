package dev.hadirector.vrrp.kernel;

import static dev.hadirector.vrrp.LoopCall.onLoop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.testkit.Capture;
import dev.hadirector.testkit.ExecResult;
import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import dev.hadirector.vrrp.VrrpRouter;
import dev.hadirector.vrrp.time.RealEventLoop;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 5798 Accept_Mode on the host kernel, in namespaces the test creates: a client on the LAN pings and
 * connects over TCP to the master's virtual addresses. With no_accept the master drops that traffic while
 * still answering ARP and neighbour discovery for the addresses (also NUD's unicast probes) and sending
 * adverts; with accept it answers. Debian's nft, in the router's namespace, shows the table and the blocked
 * addresses while master, an empty set after stop, and no table after close.
 */
class AcceptModeNetnsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String VIP4 = "10.79.0.100";
    private static final String VIP6 = "2001:db8:79::100";
    private static final String LISTENER = """
            import socket, time
            s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            s.bind(('::', 8080))
            s.listen(16)
            print('listening', flush=True)
            time.sleep(600)
            """;

    private static VrrpInstance spec(boolean accept) {
        return VrrpInstance.builder("VI_ACCEPT_" + (accept ? "ON" : "OFF")).iface("eth0").virtualRouterId(79)
                .priority(150).version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                .virtualAddress(VIP4 + "/24").excludedAddress(VIP6 + "/64").acceptMode(accept)
                .garpMasterRepeat(1).garpMasterDelay(Duration.ZERO).build();
    }

    private static NetLab lab() {
        NetLab lab = NetLab.create();
        lab.host("router").host("client").lan("lan0");
        lab.link("router", "lan0", "eth0", "10.79.0.2/24", "2001:db8:79::2/64");
        lab.link("client", "lan0", "eth0", "10.79.0.3/24", "2001:db8:79::3/64");
        return lab;
    }

    @Test
    void noAcceptMasterDropsTrafficToItsAddressesButAnswersArpAndNeighbourDiscovery() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("nft");
        Rig.requireCommand("tcpdump");
        VrrpInstance spec = spec(false);
        String table = AcceptModeFirewall.tableName(spec.name());
        try (NetLab lab = lab();
             Capture adverts = Capture.start(lab, "client", "eth0", "ip proto 112");
             NetNamespace ns = NetNamespace.named(lab.nsName("router"));
             RealEventLoop loop = new RealEventLoop("accept-mode-test")) {
            LabProcess listener = lab.spawn("router", "python3", "-c", LISTENER);
            assertTrue(listener.awaitOutput(l -> l.contains("listening"), WAIT).isPresent(), listener.output());
            String routerMac = mac(lab, "router");
            InetAddress primary = Vip.parseAddress("10.79.0.2");
            try (VrrpSocket socket = VrrpSocket.open(spec, primary, ns);
                 KernelVipManager vips = KernelVipManager.open(spec, ns);
                 KernelAnnouncer announcer = KernelAnnouncer.open(spec, ns)) {
                assertEquals(java.util.Optional.of(table), vips.firewallTable());
                VrrpRouter router = new VrrpRouter(spec, primary, loop, socket, vips, announcer);
                socket.startReceiving(router, loop);
                onLoop(loop, () -> {
                    router.start();
                    return null;
                });
                awaitMaster(loop, router);

                String listed = nft(lab, "list", "table", "inet", table);
                assertTrue(listed.contains("elements = { " + VIP4 + " }"), listed);
                assertTrue(listed.contains("elements = { " + VIP6 + " }"), listed);
                assertTrue(listed.contains("type filter hook input priority filter - 1; policy accept;"), listed);

                // The path itself works: the router's own address answers.
                lab.exec("client", "ping", "-c", "1", "-W", "2", "10.79.0.2").ok();

                lab.exec("client", "ip", "neigh", "flush", "dev", "eth0").ok();
                ExecResult ping4 = lab.exec("client", "ping", "-c", "2", "-W", "1", VIP4);
                assertNotEquals(0, ping4.exitCode(), "no echo reply from a no_accept master: " + ping4.describe());
                assertTrue(ping4.stdout().contains("100% packet loss"), ping4.stdout());
                String neigh4 = lab.exec("client", "ip", "neigh", "show", VIP4, "dev", "eth0").ok().stdout();
                assertTrue(neigh4.contains("lladdr " + routerMac), "the master still answers ARP: " + neigh4);

                ExecResult ping6 = lab.exec("client", "ping", "-6", "-c", "2", "-W", "1", VIP6);
                assertNotEquals(0, ping6.exitCode(), "no echo reply over IPv6: " + ping6.describe());
                String neigh6 = lab.exec("client", "ip", "-6", "neigh", "show", VIP6, "dev", "eth0").ok().stdout();
                assertTrue(neigh6.contains("lladdr " + routerMac), "the master still answers NS: " + neigh6);

                assertEquals(124, tcpConnect(lab, VIP4).exitCode(), "TCP to the IPv4 address gets no answer");
                assertEquals(124, tcpConnect(lab, "[" + VIP6 + "]").exitCode(), "nor over IPv6");
                assertEquals(0, tcpConnect(lab, "10.79.0.2").exitCode(), "the primary address accepts");

                // Neighbour unreachability detection probes the address itself, by unicast: it must pass.
                lab.sysctl("client", "net.ipv6.neigh.eth0.delay_first_probe_time", "1");
                lab.exec("client", "ip", "-6", "neigh", "replace", VIP6, "dev", "eth0", "lladdr", routerMac,
                        "nud", "stale").ok();
                lab.exec("client", "ping", "-6", "-c", "1", "-W", "1", VIP6); // puts the entry in DELAY, then PROBE
                awaitNeighbourState(lab, VIP6, "REACHABLE");

                int before = adverts.lines().size();
                assertTrue(adverts.awaitLines(l -> l.contains("VRRPv3") && l.contains("vrid 79"), before + 3, WAIT)
                        .size() >= before + 3, "adverts continue while traffic is dropped");

                onLoop(loop, () -> {
                    router.stop();
                    return null;
                });
                String afterStop = nft(lab, "list", "table", "inet", table);
                assertFalse(afterStop.contains(VIP4) || afterStop.contains(VIP6),
                        "leaving master unblocks the addresses: " + afterStop);
                assertFalse(lab.addresses("router", "eth0").contains(VIP4 + "/24"));
            }
            assertEquals("", nft(lab, "list", "ruleset").strip(), "close removes the table");
        }
    }

    @Test
    void acceptMasterAnswersAndInstallsNoFirewall() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("nft");
        VrrpInstance spec = spec(true);
        try (NetLab lab = lab();
             NetNamespace ns = NetNamespace.named(lab.nsName("router"));
             RealEventLoop loop = new RealEventLoop("accept-mode-test")) {
            LabProcess listener = lab.spawn("router", "python3", "-c", LISTENER);
            assertTrue(listener.awaitOutput(l -> l.contains("listening"), WAIT).isPresent(), listener.output());
            InetAddress primary = Vip.parseAddress("10.79.0.2");
            try (VrrpSocket socket = VrrpSocket.open(spec, primary, ns);
                 KernelVipManager vips = KernelVipManager.open(spec, ns);
                 KernelAnnouncer announcer = KernelAnnouncer.open(spec, ns)) {
                assertTrue(vips.firewallTable().isEmpty());
                VrrpRouter router = new VrrpRouter(spec, primary, loop, socket, vips, announcer);
                socket.startReceiving(router, loop);
                onLoop(loop, () -> {
                    router.start();
                    return null;
                });
                awaitMaster(loop, router);
                assertEquals("", nft(lab, "list", "ruleset").strip());
                lab.exec("client", "ping", "-c", "1", "-W", "2", VIP4).ok();
                lab.exec("client", "ping", "-6", "-c", "1", "-W", "2", VIP6).ok();
                assertEquals(0, tcpConnect(lab, VIP4).exitCode());
                assertEquals(0, tcpConnect(lab, "[" + VIP6 + "]").exitCode());
                onLoop(loop, () -> {
                    router.stop();
                    return null;
                });
            }
        }
    }

    @Test
    void openingReplacesAStaleTableAndAnOwnerNeedsNoFirewall() {
        Rig.requireNetns();
        Rig.requireCommand("nft");
        VrrpInstance spec = spec(false);
        String table = AcceptModeFirewall.tableName(spec.name());
        try (NetLab lab = lab();
             NetNamespace ns = NetNamespace.named(lab.nsName("router"))) {
            // What a crashed run leaves: the table, an address still blocked, a rule of a different shape.
            nft(lab, "add", "table", "inet", table);
            nft(lab, "add", "set", "inet", table, "vips4", "{ type ipv4_addr; }");
            nft(lab, "add", "element", "inet", table, "vips4", "{ " + VIP4 + " }");
            nft(lab, "add", "chain", "inet", table, "stale", "{ type filter hook input priority 0; }");
            try (KernelVipManager vips = KernelVipManager.open(spec, ns)) {
                String listed = nft(lab, "list", "table", "inet", table);
                assertFalse(listed.contains(VIP4), listed);
                assertFalse(listed.contains("stale"), listed);
                assertTrue(listed.contains("ip daddr @vips4 drop"), listed);

                vips.remove(spec.virtualAddresses()); // absent addresses, unblocked already: not an error
                vips.add(spec.virtualAddresses());
                vips.add(spec.virtualAddresses()); // again: not an error
                assertTrue(nft(lab, "list", "set", "inet", table, "vips4").contains(VIP4));
                assertTrue(lab.addresses("router", "eth0").contains(VIP4 + "/24"));
                vips.remove(spec.virtualAddresses());
                assertFalse(nft(lab, "list", "set", "inet", table, "vips4").contains(VIP4));

                // Someone flushed the ruleset: the address is not added unguarded, and the error says why.
                nft(lab, "delete", "table", "inet", table);
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> vips.add(spec.virtualAddresses()));
                assertTrue(e.getMessage().startsWith("instance " + spec.name() + ": no virtual address added, because"
                        + " the no_accept firewall could not block them: instance " + spec.name() + ": block virtual"
                        + " addresses in no_accept firewall table inet " + table + ": add element " + VIP4
                        + " to set inet " + table + " vips4; nothing applied: ENOENT"), e.getMessage());
                assertFalse(lab.addresses("router", "eth0").contains(VIP4 + "/24"));
            }
            assertEquals("", nft(lab, "list", "ruleset").strip());

            VrrpInstance owner = VrrpInstance.builder("VI_OWNER").iface("eth0").virtualRouterId(80)
                    .priority(VrrpInstance.OWNER_PRIORITY).virtualAddress("10.79.0.2/24").acceptMode(false).build();
            try (KernelVipManager vips = KernelVipManager.open(owner, ns)) {
                assertTrue(vips.firewallTable().isEmpty(), "the address owner always accepts (RFC 5798 6.1)");
                assertEquals("", nft(lab, "list", "ruleset").strip());
            }
        }
    }

    private static void awaitMaster(RealEventLoop loop, VrrpRouter router) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (onLoop(loop, router::state) != VrrpState.MASTER) {
            if (System.nanoTime() > deadline) {
                fail("router did not become master: " + onLoop(loop, router::state));
            }
            Thread.sleep(50);
        }
    }

    private static void awaitNeighbourState(NetLab lab, String address, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String shown = "";
        while (System.nanoTime() < deadline) {
            shown = lab.exec("client", "ip", "-6", "neigh", "show", address, "dev", "eth0").ok().stdout();
            if (shown.contains(state)) {
                return;
            }
            Thread.sleep(100);
        }
        fail("neighbour " + address + " did not become " + state + ": " + shown);
    }

    /** A TCP connect from the client, given 3 s: exit 0 connected, 124 no answer (timeout killed it). */
    private static ExecResult tcpConnect(NetLab lab, String host) {
        return lab.exec("client", Duration.ofSeconds(20), "timeout", "3", "bash", "-c",
                "exec 3<>/dev/tcp/" + host.replace("[", "").replace("]", "") + "/8080");
    }

    private static String mac(NetLab lab, String host) {
        String link = lab.exec(host, "ip", "-o", "link", "show", "eth0").ok().stdout();
        int at = link.indexOf("link/ether ");
        return link.substring(at + 11, at + 28);
    }

    private static String nft(NetLab lab, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "nft";
        System.arraycopy(args, 0, command, 1, args.length);
        return lab.exec("router", command).ok().stdout();
    }
}
