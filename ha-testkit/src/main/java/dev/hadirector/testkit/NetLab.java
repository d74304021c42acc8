package dev.hadirector.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away network made of namespaces: hosts, switched LANs (a bridge in the LAN's own namespace) and veth links
 * between them. Nothing is ever added to the namespace the JVM runs in. {@link #close()} kills what the lab spawned and
 * every process still inside its namespaces, then deletes the namespaces; a shutdown hook does the same if a test
 * forgets, and {@link #create()} deletes labs left behind by JVMs that died.
 *
 * <pre>{@code
 * try (NetLab lab = NetLab.create()) {
 *     lab.host("a"); lab.host("b"); lab.lan("lan0");
 *     lab.link("a", "lan0", "eth0", "10.0.0.1/24");
 *     lab.link("b", "lan0", "eth0", "10.0.0.2/24");
 *     lab.exec("a", "ping", "-c1", "-W1", "10.0.0.2").ok();
 * }
 * }</pre>
 */
public final class NetLab implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetLab.class);
    /** Name of the bridge inside every LAN namespace. */
    public static final String BRIDGE = "br0";

    private enum Kind { HOST, LAN }

    private record Node(String name, String namespace, Kind kind) {
    }

    private final String prefix;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<LabProcess> processes = new ArrayList<>();
    private final Thread shutdownHook;
    private int switchPorts;
    private boolean closed;

    private NetLab(String prefix) {
        this.prefix = prefix;
        this.shutdownHook = new Thread(this::closeQuietly, "netlab-cleanup-" + prefix);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Makes an empty lab after deleting stale labs of dead JVMs. Skips (or fails under CI=true) the calling test when
     * namespaces cannot be made here.
     */
    public static NetLab create() {
        Rig.requireNetns();
        deleteStaleLabs(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        return new NetLab(LabNames.nextLabPrefix());
    }

    /** The per-run prefix of every namespace of this lab, e.g. {@code hat4242x1}. */
    public String prefix() {
        return prefix;
    }

    /** Creates a host: a namespace with {@code lo} up. */
    public synchronized NetLab host(String name) {
        addNode(name, Kind.HOST, "host");
        return this;
    }

    /**
     * Creates a switched LAN: a namespace holding bridge {@value #BRIDGE}. Multicast snooping is off so multicast
     * (VRRP) floods like on a dumb switch, and IPv6 is off in the switch so its ports send nothing of their own.
     */
    public synchronized NetLab lan(String name) {
        Node lan = addNode(name, Kind.LAN, "lan");
        try {
            sysctlBestEffort(lan, "net.ipv6.conf.all.disable_ipv6", "1");
            sysctlBestEffort(lan, "net.ipv6.conf.default.disable_ipv6", "1");
            ip(lan, "link", "add", BRIDGE, "type", "bridge", "stp_state", "0", "mcast_snooping", "0").ok();
            ip(lan, "link", "set", BRIDGE, "up").ok();
        } catch (RuntimeException e) {
            removeNode(lan);
            throw e;
        }
        return this;
    }

    /**
     * Plugs {@code host} into {@code lan} with a veth pair: {@code ifname} in the host, a generated port on the LAN's
     * bridge. Adds each address (IPv6 ones without duplicate address detection, so they are usable at once) and brings
     * both ends up. On any failure the pair is removed again.
     */
    public synchronized NetLab link(String host, String lan, String ifname, String... cidrs) {
        Node h = node(host, "host", Kind.HOST);
        Node l = node(lan, "lan", Kind.LAN);
        LabNames.checkIfname(ifname);
        String port = "p" + (++switchPorts);
        ip(l, "link", "add", port, "type", "veth", "peer", "name", ifname, "netns", h.namespace()).ok();
        try {
            ip(l, "link", "set", port, "master", BRIDGE, "up").ok();
            for (String cidr : cidrs) {
                addAddress(h, ifname, cidr);
            }
            ip(h, "link", "set", ifname, "up").ok();
        } catch (RuntimeException e) {
            ip(l, "link", "del", port);
            throw e;
        }
        return this;
    }

    /**
     * Connects two hosts directly with a veth pair (no switch): {@code ifnameA} in {@code hostA}, {@code ifnameB} in
     * {@code hostB}, both up, without addresses (add them with {@link #addAddress}).
     */
    public synchronized NetLab pair(String hostA, String ifnameA, String hostB, String ifnameB) {
        Node a = node(hostA, "hostA", Kind.HOST);
        Node b = node(hostB, "hostB", Kind.HOST);
        LabNames.checkIfname(ifnameA);
        LabNames.checkIfname(ifnameB);
        ip(a, "link", "add", ifnameA, "type", "veth", "peer", "name", ifnameB, "netns", b.namespace()).ok();
        try {
            ip(a, "link", "set", ifnameA, "up").ok();
            ip(b, "link", "set", ifnameB, "up").ok();
        } catch (RuntimeException e) {
            ip(a, "link", "del", ifnameA);
            throw e;
        }
        return this;
    }

    /** Adds an address to an interface of a host; an IPv6 address skips duplicate address detection. */
    public synchronized NetLab addAddress(String host, String ifname, String cidr) {
        addAddress(node(host, "host", Kind.HOST), ifname, cidr);
        return this;
    }

    private void addAddress(Node host, String ifname, String cidr) {
        if (cidr == null || cidr.isBlank()) {
            throw new IllegalArgumentException("cidr '" + cidr + "' is invalid: must be an address with prefix length, e.g. 10.0.0.1/24");
        }
        List<String> args = new ArrayList<>(List.of("addr", "add", cidr, "dev", ifname));
        if (cidr.contains(":")) {
            args.add("nodad");
        }
        ExecResult added = ip(host, args.toArray(String[]::new));
        if (!added.succeeded()) {
            throw new ExecException("cannot add address " + cidr + " to " + ifname + " in host " + host.name() + ": "
                    + added.describe());
        }
    }

    /** Sets a sysctl inside a node's namespace ({@code net.*} keys are per namespace). */
    public synchronized NetLab sysctl(String node, String key, String value) {
        exec(node, "sysctl", "-q", "-w", key + "=" + value).ok();
        return this;
    }

    /** The addresses (with prefix length) on {@code ifname} of {@code node}, IPv4 and IPv6, in kernel order. */
    public synchronized List<String> addresses(String node, String ifname) {
        List<String> found = new ArrayList<>();
        for (String line : ip(node(node, "node", null), "-o", "addr", "show", "dev", ifname).ok().stdoutLines()) {
            String[] words = line.trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("inet") || words[i].equals("inet6")) {
                    found.add(words[i + 1]);
                }
            }
        }
        return found;
    }

    /** The namespace name of a host or LAN, for {@code ip netns exec} or keepalived's {@code net_namespace}. */
    public synchronized String nsName(String node) {
        return node(node, "node", null).namespace();
    }

    /** The namespace file of a host or LAN, for {@code setns}. */
    public synchronized Path nsPath(String node) {
        return Path.of("/run/netns", nsName(node));
    }

    /** Names of the hosts and LANs made so far, in creation order. */
    public synchronized List<String> nodes() {
        return List.copyOf(nodes.keySet());
    }

    /** Runs a command inside a host or LAN namespace and waits for it (60 s at most). */
    public ExecResult exec(String node, String... command) {
        return exec(node, Commands.DEFAULT_TIMEOUT, command);
    }

    public ExecResult exec(String node, Duration timeout, String... command) {
        String ns = nsName(node);
        return Commands.run(Commands.concat(List.of("ip", "netns", "exec", ns), command), timeout);
    }

    /** Starts a long-running command inside a host or LAN namespace; the lab ends it at close if it still runs. */
    public synchronized LabProcess spawn(String node, String... command) {
        checkOpen();
        if (command.length == 0) {
            throw new IllegalArgumentException("command is empty: must name a program to run in " + node);
        }
        String ns = nsName(node);
        List<String> argv = Commands.concat(List.of("ip", "netns", "exec", ns), command);
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Commands.nullDevice())).start();
        } catch (IOException e) {
            throw new ExecException("cannot start `" + String.join(" ", argv) + "`: " + e.getMessage(), e);
        }
        LabProcess started = new LabProcess(node, List.of(command), process);
        processes.add(started);
        return started;
    }

    /**
     * Kills the processes the lab spawned and every other process still in its namespaces (all started by the test),
     * then deletes the namespaces. Tries everything before reporting what failed.
     */
    @Override
    public void close() {
        List<String> problems = closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself.
        }
        if (!problems.isEmpty()) {
            throw new ExecException("lab " + prefix + " not fully torn down:\n" + String.join("\n", problems));
        }
    }

    private synchronized List<String> closeAll() {
        if (closed) {
            return List.of();
        }
        closed = true;
        for (LabProcess process : processes) {
            process.stop();
        }
        List<String> problems = new ArrayList<>();
        List<Node> reversed = new ArrayList<>(nodes.values());
        Collections.reverse(reversed);
        for (Node node : reversed) {
            try {
                deleteNamespace(node.namespace());
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        nodes.clear();
        return problems;
    }

    private void closeQuietly() {
        List<String> problems = closeAll();
        if (!problems.isEmpty()) {
            LOG.warn("lab {} not fully torn down at JVM exit: {}", prefix, problems);
        }
    }

    /**
     * Deletes lab namespaces whose owning JVM is no longer alive. Namespaces of this JVM and of live JVMs are left.
     *
     * @return the namespaces deleted
     */
    static List<String> deleteStaleLabs(LongPredicate pidAlive) {
        List<String> deleted = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (String ns : listNamespaces()) {
            OptionalLong owner = LabNames.ownerPid(ns);
            if (owner.isPresent() && owner.getAsLong() != self && !pidAlive.test(owner.getAsLong())) {
                try {
                    deleteNamespace(ns);
                    deleted.add(ns);
                    LOG.info("deleted stale lab namespace {} of dead pid {}", ns, owner.getAsLong());
                } catch (RuntimeException e) {
                    LOG.warn("cannot delete stale lab namespace {}: {}", ns, e.getMessage());
                }
            }
        }
        return deleted;
    }

    /** Names from {@code ip netns list}, whose lines read {@code NAME} or {@code NAME (id: N)}. */
    static List<String> listNamespaces() {
        List<String> names = new ArrayList<>();
        for (String line : Commands.run("ip", "netns", "list").ok().stdoutLines()) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty()) {
                names.add(trimmed.split("\\s+")[0]);
            }
        }
        return names;
    }

    private static void deleteNamespace(String ns) {
        ExecResult pids = Commands.run("ip", "netns", "pids", ns);
        if (pids.succeeded()) {
            for (String pid : pids.stdoutLines()) {
                if (!pid.isBlank()) {
                    Processes.kill(Long.parseLong(pid.trim()));
                }
            }
        }
        ExecResult deleted = Commands.run("ip", "netns", "delete", ns);
        if (!deleted.succeeded()) {
            throw new ExecException("cannot delete namespace " + ns + ": " + deleted.describe());
        }
    }

    private Node addNode(String name, Kind kind, String field) {
        checkOpen();
        LabNames.checkNodeName(field, name);
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException(field + " '" + name + "' already exists in lab " + prefix
                    + ": host and lan names must be unique");
        }
        Node node = new Node(name, LabNames.namespace(prefix, name), kind);
        Commands.run("ip", "netns", "add", node.namespace()).ok();
        nodes.put(name, node);
        try {
            ip(node, "link", "set", "lo", "up").ok();
        } catch (RuntimeException e) {
            removeNode(node);
            throw e;
        }
        return node;
    }

    private void removeNode(Node node) {
        nodes.remove(node.name());
        try {
            deleteNamespace(node.namespace());
        } catch (RuntimeException e) {
            LOG.warn("cannot roll back namespace {}: {}", node.namespace(), e.getMessage());
        }
    }

    private Node node(String name, String field, Kind expected) {
        checkOpen();
        Node node = nodes.get(name);
        if (node == null) {
            throw new IllegalArgumentException(field + " '" + name + "' does not exist in lab " + prefix
                    + ": known are " + nodes.keySet());
        }
        if (expected != null && node.kind() != expected) {
            throw new IllegalArgumentException(field + " '" + name + "' is a " + node.kind().name().toLowerCase()
                    + ": must be a " + expected.name().toLowerCase());
        }
        return node;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("lab " + prefix + " is closed");
        }
    }

    private ExecResult ip(Node node, String... args) {
        return Commands.run(Commands.concat(List.of("ip", "-n", node.namespace()), args), Commands.DEFAULT_TIMEOUT);
    }

    private void sysctlBestEffort(Node node, String key, String value) {
        // Without the ipv6 module (UML before it is loaded) the key is absent, and there is nothing to switch off.
        Commands.run(List.of("ip", "netns", "exec", node.namespace(), "sysctl", "-q", "-w", key + "=" + value),
                Commands.DEFAULT_TIMEOUT);
    }
}
