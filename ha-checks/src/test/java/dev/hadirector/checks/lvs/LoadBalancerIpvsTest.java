package dev.hadirector.checks.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.reconcile.IpvsReconciler;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.NginxRealServer;
import dev.hadirector.testkit.Rig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load balancer against the kernel's IPVS inside User-Mode-Linux: HTTP checks of nginx real servers in their
 * own namespaces, the table programmed in the director's namespace and read back with {@code ipvsadm -Ln} there.
 * Stopping an nginx removes it, starting it restores it, inhibit_on_failure keeps it at weight 0, the sorry
 * server stands in while quorum is lost, and the quorum events fire.
 */
@Tag("uml")
class LoadBalancerIpvsTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int RETRY = 1;

    @TempDir
    Path dir;

    private NetLab lab;
    private NetNamespace directorNs;
    private IpvsClient client;
    private LoadBalancer lb;
    private final Map<String, LabProcess> nginx = new HashMap<>();

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
            if (lb != null) {
                directorNs.call(() -> {
                    lb.close();
                    return null;
                });
            }
            if (client != null) {
                client.close();
            }
            if (directorNs != null) {
                directorNs.close();
            }
        } finally {
            lab.close();
        }
    }

    @Test
    void checksDriveTheKernelTable() throws Exception {
        lab.host("director").lan("back");
        lab.link("director", "back", "eth0", "10.30.0.1/24");
        for (String rs : List.of("rs1", "rs2", "sorry")) {
            lab.host(rs).link(rs, "back", "eth0", address(rs) + "/24");
            startNginx(rs);
        }
        HealthCheck http = HealthCheck.http("/").every(INTERVAL).retry(RETRY).delayBeforeRetry(INTERVAL)
                .connectTimeout(Duration.ofMillis(800)).warmup(Duration.ZERO).build();
        VirtualServer vs = VirtualServer.tcp("10.30.1.100", 80).scheduler(Scheduler.WRR)
                .forwarding(Forwarding.MASQUERADE)
                .sorryServer(RealServer.of(address("sorry"), 80).build(), false)
                .realServer(RealServer.of(address("rs1"), 80).weight(3).check(http))
                .realServer(RealServer.of(address("rs2"), 80).weight(2).inhibitOnFailure(true).check(http))
                .build();
        List<String> events = new CopyOnWriteArrayList<>();
        LoadBalancerListener recorder = new LoadBalancerListener() {
            @Override
            public void onQuorumLost(QuorumEvent e) {
                events.add("lost " + e.liveWeight());
            }

            @Override
            public void onQuorumRegained(QuorumEvent e) {
                events.add("regained " + e.liveWeight());
            }
        };
        directorNs = NetNamespace.at(lab.nsPath("director"));
        client = directorNs.call(IpvsClient::open);
        IpvsReconciler reconciler = new IpvsReconciler(client, d -> { });
        // Built on the namespace's thread: the threads the checks start there stay in the director's namespace.
        lb = directorNs.call(() -> LoadBalancer.builder(List.of(vs), reconciler::apply).listener(recorder).start());

        awaitTable("both real servers", t -> t.contains(address("rs1") + ":80 Masq 3")
                && t.contains(address("rs2") + ":80 Masq 2") && !t.contains(address("sorry")));

        long bound = INTERVAL.toMillis() * (RETRY + 1) + 1_000;
        long start = System.nanoTime();
        nginx.remove("rs1").stop();
        awaitTable("rs1 removed", t -> !t.contains(address("rs1")), Duration.ofMillis(bound * 3));
        long removedMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("rs1 removed from ipvsadm -Ln " + removedMs + " ms after nginx stopped (expected about "
                + bound + " ms: interval x (retry+1) + 1 s)");
        assertTrue(removedMs <= bound * 3, "removal took " + removedMs + " ms, bound " + bound * 3);

        startNginx("rs1");
        awaitTable("rs1 restored with weight 3", t -> t.contains(address("rs1") + ":80 Masq 3"));

        nginx.remove("rs2").stop();
        awaitTable("rs2 inhibited at weight 0", t -> t.contains(address("rs2") + ":80 Masq 0")
                && t.contains(address("rs1") + ":80 Masq 3"));

        nginx.remove("rs1").stop();
        awaitTable("sorry server in, rs1 out", t -> t.contains(address("sorry") + ":80 Masq 1")
                && !t.contains(address("rs1")));
        assertEquals(List.of("lost 0"), events);
        RealServerState rs1 = lb.state().get(0).realServers().get(0);
        assertEquals(dev.hadirector.checks.HealthState.DOWN, rs1.health());
        assertTrue(lb.state().get(0).sorryActive());

        startNginx("rs1");
        awaitTable("sorry server out, rs1 back", t -> !t.contains(address("sorry"))
                && t.contains(address("rs1") + ":80 Masq 3"));
        assertEquals(List.of("lost 0", "regained 3"), events);
    }

    private static String address(String host) {
        return switch (host) {
            case "rs1" -> "10.30.0.11";
            case "rs2" -> "10.30.0.12";
            default -> "10.30.0.13";
        };
    }

    private void awaitTable(String what, Predicate<String> wanted) throws InterruptedException {
        awaitTable(what, wanted, Duration.ofSeconds(30));
    }

    /** Polls {@code ipvsadm -Ln} in the director's namespace; lines are normalised to single spaces. */
    private void awaitTable(String what, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String table = "";
        while (System.nanoTime() < deadline) {
            table = lab.exec("director", "ipvsadm", "-Ln").ok().stdout().replaceAll("[ \\t]+", " ")
                    .replace("-> ", "");
            if (wanted.test(table)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; ipvsadm -Ln:\n" + table);
    }

    private void startNginx(String host) {
        nginx.put(host, NginxRealServer.start(lab, host, "0.0.0.0:80", "http://127.0.0.1/", dir));
    }
}
