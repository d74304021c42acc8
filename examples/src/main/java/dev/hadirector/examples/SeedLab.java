package dev.hadirector.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.hadirector.testkit.ExecResult;
import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;

/**
 * The LAN of the original LVS + keepalived tutorial, built from namespaces: two directors, two nginx real servers
 * answering in direct-routing mode, and a client, all plugged into one switch. The 192.168.1.0/24 addresses exist
 * only inside these namespaces.
 */
final class SeedLab implements AutoCloseable {

    static final String LAN = "lan";
    static final String IFACE = "eth0";
    static final String VIP = "192.168.1.200";
    static final int PREFIX = 24;
    static final int HTTP_PORT = 80;
    static final String CLIENT = "client";
    static final String DIR1 = "dir1";
    static final String DIR2 = "dir2";
    static final String RS1 = "rs1";
    static final String RS2 = "rs2";
    /** Each host's address on the LAN. */
    static final Map<String, String> ADDRESSES = addresses();

    private final NetLab lab;
    private final Path workDir;
    private final Map<String, LabProcess> nginx = new LinkedHashMap<>();

    private SeedLab(NetLab lab, Path workDir) {
        this.lab = lab;
        this.workDir = workDir;
    }

    private static Map<String, String> addresses() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(DIR1, "192.168.1.128");
        a.put(DIR2, "192.168.1.129");
        a.put(RS1, "192.168.1.130");
        a.put(RS2, "192.168.1.131");
        a.put(CLIENT, "192.168.1.10");
        return Map.copyOf(a);
    }

    /** Builds the namespaces and the LAN and configures the real servers for direct routing; starts no nginx yet. */
    static SeedLab create() throws IOException {
        NetLab lab = NetLab.create();
        Path workDir = Files.createTempDirectory("ha-seed-demo-");
        SeedLab seed = new SeedLab(lab, workDir);
        try {
            lab.lan(LAN);
            for (String host : List.of(CLIENT, DIR1, DIR2, RS1, RS2)) {
                lab.host(host);
                lab.link(host, LAN, IFACE, ADDRESSES.get(host) + "/" + PREFIX);
            }
            for (String rs : List.of(RS1, RS2)) {
                // Direct routing: the real server accepts packets for the VIP (on lo) but must never answer ARP for
                // it, or it would steal the VIP's traffic from the director.
                lab.sysctl(rs, "net.ipv4.conf.all.arp_ignore", "1");
                lab.sysctl(rs, "net.ipv4.conf.all.arp_announce", "2");
                lab.sysctl(rs, "net.ipv4.conf." + IFACE + ".arp_ignore", "1");
                lab.sysctl(rs, "net.ipv4.conf." + IFACE + ".arp_announce", "2");
                lab.addAddress(rs, "lo", VIP + "/32");
                writeNginxConf(workDir, rs);
            }
            return seed;
        } catch (RuntimeException | IOException e) {
            seed.close();
            throw e;
        }
    }

    String nsName(String host) {
        return lab.nsName(host);
    }

    NetLab lab() {
        return lab;
    }

    /** Starts nginx in a real server's namespace and waits until it answers on the server's own address. */
    void startNginx(String rs) throws InterruptedException {
        Path dir = workDir.resolve(rs);
        LabProcess process = lab.spawn(rs, "nginx", "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off;");
        nginx.put(rs, process);
        String url = "http://" + ADDRESSES.get(rs) + ":" + HTTP_PORT + "/";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            ExecResult probe = lab.exec(rs, Duration.ofSeconds(3), "bash", "-c",
                    "exec 3<>/dev/tcp/" + ADDRESSES.get(rs) + "/" + HTTP_PORT + " 2>/dev/null", "probe");
            if (probe.succeeded()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx in " + rs + " exited: " + process.output() + errorLog(dir));
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("nginx in " + rs + " does not answer on " + url + " after 10 s" + errorLog(dir));
    }

    /** Stops the nginx of a real server (SIGTERM to its master; its worker goes with it). */
    void stopNginx(String rs) {
        LabProcess process = nginx.remove(rs);
        if (process != null) {
            process.stop();
        }
    }

    private static String errorLog(Path dir) {
        try {
            Path log = dir.resolve("error.log");
            return Files.exists(log) ? "; error.log: " + Files.readString(log, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** An nginx of its own per real server, keeping every file it writes in the demo's temporary folder. */
    private static void writeNginxConf(Path workDir, String rs) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(rs));
        String d = dir.toString();
        String conf = String.join("\n",
                "worker_processes 1;",
                "pid " + d + "/nginx.pid;",
                "error_log " + d + "/error.log warn;",
                "events { worker_connections 256; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + d + "/body;",
                "  proxy_temp_path " + d + "/proxy;",
                "  fastcgi_temp_path " + d + "/fastcgi;",
                "  uwsgi_temp_path " + d + "/uwsgi;",
                "  scgi_temp_path " + d + "/scgi;",
                "  server {",
                "    listen " + HTTP_PORT + ";",
                "    default_type text/plain;",
                "    location / { return 200 \"" + rs + " " + ADDRESSES.get(rs) + "\\n\"; }",
                "  }",
                "}", "");
        Files.writeString(dir.resolve("nginx.conf"), conf, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            for (String rs : List.copyOf(nginx.keySet())) {
                stopNginx(rs);
            }
            lab.close();
        } finally {
            deleteTree(workDir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp folder is harmless; the namespaces (the part that matters) are gone.
        }
    }
}
