package dev.hadirector.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short commands to completion with a time limit. */
final class Commands {

    /** Long enough for any iproute2 or sysctl call on a loaded two-core machine. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** How long to wait for output still in the pipes after the process exited. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    private Commands() {
    }

    static ExecResult run(String... command) {
        return run(List.of(command), DEFAULT_TIMEOUT);
    }

    /**
     * Runs {@code command} and waits for it.
     *
     * @throws ExecException if it cannot be started or does not finish within {@code timeout} (it is then killed)
     */
    static ExecResult run(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        } catch (IOException e) {
            throw new ExecException("cannot start `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        StreamLines out = StreamLines.drain(process.getInputStream(), "exec-stdout-" + process.pid());
        StreamLines err = StreamLines.drain(process.getErrorStream(), "exec-stderr-" + process.pid());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.killTree(process.toHandle());
                throw new ExecException("command `" + String.join(" ", command) + "` did not finish within "
                        + timeout.toSeconds() + " s and was killed; output so far:\n" + out.text() + err.text());
            }
            // A daemon started by the command may keep the pipes open; its output is not ours to wait for.
            out.awaitEnd(DRAIN_GRACE);
            err.awaitEnd(DRAIN_GRACE);
        } catch (InterruptedException e) {
            Processes.killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new ExecException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
        return new ExecResult(command, process.exitValue(), out.text(), err.text());
    }

    static List<String> concat(List<String> prefix, String... rest) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(rest));
        return all;
    }

    static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }
}
