package dev.hadirector.vrrp.track;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts as child processes, each waited for on a daemon thread. On timeout the process and its
 * descendants are killed by their own handles (never by name).
 */
public final class ProcessScriptRunner implements ScriptRunner, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessScriptRunner.class);
    private final ExecutorService waiters = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vrrp-script");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void run(List<String> command, Duration timeout, IntConsumer onExit) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("script {} could not start: {}", command, e.toString());
            onExit.accept(FAILED_TO_START);
            return;
        }
        waiters.execute(() -> {
            int status;
            try {
                if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    status = process.exitValue();
                } else {
                    LOG.warn("script {} (pid {}) timed out after {}; killing it", command, process.pid(), timeout);
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    status = TIMED_OUT;
                }
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                status = TIMED_OUT;
            }
            onExit.accept(status);
        });
    }

    @Override
    public void close() {
        waiters.shutdownNow();
    }
}
