package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #6, keepalived equivalence, inside User-Mode-Linux: one keepalived.conf (two VRRP instances whose
 * priorities differ per node through {@code @n1}/{@code @n2} lines, so each node masters one VIP; two virtual
 * servers, one real server whose TCP check fails; {@code lvs_sync_daemon} following one instance) runs first as
 * Debian's keepalived in two namespaces, then as the director's command line ({@code dev.hadirector.cli.Main}, the
 * jar's main class, with {@code -f FILE -i NODE}) in the same two namespaces. After convergence each namespace must
 * show the same virtual addresses, the same {@code ipvsadm -Sn} and the same sync daemons; after a stop, the same
 * leftovers (none).
 */
@Tag("uml")
class KeepalivedEquivalenceUmlTest {
    private static final List<String> NODES = List.of("n1", "n2");
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final String CONF = """
            global_defs {
              router_id equivalence
              lvs_sync_daemon eth0 inst VI_1
            }
            vrrp_instance VI_1 {
              state BACKUP
              interface eth0
              virtual_router_id 61
            @n1 priority 150
            @n2 priority 100
              advert_int 1
              virtual_ipaddress {
                10.90.0.100/24
              }
            }
            vrrp_instance VI_2 {
              state BACKUP
              interface eth0
              virtual_router_id 62
            @n1 priority 100
            @n2 priority 150
              advert_int 1
              virtual_ipaddress {
                10.90.0.200/24
              }
            }
            virtual_server 10.90.0.100 80 {
              delay_loop 1
              lb_algo wrr
              lb_kind DR
              protocol TCP
              real_server 10.90.0.11 80 {
                weight 3
                TCP_CHECK {
                  connect_timeout 1
                }
              }
              real_server 10.90.0.12 80 {
                weight 1
                TCP_CHECK {
                  connect_timeout 1
                }
              }
            }
            virtual_server 10.90.0.200 443 {
              delay_loop 1
              lb_algo rr
              lb_kind NAT
              persistence_timeout 60
              protocol TCP
              real_server 10.90.0.11 80 {
                weight 2
                TCP_CHECK {
                  connect_timeout 1
                }
              }
            }
            """;

    @TempDir
    Path dir;

    /** What one namespace shows: its virtual addresses, its IPVS table (ipvsadm -Sn, sorted) and its sync daemons. */
    record NodeView(List<String> vips, List<String> ipvs, String daemons) {
    }

    @Test
    void keepalivedAndTheDirectorPlaceTheVipsAndProgramIpvsAlike() throws Exception {
        Rig.requireIpvs();
        Rig.requireCommand("ipvsadm");
        Rig.requireCommand("keepalived");
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, CONF);
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").host("n1").host("n2").host("rs1").host("rs2");
            lab.link("n1", "lan0", "eth0", "10.90.0.1/24");
            lab.link("n2", "lan0", "eth0", "10.90.0.2/24");
            lab.link("rs1", "lan0", "eth0", "10.90.0.11/24");
            lab.link("rs2", "lan0", "eth0", "10.90.0.12/24"); // nothing listens: its TCP check fails
            lab.spawn("rs1", "python3", "-m", "http.server", "80", "--bind", "10.90.0.11");

            Runs keepalived = run(lab, node -> new String[] {"keepalived", "-n", "-l", "-D", "-i", node,
                "-f", conf.toString(), "-p", dir.resolve(node + ".pid").toString(),
                "-r", dir.resolve(node + "-vrrp.pid").toString(), "-c", dir.resolve(node + "-checkers.pid").toString()});
            Map<String, NodeView> clean = Map.of("n1", new NodeView(List.of("10.90.0.1/24"), List.of(), ""),
                    "n2", new NodeView(List.of("10.90.0.2/24"), List.of(), ""));
            assertEquals(clean, keepalived.stopped, "keepalived cleans up when stopped");
            Runs director = run(lab, node -> new String[] {java, "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", classPath, "dev.hadirector.cli.Main", "-f", conf.toString(),
                "-i", node});

            // The configuration places VI_1 on n1 and VI_2 on n2: a placement that differs per instance.
            assertEquals(List.of("10.90.0.1/24", "10.90.0.100/24"), keepalived.converged.get("n1").vips(),
                    keepalived.converged.toString());
            assertEquals(List.of("10.90.0.2/24", "10.90.0.200/24"), keepalived.converged.get("n2").vips(),
                    keepalived.converged.toString());
            assertEquals(keepalived.converged, director.converged, "converged state: keepalived (expected) vs director");
            assertEquals(keepalived.stopped, director.stopped, "after stop: keepalived (expected) vs director");
        }
    }

    /** The views after convergence and after a stop. */
    record Runs(Map<String, NodeView> converged, Map<String, NodeView> stopped) {
    }

    private Runs run(NetLab lab, Function<String, String[]> command) throws Exception {
        List<LabProcess> processes = new ArrayList<>();
        for (String node : NODES) {
            processes.add(lab.spawn(node, command.apply(node)));
        }
        Map<String, NodeView> converged;
        try {
            converged = converge(lab, processes);
        } catch (AssertionError e) {
            StringBuilder logs = new StringBuilder(e.getMessage());
            for (LabProcess p : processes) {
                logs.append("\n--- ").append(p).append(" ---\n").append(tail(p.stop()));
            }
            throw new AssertionError(logs.toString(), e);
        }
        for (LabProcess p : processes) {
            terminate(p);
        }
        // Every process of the run must be gone (keepalived's children too) before the next run starts.
        Await.until("no process left in " + NODES, () -> NODES.stream().allMatch(n -> processesIn(lab, n).isEmpty()),
                () -> NODES.stream().map(n -> n + ": " + processesIn(lab, n)).toList().toString());
        return new Runs(converged, views(lab));
    }

    /**
     * Waits until each VIP sits on exactly one node, the failing real server is out of both tables and the working
     * one in, and the view no longer changes between two looks a few check intervals apart.
     */
    private static Map<String, NodeView> converge(NetLab lab, List<LabProcess> processes) throws InterruptedException {
        Await.until("VIPs placed and health checks applied", () -> {
            Map<String, NodeView> v = views(lab);
            long vip1 = v.values().stream().filter(n -> n.vips().contains("10.90.0.100/24")).count();
            long vip2 = v.values().stream().filter(n -> n.vips().contains("10.90.0.200/24")).count();
            boolean tables = v.values().stream().allMatch(n -> String.join("\n", n.ipvs()).contains("10.90.0.11:80")
                    && !String.join("\n", n.ipvs()).contains("10.90.0.12:80"));
            return vip1 == 1 && vip2 == 1 && tables && processes.stream().allMatch(LabProcess::isAlive);
        }, () -> views(lab) + " " + processes.stream().map(p -> p + " alive=" + p.isAlive()).toList());
        Map<String, NodeView> previous = views(lab);
        for (int look = 0; look < 10; look++) {
            Thread.sleep(3000); // three check intervals: a real server that flaps would show
            Map<String, NodeView> now = views(lab);
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("no stable state within ten looks; last: " + previous);
    }

    /**
     * SIGTERM to the program itself, as an operator stops it (keepalived then stops its own children), and waits
     * for its clean-up; SIGKILL only if it does not end.
     */
    private static void terminate(LabProcess p) throws Exception {
        Optional<ProcessHandle> handle = ProcessHandle.of(p.pid());
        if (handle.isPresent()) {
            handle.get().destroy();
            try {
                handle.get().onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(p + " did not stop within " + STOP_WAIT + " of SIGTERM:\n" + tail(p.stop()));
            }
        }
        p.stop();
    }

    /** The command lines of the processes inside a node's namespace. */
    private static List<String> processesIn(NetLab lab, String node) {
        String pids;
        try {
            Process ip = new ProcessBuilder("ip", "netns", "pids", lab.nsName(node)).redirectErrorStream(true).start();
            pids = new String(ip.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            ip.waitFor();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> out = new ArrayList<>();
        for (String pid : pids.lines().map(String::strip).filter(l -> l.matches("[0-9]+")).toList()) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> out.add(pid + " "
                    + h.info().commandLine().orElse("?")));
        }
        return out;
    }

    private static Map<String, NodeView> views(NetLab lab) {
        Map<String, NodeView> out = new LinkedHashMap<>();
        for (String node : NODES) {
            // IPv6 link-local addresses belong to the link, not to either implementation.
            List<String> vips = lab.addresses(node, "eth0").stream().filter(a -> !a.startsWith("fe80:")).sorted()
                    .toList();
            // The kernel dumps services in hash order and each service's destinations in insertion order:
            // sorted lines compare the content.
            List<String> ipvs = lab.exec(node, "ipvsadm", "-Sn").ok().stdout().lines().map(String::strip)
                    .filter(l -> !l.isEmpty()).sorted().toList();
            String daemons = lab.exec(node, "ipvsadm", "-L", "--daemon").ok().stdout().strip();
            out.put(node, new NodeView(vips, ipvs, daemons));
        }
        return out;
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
