package dev.hadirector.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ending processes the test kit started, always by pid, children first. */
final class Processes {

    private static final Duration TERM_GRACE = Duration.ofSeconds(3);

    private Processes() {
    }

    /** SIGTERM, then SIGKILL after a short grace, to the process and every descendant it still has. */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        for (ProcessHandle child : descendants) {
            child.destroy();
        }
        root.destroy();
        awaitOrKill(root);
        for (ProcessHandle child : descendants) {
            awaitOrKill(child);
        }
    }

    /** SIGKILL at once, for processes found in a namespace being torn down. */
    static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(handle -> {
            handle.destroyForcibly();
            try {
                handle.onExit().get(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Not our child, so its exit cannot always be observed; the SIGKILL was sent.
            }
        });
    }

    private static void awaitOrKill(ProcessHandle handle) {
        try {
            handle.onExit().get(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            handle.destroyForcibly();
        }
    }
}
