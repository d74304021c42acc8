package dev.hadirector.checks.lvs;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notify programs as child processes (no shell, stdin from /dev/null, output discarded), each on a
 * daemon thread that kills it, with its descendants, when it outlives {@code timeout}.
 */
public final class ProcessLauncher implements ProgramLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);

    private final Duration timeout;
    private final ExecutorService threads;

    public ProcessLauncher(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("notify program timeout " + timeout + " out of range: must be positive");
        }
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lb-notify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void launch(List<String> command, String purpose) {
        if (command.isEmpty()) {
            return;
        }
        List<String> copy = List.copyOf(command);
        threads.execute(() -> run(copy, purpose));
    }

    private void run(List<String> command, String purpose) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot start {}: {}", purpose, command, e.getMessage());
            return;
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                LOG.warn("{}: {} killed after {} ms", purpose, command, timeout.toMillis());
                return;
            }
            int exit = process.exitValue();
            if (exit != 0) {
                LOG.warn("{}: {} exited with status {}", purpose, command, exit);
            } else {
                LOG.debug("{}: {} done", purpose, command);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
