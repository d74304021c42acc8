package dev.hadirector.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process running inside a lab namespace. Its output is drained continuously and kept; {@link #stop()} ends it
 * (and anything it started) by pid. The lab stops every process it spawned when it closes.
 */
public final class LabProcess {

    private final String host;
    private final List<String> command;
    private final Process process;
    private final StreamLines stdout;
    private final StreamLines stderr;
    private final StreamLines merged;

    LabProcess(String host, List<String> command, Process process) {
        this.host = host;
        this.command = List.copyOf(command);
        this.process = process;
        this.merged = StreamLines.merged();
        this.stdout = StreamLines.drain(process.getInputStream(), "lab-stdout-" + process.pid(), merged);
        this.stderr = StreamLines.drain(process.getErrorStream(), "lab-stderr-" + process.pid(), merged);
        Thread endWatcher = new Thread(() -> {
            try {
                stdout.awaitEnd(Duration.ofDays(365));
                stderr.awaitEnd(Duration.ofDays(365));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            merged.markEnded();
        }, "lab-end-" + process.pid());
        endWatcher.setDaemon(true);
        endWatcher.start();
    }

    /** The pid of the command itself ({@code ip netns exec} replaces itself with the command). */
    public long pid() {
        return process.pid();
    }

    public String host() {
        return host;
    }

    public List<String> command() {
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Exit status once it has ended. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Standard output and error so far, interleaved in the order read. */
    public String output() {
        return merged.text();
    }

    public List<String> stdoutLines() {
        return stdout.snapshot();
    }

    public List<String> stderrLines() {
        return stderr.snapshot();
    }

    /** Waits for a line on stdout or stderr matching {@code wanted}; empty if the process ended or time ran out first. */
    public Optional<String> awaitOutput(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return merged.await(wanted, timeout);
    }

    Optional<String> awaitStderr(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return stderr.await(wanted, timeout);
    }

    List<String> awaitStdoutCount(Predicate<String> wanted, int count, Duration timeout) throws InterruptedException {
        return stdout.awaitCount(wanted, count, timeout);
    }

    /** Waits for it to end by itself. */
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            drainRest();
            return OptionalInt.of(process.exitValue());
        }
        return OptionalInt.empty();
    }

    /**
     * Ends the process and its descendants (SIGTERM, SIGKILL after a grace period) and waits for its output to be read.
     *
     * @return everything it wrote
     */
    public String stop() {
        if (process.isAlive()) {
            Processes.killTree(process.toHandle());
        }
        drainRest();
        return output();
    }

    private void drainRest() {
        try {
            stdout.awaitEnd(Duration.ofSeconds(2));
            stderr.awaitEnd(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "pid " + pid() + " in " + host + ": " + String.join(" ", command);
    }
}
