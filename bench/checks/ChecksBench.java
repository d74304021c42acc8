import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.checks.lvs.LoadBalancer;
import dev.hadirector.checks.lvs.LoadBalancerListener;
import dev.hadirector.checks.lvs.TableWriter;
import dev.hadirector.checks.lvs.VirtualServerState;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.reconcile.IpvsReconciler;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The health-check benchmark (run by bench/run-checks-bench; figures printed, nothing asserted).
 *
 * <pre>
 * cpu N SECONDS WARMUP ipvs|none   N real servers (10.77.x.y:8080, half TCP_CHECK, half HTTP_GET) checked every
 *                                  second; prints this JVM's CPU seconds over SECONDS after WARMUP, and the heap
 *                                  in use after a GC. "ipvs" applies the table through the reconciler (needs IPVS).
 *                                  Also the namespace's TCP counters over the same window (/proc/net/snmp: every
 *                                  check opens one connection) and the CPU per check connection. With
 *                                  -Dbench.holdFile=PATH the checks go on after the figures, for strace, until PATH
 *                                  exists: the line "java-holding PID" says when.
 * latency KILLS                    100 TCP listeners on loopback, each a real server; KILLS times one is closed
 *                                  (connections refused, like a stopped nginx) and the time until the load
 *                                  balancer's desired table drops it is measured (median, worst).
 * </pre>
 */
public final class ChecksBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "cpu" -> cpu(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    args[4].equals("ipvs"));
            case "latency" -> latency(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("mode " + args[0] + ": must be cpu or latency");
        }
        System.exit(0);
    }

    static String address(int i) {
        return "10.77." + (i / 250) + "." + (1 + i % 250);
    }

    static void cpu(int n, int seconds, int warmup, boolean ipvs) throws Exception {
        HealthCheck tcp = HealthCheck.tcp().every(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(3)).build();
        HealthCheck http = HealthCheck.http("/").every(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(3))
                .build();
        VirtualServer.Builder vs = VirtualServer.tcp("10.77.200.1", 80).scheduler(Scheduler.WRR);
        for (int i = 0; i < n; i++) {
            vs.realServer(RealServer.of(address(i), 8080).check(i % 2 == 0 ? tcp : http));
        }
        IpvsClient client = ipvs ? IpvsClient.open() : null;
        IpvsReconciler reconciler = ipvs ? new IpvsReconciler(client, d -> { }) : null;
        AtomicLong writes = new AtomicLong();
        TableWriter writer = table -> {
            writes.incrementAndGet();
            return reconciler != null ? reconciler.apply(table) : new ReconcileResult(List.of(), List.of(), List.of());
        };
        AtomicLong downs = new AtomicLong();
        // The checks' own handles, to count the rounds done: under load fewer checks complete, so CPU per round
        // is the figure that compares runs on a busy machine.
        List<dev.hadirector.checks.schedule.HealthCheckScheduler.ScheduledCheck> handles =
                Collections.synchronizedList(new ArrayList<>());
        LoadBalancer lb = LoadBalancer.builder(List.of(vs.build()), writer).checks(listener -> {
            dev.hadirector.checks.HealthChecks checks = dev.hadirector.checks.HealthChecks.builder(listener)
                    .ioThreads(Integer.getInteger("bench.ioThreads", 1)).start();
            return new dev.hadirector.checks.lvs.CheckRunner() {
                @Override
                public Running start(String checkId, dev.hadirector.checks.CheckTarget target, HealthCheck spec) {
                    var handle = checks.add(checkId, target, spec);
                    handles.add(handle);
                    return handle::stop;
                }

                @Override
                public void close() {
                    checks.close();
                }
            };
        }).listener(new LoadBalancerListener() {
            @Override
            public void onRealServerDown(RealServerEvent event) {
                downs.incrementAndGet();
            }
        }).start();
        Thread.sleep(warmup * 1000L);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Long> threadCpu0 = threadTicks();
        long rounds0 = rounds(handles);
        long[] userSys0 = userSystemTicks();
        TcpCounters tcp0 = TcpCounters.read();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long cpu1 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        TcpCounters work = TcpCounters.read().minus(tcp0);
        long[] userSys1 = userSystemTicks();
        long rounds1 = rounds(handles);
        Map<String, Long> threadCpu1 = threadTicks();
        VirtualServerState state = lb.state().get(0);
        long up = state.realServers().stream().filter(r -> r.health() == dev.hadirector.checks.HealthState.UP).count();
        System.gc();
        Thread.sleep(500);
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        String rss = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
        System.out.printf("java: %d real servers, %.1f s window: cpu %.2f s (%.1f%% of one core), heap after GC %.1f MB,"
                        + " process %s, %d up, %d down events, %d table writes, IPVS %s%n", n, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9,
                100.0 * (cpu1 - cpu0) / (t1 - t0), heap / 1048576.0, rss, up, downs.get(), writes.get(),
                ipvs ? "applied" : "not applied");
        System.out.printf("java-cpu-seconds %.3f%n", (cpu1 - cpu0) / 1e9);
        System.out.printf("java: %d rounds in the window (%.0f%% of one per check per second), %.1f us CPU per round%n",
                rounds1 - rounds0, 100.0 * (rounds1 - rounds0) / n / ((t1 - t0) / 1e9),
                (cpu1 - cpu0) / 1e3 / Math.max(1, rounds1 - rounds0));
        double windowSeconds = (t1 - t0) / 1e9;
        System.out.printf("java: check connections over the %.1f s window (TCP counters of the namespace): %d active opens"
                        + " = %.1f/s, %.1f%% of the nominal %d/s; %d passive opens, %d attempt fails, %d established resets,"
                        + " %d RSTs sent; %s%n", windowSeconds, work.activeOpens(), work.activeOpens() / windowSeconds,
                100.0 * work.activeOpens() / windowSeconds / n, n, work.passiveOpens(), work.attemptFails(),
                work.estabResets(), work.outRsts(), work.activeOpens() > 0
                        ? String.format("%.1f us CPU per check connection", (cpu1 - cpu0) / 1e3 / work.activeOpens())
                        : "no check connection, so no CPU per check connection");
        System.out.printf("java-tcp %.2f %d %d %d %d %d%n", windowSeconds, work.activeOpens(), work.passiveOpens(),
                work.attemptFails(), work.estabResets(), work.outRsts());
        System.out.printf("java: user %.2f s, system (kernel, including the loopback TCP work done on our threads) %.2f s%n",
                (userSys1[0] - userSys0[0]) / 100.0, (userSys1[1] - userSys0[1]) / 100.0);
        System.out.printf("java: %d threads (JVM's included); CPU per thread over the window:%n", threadCpu1.size());
        threadCpu1.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threadCpu0.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("java:   %-32s %6.2f s%n", e.getKey(), e.getValue() / 100.0));
        Map<String, Long> reasons = new java.util.TreeMap<>();
        for (var rs : state.realServers()) {
            if (rs.health() == dev.hadirector.checks.HealthState.DOWN) {
                reasons.merge(rs.lastReason().replaceAll("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+(:[0-9]+)?", "ADDR"), 1L,
                        Long::sum);
            }
        }
        reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> System.out.println("java: down because \"" + e.getKey() + "\": " + e.getValue()));
        holdForStrace();
        lb.close();
    }

    /**
     * Keeps the checks running after the figures until the file named by bench.holdFile exists (at most 15 min), so
     * that strace can count the syscalls per check without its overhead landing in the CPU window.
     */
    private static void holdForStrace() throws InterruptedException {
        String holdFile = System.getProperty("bench.holdFile");
        if (holdFile == null) {
            return;
        }
        java.nio.file.Path release = java.nio.file.Path.of(holdFile);
        System.out.println("java-holding " + ProcessHandle.current().pid());
        System.out.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (!java.nio.file.Files.exists(release) && System.nanoTime() < deadline) {
            Thread.sleep(1000); // seldom: each look is a syscall strace counts
        }
    }

    /**
     * The TCP counters of this process's network namespace, from /proc/net/snmp. Every check (retries included)
     * opens one connection, so ActiveOpens is the kernel's count of the checks attempted.
     */
    record TcpCounters(long activeOpens, long passiveOpens, long attemptFails, long estabResets, long outRsts) {

        static TcpCounters read() throws IOException {
            List<String> tcpLines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/snmp")).stream()
                    .filter(l -> l.startsWith("Tcp:")).toList();
            if (tcpLines.size() != 2) {
                throw new IOException("/proc/net/snmp: expected 2 Tcp: lines (names, values), found " + tcpLines.size());
            }
            List<String> names = List.of(tcpLines.get(0).trim().split("\\s+"));
            String[] values = tcpLines.get(1).trim().split("\\s+");
            java.util.function.ToLongFunction<String> field = name -> {
                int at = names.indexOf(name);
                if (at < 0 || at >= values.length) {
                    throw new IllegalStateException("/proc/net/snmp: Tcp field " + name + " missing");
                }
                return Long.parseLong(values[at]);
            };
            return new TcpCounters(field.applyAsLong("ActiveOpens"), field.applyAsLong("PassiveOpens"),
                    field.applyAsLong("AttemptFails"), field.applyAsLong("EstabResets"), field.applyAsLong("OutRsts"));
        }

        TcpCounters minus(TcpCounters before) {
            return new TcpCounters(activeOpens - before.activeOpens, passiveOpens - before.passiveOpens,
                    attemptFails - before.attemptFails, estabResets - before.estabResets, outRsts - before.outRsts);
        }
    }

    private static long rounds(List<dev.hadirector.checks.schedule.HealthCheckScheduler.ScheduledCheck> handles) {
        synchronized (handles) {
            return handles.stream().mapToLong(h -> h.rounds()).sum();
        }
    }

    /** utime and stime of this process in clock ticks (USER_HZ, 100 on Linux). */
    private static long[] userSystemTicks() throws IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    /** utime + stime in clock ticks of every thread of this process (GC and JIT threads too), by "name tid". */
    private static Map<String, Long> threadTicks() throws IOException {
        Map<String, Long> ticks = new java.util.HashMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                try {
                    String stat = java.nio.file.Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(name + " " + task.getFileName(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        return ticks;
    }

    /** A listener that accepts and closes; closing it makes connects fail at once (RST), like a stopped nginx. */
    static final class Listener {
        final int port;
        volatile ServerSocket socket;

        Listener(int port) {
            this.port = port;
        }

        void open() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            socket = s;
            Thread t = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        // accepted and closed: the check only needs the connection
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "listener-" + port);
            t.setDaemon(true);
            t.start();
        }

        void close() throws IOException {
            socket.close();
        }
    }

    static void latency(int kills) throws Exception {
        int servers = 100;
        List<Listener> listeners = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            int port = probe.getLocalPort();
            probe.close();
            Listener l = new Listener(port);
            l.open();
            listeners.add(l);
        }
        Duration interval = Duration.ofSeconds(1);
        int retry = 1;
        HealthCheck tcp = HealthCheck.tcp().every(interval).retry(retry).delayBeforeRetry(interval)
                .connectTimeout(Duration.ofSeconds(1)).build();
        VirtualServer.Builder vs = VirtualServer.tcp("10.77.200.1", 80);
        for (Listener l : listeners) {
            vs.realServer(RealServer.of("127.0.0.1", l.port).check(tcp));
        }
        Map<Integer, Long> killedAt = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Set<Integer> present = ConcurrentHashMap.newKeySet();
        TableWriter writer = table -> {
            long now = System.nanoTime();
            Set<Integer> ports = new java.util.HashSet<>();
            for (RealServer rs : table.get(0).realServers()) {
                ports.add(rs.port());
            }
            present.clear();
            present.addAll(ports);
            for (var e : killedAt.entrySet()) {
                if (!ports.contains(e.getKey()) && killedAt.remove(e.getKey()) != null) {
                    latencies.add(now - e.getValue());
                }
            }
            return new ReconcileResult(List.of(), List.of(), List.of());
        };
        LoadBalancer lb = LoadBalancer.builder(List.of(vs.build()), writer).start();
        Thread.sleep(3000);
        Random random = new Random(42);
        int perRound = 10;
        int done = 0;
        while (done < kills) {
            List<Listener> victims = new ArrayList<>(listeners);
            Collections.shuffle(victims, random);
            victims = victims.subList(0, Math.min(perRound, kills - done));
            for (Listener v : victims) {
                Thread.sleep(random.nextInt(100)); // spread the deaths over the check phases
                v.close();
                killedAt.put(v.port, System.nanoTime());
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!killedAt.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!killedAt.isEmpty()) {
                System.out.println("not removed within 60 s: ports " + killedAt.keySet());
                killedAt.clear();
            }
            for (Listener v : victims) {
                v.open();
            }
            deadline = System.nanoTime() + 60_000_000_000L;
            while (present.size() < servers && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            done += victims.size();
        }
        lb.close();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2) / 1e6;
        double worst = sorted.get(sorted.size() - 1) / 1e6;
        double best = sorted.get(0) / 1e6;
        System.out.printf("detection latency over %d kills (TCP_CHECK, delay_loop %d s, retry %d, delay_before_retry %d s;"
                        + " expected up to %d ms): median %.0f ms, best %.0f ms, worst %.0f ms%n", sorted.size(),
                interval.toSeconds(), retry, interval.toSeconds(), interval.toMillis() * (retry + 1) + 1000, median, best,
                worst);
    }
}
