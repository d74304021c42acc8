package dev.hadirector.bench;

import dev.hadirector.ipvs.BatchResult;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsTable;
import dev.hadirector.ipvs.reconcile.DesiredService;
import dev.hadirector.ipvs.reconcile.IpvsReconciler;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import dev.hadirector.ipvs.text.IpvsadmFormat;
import dev.hadirector.ipvs.text.RestoreCommand;
import dev.hadirector.ipvs.text.RestoreParser;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times loading, changing and dumping a large IPVS table with ipvsadm, with {@code java -jar ha-director.jar ipvs} and
 * with the library in this (warmed) JVM, and measures what the reconciler keeps on the heap. Prints figures; asserts
 * nothing. Needs a kernel with IPVS and ipvsadm: run it through {@code bench/run-ipvs-bench}, which boots
 * User-Mode-Linux.
 *
 * <p>Arguments: {@code DIRECTOR_JAR [REPETITIONS [SERVICES [DESTINATIONS]]]}, defaults 5, 1000, 10.
 */
public final class IpvsBench {
    private final Path jar;
    private final int repetitions;
    private final BenchTable table;
    private final Path work;
    private final PrintStream out;
    private final IpvsClient client;

    private IpvsBench(Path jar, int repetitions, BenchTable table, Path work, PrintStream out, IpvsClient client) {
        this.jar = jar;
        this.repetitions = repetitions;
        this.table = table;
        this.work = work;
        this.out = out;
        this.client = client;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: IpvsBench DIRECTOR_JAR [REPETITIONS [SERVICES [DESTINATIONS]]]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            System.err.println("director jar " + jar + " does not exist: run mvn -B -o -q -DskipTests package first");
            System.exit(2);
        }
        int repetitions = args.length > 1 ? positive("REPETITIONS", args[1]) : 5;
        int services = args.length > 2 ? positive("SERVICES", args[2]) : 1000;
        int destinations = args.length > 3 ? positive("DESTINATIONS", args[3]) : 10;
        Path work = Files.createTempDirectory("ipvs-bench");
        try (IpvsClient client = IpvsClient.open()) {
            new IpvsBench(jar, repetitions, new BenchTable(services, destinations), work, System.out, client).run();
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println(name + " '" + value + "' is invalid: must be a positive whole number");
        System.exit(2);
        return 0;
    }

    private void run() throws IOException, InterruptedException {
        Path rules = work.resolve("rules.txt");
        Path edited = work.resolve("rules-1pct.txt");
        String rulesText = table.rules();
        BenchTable.Edited edit = table.onePercentEdit();
        Files.writeString(rules, rulesText);
        Files.writeString(edited, edit.rules());
        List<IpvsOperation> ops = operations(rulesText);
        List<DesiredService> desired = desired(rulesText);
        List<DesiredService> desiredEdited = desired(edit.rules());

        out.printf(Locale.ROOT, "IPVS benchmark: %d services x %d destinations (%d objects), %d repetitions, "
                        + "1%% edit = %d destination changes; times in ms%n", table.services(),
                table.destinationCount() / table.services(), table.services() + table.destinationCount(), repetitions,
                edit.changes());
        out.printf(Locale.ROOT, "kernel %s, java %s%n%n", System.getProperty("os.version"),
                System.getProperty("java.version"));

        warmUp(ops, desired, desiredEdited);

        // What every java -jar row below pays before it touches the kernel.
        Samples jvmStart = new Samples("JVM start: java -jar ha-director.jar ipvs help");
        for (int r = 0; r < repetitions; r++) {
            jvmStart.add(timeProcess(null, java("ipvs", "help")));
        }

        // ---- fresh apply, each on an empty table ----
        Samples ipvsadmRestore = new Samples("fresh: ipvsadm -R");
        Samples cliRestore = new Samples("fresh: java -jar ha-director.jar ipvs restore");
        Samples libBatch = new Samples("fresh: library IpvsClient.execute (warm JVM)");
        Samples libReconcile = new Samples("fresh: library IpvsReconciler.apply (warm JVM)");
        for (int r = 0; r < repetitions; r++) {
            client.flush();
            ipvsadmRestore.add(timeProcess(rules, "ipvsadm", "-R"));
            checkLoaded(rulesText);
            client.flush();
            cliRestore.add(timeProcess(rules, java("ipvs", "restore")));
            checkLoaded(rulesText);
            client.flush();
            long t0 = System.nanoTime();
            BatchResult batch = client.execute(ops);
            libBatch.add(System.nanoTime() - t0);
            require(batch.ok(), "library batch failed: " + batch.failures());
            checkLoaded(rulesText);
            client.flush();
            IpvsReconciler reconciler = new IpvsReconciler(client, d -> { });
            t0 = System.nanoTime();
            ReconcileResult applied = reconciler.applyDesired(desired);
            libReconcile.add(System.nanoTime() - t0);
            require(applied.ok(), "reconciler apply failed: " + applied.summary());
            checkLoaded(rulesText);
        }

        // ---- 1% change of the loaded table ----
        Samples cliApply = new Samples("1% change: java -jar ha-director.jar ipvs apply");
        Samples libChange = new Samples("1% change: library IpvsReconciler.apply (warm JVM)");
        for (int r = 0; r < repetitions; r++) {
            client.flush();
            require(client.execute(ops).ok(), "reload failed");
            cliApply.add(timeProcess(edited, java("ipvs", "apply")));
            checkLoaded(edit.rules());
            client.flush();
            IpvsReconciler reconciler = new IpvsReconciler(client, d -> { });
            require(reconciler.applyDesired(desired).ok(), "reconciler load failed");
            long t0 = System.nanoTime();
            ReconcileResult changed = reconciler.applyDesired(desiredEdited);
            libChange.add(System.nanoTime() - t0);
            require(changed.ok(), "reconciler change failed: " + changed.summary());
            require(changed.applied().size() == edit.changes(), "the 1% edit sent " + changed.applied().size()
                    + " operations, expected " + edit.changes());
            checkLoaded(edit.rules());
        }

        // ---- dump of the loaded table ----
        client.flush();
        require(client.execute(ops).ok(), "reload failed");
        Samples ipvsadmSave = new Samples("dump: ipvsadm -Sn");
        Samples cliSave = new Samples("dump: java -jar ha-director.jar ipvs save");
        Samples libDump = new Samples("dump: library IpvsClient.table (warm JVM)");
        Samples libSave = new Samples("dump: library table + ipvsadm -Sn text (warm JVM)");
        for (int r = 0; r < repetitions; r++) {
            ipvsadmSave.add(timeProcess(null, "ipvsadm", "-Sn"));
            cliSave.add(timeProcess(null, java("ipvs", "save")));
            long t0 = System.nanoTime();
            IpvsTable dumped = client.table();
            libDump.add(System.nanoTime() - t0);
            require(dumped.services().size() == table.services(), "dump holds " + dumped.services().size() + " services");
            t0 = System.nanoTime();
            String text = IpvsadmFormat.save(client.table());
            libSave.add(System.nanoTime() - t0);
            require(text.lines().count() == table.services() + table.destinationCount(), "save text has "
                    + text.lines().count() + " lines");
        }

        double retainedMb = reconcilerRetainedMegabytes();
        client.flush();

        out.printf(Locale.ROOT, "%-52s %10s %10s %10s %3s%n", "measurement", "median", "min", "max", "n");
        for (Samples s : List.of(jvmStart, ipvsadmRestore, cliRestore, libBatch, libReconcile, cliApply, libChange,
                ipvsadmSave, cliSave, libDump, libSave)) {
            out.println(s.row());
        }
        out.println();
        out.println("ratios (medians; goal in brackets):");
        ratio("ipvsadm -R / ipvs restore (JVM start included)", ipvsadmRestore, cliRestore, ">= 3x");
        ratio("ipvsadm -R / library batch", ipvsadmRestore, libBatch, ">= 3x");
        ratio("ipvsadm -R / library reconciler", ipvsadmRestore, libReconcile, ">= 3x");
        share("ipvs apply 1% / ipvs restore fresh", cliApply, cliRestore);
        out.printf(Locale.ROOT, "  %-50s %8.1f%%  [< 5%%]%n", "the same without JVM start (median minus ipvs help)",
                100 * (cliApply.median() - jvmStart.median()) / (cliRestore.median() - jvmStart.median()));
        share("library reconciler 1% / library reconciler fresh", libChange, libReconcile);
        ratio("ipvsadm -Sn / ipvs save (JVM start included)", ipvsadmSave, cliSave, "> 1x");
        ratio("ipvsadm -Sn / library dump", ipvsadmSave, libDump, "> 1x");
        ratio("ipvsadm -Sn / library dump + text", ipvsadmSave, libSave, "> 1x");
        out.printf(Locale.ROOT, "memory: reconciler retains %.2f MB of heap for %d services / %d destinations%n",
                retainedMb, table.services(), table.destinationCount());
    }

    private void ratio(String label, Samples reference, Samples ours, String goal) {
        out.printf(Locale.ROOT, "  %-50s %8.2fx  [%s]%n", label, reference.median() / ours.median(), goal);
    }

    private void share(String label, Samples part, Samples whole) {
        out.printf(Locale.ROOT, "  %-50s %8.1f%%  [< 5%%]%n", label, 100 * part.median() / whole.median());
    }

    private void warmUp(List<IpvsOperation> ops, List<DesiredService> desired, List<DesiredService> desiredEdited) {
        for (int i = 0; i < 3; i++) {
            client.flush();
            require(client.execute(ops).ok(), "warm-up batch failed");
            IpvsadmFormat.save(client.table());
            client.flush();
            IpvsReconciler reconciler = new IpvsReconciler(client, d -> { });
            require(reconciler.applyDesired(desired).ok(), "warm-up reconcile failed");
            require(reconciler.applyDesired(desiredEdited).ok(), "warm-up change failed");
        }
        client.flush();
    }

    /**
     * Heap still reachable through a reconciler that manages the whole table, after full collections: the used heap
     * with the reconciler alive minus the used heap before it existed.
     */
    private double reconcilerRetainedMegabytes() {
        client.flush();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        IpvsReconciler reconciler = new IpvsReconciler(client, d -> { });
        require(reconciler.applyDesired(desired(table.rules())).ok(), "memory load failed");
        long after = usedAfterGc(memory);
        Reference.reachabilityFence(reconciler);
        return (after - before) / (1024.0 * 1024.0);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void checkLoaded(String rulesText) {
        IpvsTable loaded = client.table();
        int destinations = loaded.services().stream().mapToInt(s -> s.destinations().size()).sum();
        long expectedDestinations = rulesText.lines().filter(l -> l.startsWith("-a ")).count();
        require(loaded.services().size() == table.services() && destinations == expectedDestinations,
                "the table holds " + loaded.services().size() + " services / " + destinations
                        + " destinations, expected " + table.services() + " / " + expectedDestinations);
    }

    private String[] java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    /** Wall time of a command from start to exit, stdin from {@code input} (or none), output discarded. */
    private long timeProcess(Path input, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(work.resolve("stderr.txt").toFile());
        pb.redirectInput(input == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.from(input.toFile()));
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 10 minutes");
        }
        long elapsed = System.nanoTime() - t0;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                    + Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8));
        }
        return elapsed;
    }

    static List<IpvsOperation> operations(String rules) {
        return RestoreParser.parse("rules", rules).stream().map(RestoreCommand::operation).toList();
    }

    /** The -A/-a lines as the reconciler's desired services, in file order. */
    static List<DesiredService> desired(String rules) {
        Map<ServiceKey, DesiredService> services = new LinkedHashMap<>();
        Map<ServiceKey, List<IpvsDestination>> destinations = new LinkedHashMap<>();
        for (IpvsOperation op : operations(rules)) {
            if (op instanceof IpvsOperation.AddService a) {
                destinations.put(a.service().key(), new ArrayList<>());
                services.put(a.service().key(), new DesiredService(a.service(), List.of()));
            } else if (op instanceof IpvsOperation.AddDestination a) {
                destinations.get(a.service()).add(a.destination());
            } else {
                throw new IllegalArgumentException("only -A and -a lines belong in a desired table, got " + op);
            }
        }
        List<DesiredService> result = new ArrayList<>();
        services.forEach((key, s) -> result.add(new DesiredService(s.service(), destinations.get(key))));
        return result;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }
}
