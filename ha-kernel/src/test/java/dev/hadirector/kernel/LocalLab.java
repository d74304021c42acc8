package dev.hadirector.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Stand-in for the test kit's NetLab/Rig/Capture until they land on main: namespaces made with {@code ip netns},
 * a bridge per LAN inside its own namespace, veth links, and tcpdump captures. Everything it makes is deleted
 * by {@link #close()}; nothing touches the root namespace.
 */
public final class LocalLab implements AutoCloseable {
    private static final AtomicInteger LABS = new AtomicInteger();

    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private int peers;

    private LocalLab(String prefix) {
        this.prefix = prefix;
    }

    /** Aborts the test with one line when not root or without `ip netns`; fails instead under CI=true. */
    public static void requireRig() {
        String why = null;
        if (!isRoot()) {
            why = "needs root (CAP_NET_ADMIN, CAP_NET_RAW) for namespaces and raw sockets";
        } else if (!Files.isExecutable(Path.of("/usr/bin/ip")) && !Files.isExecutable(Path.of("/usr/sbin/ip"))
                && !Files.isExecutable(Path.of("/sbin/ip"))) {
            why = "needs iproute2's ip command";
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("rig missing under CI=true: " + why);
            }
            Assumptions.abort(why);
        }
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    public static LocalLab create() {
        requireRig();
        return new LocalLab("hdk" + ProcessHandle.current().pid() + "x" + LABS.incrementAndGet());
    }

    public LocalLab host(String name) {
        String ns = nsName(name);
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        return this;
    }

    public LocalLab lan(String name) {
        host(name);
        run("ip", "-n", nsName(name), "link", "add", "br0", "type", "bridge");
        run("ip", "-n", nsName(name), "link", "set", "br0", "up");
        return this;
    }

    /** A veth from {@code host} (named {@code ifname}) to the bridge of {@code lan}, both ends up. */
    public LocalLab link(String host, String lan, String ifname, String... cidrs) {
        String peer = "p" + (++peers);
        run("ip", "-n", nsName(host), "link", "add", ifname, "type", "veth", "peer", "name", peer, "netns", nsName(lan));
        run("ip", "-n", nsName(lan), "link", "set", peer, "master", "br0", "up");
        for (String cidr : cidrs) {
            List<String> cmd = new ArrayList<>(List.of("ip", "-n", nsName(host), "addr", "add", cidr, "dev", ifname));
            if (cidr.contains(":")) {
                cmd.add("nodad");
            }
            run(cmd.toArray(String[]::new));
        }
        run("ip", "-n", nsName(host), "link", "set", ifname, "up");
        return this;
    }

    public String nsName(String host) {
        return prefix + "-" + host;
    }

    public Path nsPath(String host) {
        return Path.of("/run/netns", nsName(host));
    }

    /** Runs a command inside {@code host}'s namespace and returns its output; fails the test on non-zero exit. */
    public String exec(String host, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", nsName(host)));
        cmd.addAll(Arrays.asList(command));
        return run(cmd.toArray(String[]::new));
    }

    /**
     * Starts tcpdump in {@code host} on {@code ifname} and returns once it listens; its decoded lines collect in
     * the returned list. The process is stopped by {@link #close()}.
     */
    public List<String> capture(String host, String ifname, String filter) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", nsName(host), "tcpdump", "-l", "-n", "-e",
                "-i", ifname, filter).redirectErrorStream(true);
        Process p = pb.start();
        processes.add(p);
        List<String> lines = new CopyOnWriteArrayList<>();
        Object listening = new Object();
        boolean[] ready = {false};
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("listening on")) {
                        synchronized (listening) {
                            ready[0] = true;
                            listening.notifyAll();
                        }
                    } else {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process was stopped
            }
        }, "capture-" + host);
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (listening) {
            while (!ready[0] && System.nanoTime() < deadline && p.isAlive()) {
                listening.wait(100);
            }
        }
        if (!ready[0]) {
            fail("tcpdump in " + host + " did not start listening: " + lines);
        }
        return lines;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            try {
                run("ip", "netns", "del", ns);
            } catch (AssertionError e) {
                System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
            }
        }
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + ": timed out");
            }
            if (p.exitValue() != 0) {
                fail(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command));
        }
    }
}
