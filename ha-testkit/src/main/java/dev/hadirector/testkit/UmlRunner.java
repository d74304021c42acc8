package dev.hadirector.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots User-Mode-Linux once on the host's file system, runs a test set in a JVM inside it, powers it off and reads
 * the inner JUnit reports. The UML kernel is killed by pid if it outlives the time limit.
 */
public final class UmlRunner {

    private static final Logger LOG = LoggerFactory.getLogger(UmlRunner.class);
    static final int CONSOLE_TAIL_LINES = 40;
    static final int JVM_TAIL_LINES = 80;

    /**
     * Runs the inner tests.
     *
     * @throws IOException if the work folder cannot be prepared or UML cannot be started
     */
    public UmlRunResult run(UmlOptions options) throws IOException, InterruptedException {
        Path consoleLog = options.workDir().resolve("console.log");
        prepareWorkDir(options, consoleLog);

        List<String> command = new ArrayList<>(List.of(options.kernel().toString(), "mem=" + options.memory(),
                "root=/dev/root", "rootfstype=hostfs", "rootflags=/", "rw", "init=" + UmlInit.scriptFile(options),
                // Console 0 writes to the log; no other consoles or serial lines (UML would open xterms for them).
                "con=null", "con0=null,fd:1", "ssl=null"));
        command.addAll(options.kernelArgs());
        if (options.runsProgram()) {
            LOG.info("booting User-Mode-Linux to run {} (console: {})", options.mainClass(), consoleLog);
        } else {
            LOG.info("booting User-Mode-Linux for tests tagged '{}' of {} (console: {}, inner JVM: {})",
                    options.tagExpression(), options.moduleDir(), consoleLog, UmlInit.jvmLog(options));
        }
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Commands.nullDevice()))
                .redirectErrorStream(true);
        if (!options.echoConsole()) {
            builder.redirectOutput(consoleLog.toFile());
        }
        Process uml = builder.start();
        Thread echo = options.echoConsole() ? ConsoleEcho.start(uml.getInputStream(), consoleLog, System.out) : null;
        // If this JVM is killed while UML runs, UML must not outlive it.
        Thread killOnExit = new Thread(() -> kill(uml, options), "uml-kill-" + uml.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
        boolean finished;
        try {
            finished = uml.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(uml, options);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or will run; it kills UML either way.
            }
        }
        if (!finished) {
            LOG.warn("User-Mode-Linux (pid {}) still running after {}; killing it", uml.pid(), options.timeout());
            kill(uml, options);
        }
        if (echo != null) {
            // The pipe closes when UML (and every child holding its console) is gone; the copy then ends by itself.
            echo.join(TimeUnit.SECONDS.toMillis(5));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Optional<String> status = readStatus(UmlInit.statusFile(options));
        List<InnerTestCase> cases = JUnitXmlReport.readAll(UmlInit.reportsDir(options));
        LOG.info("User-Mode-Linux run ended after {} s: {}, {} inner test cases", elapsed.toSeconds(),
                status.orElse("no status"), cases.size());
        String tail = "--- last lines of " + consoleLog + " ---\n" + tail(consoleLog, CONSOLE_TAIL_LINES)
                + "--- last lines of " + UmlInit.jvmLog(options) + " ---\n" + tail(UmlInit.jvmLog(options), JVM_TAIL_LINES);
        return new UmlRunResult(!finished, elapsed, status, cases, options.tagExpression(), consoleLog,
                UmlInit.jvmLog(options), tail, uml.pid());
    }

    /**
     * Kills the UML kernel process and its helpers. A helper forked after the kernel's descendants were listed
     * outlives the kill and is reparented away from the tree, so helpers are also found by the command line
     * they inherit from the kernel, which names this run's init script.
     */
    private static void kill(Process uml, UmlOptions options) {
        Processes.killTree(uml.toHandle());
        String init = "init=" + UmlInit.scriptFile(options);
        ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(init)).orElse(false))
                .forEach(p -> Processes.kill(p.pid()));
    }

    private static void prepareWorkDir(UmlOptions options, Path consoleLog) throws IOException {
        Files.createDirectories(options.workDir());
        // Results of an earlier run must never be read as this run's.
        deleteTree(UmlInit.reportsDir(options));
        for (Path old : List.of(UmlInit.statusFile(options), UmlInit.jvmLog(options), consoleLog)) {
            Files.deleteIfExists(old);
        }
        Path script = UmlInit.scriptFile(options);
        Files.writeString(script, UmlInit.script(options), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(UmlInit.argFile(options), UmlInit.javaArgs(options), StandardCharsets.UTF_8);
    }

    private static Optional<String> readStatus(Path statusFile) throws IOException {
        if (!Files.exists(statusFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(statusFile, StandardCharsets.UTF_8);
        return lines.stream().filter(l -> !l.isBlank()).reduce((first, second) -> second).map(String::strip);
    }

    static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(" + file.getFileName() + " was not written)\n";
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> all = text.lines().toList();
            List<String> last = new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
            return last.isEmpty() ? "(empty)\n" : String.join("\n", last) + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
