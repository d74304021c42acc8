package dev.hadirector.kernel.netns;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LibC;
import dev.hadirector.kernel.Syscall;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that entered a network namespace with {@code setns(fd, CLONE_NEWNET)}, shared by every
 * {@link NetNamespace} handle of that namespace; it counts its holders and stops when the last one lets go.
 * The count is guarded by the lock {@link NetNamespace} takes around {@link #hold()} and {@link #letGo()}.
 */
final class NamespaceThread {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceThread.class);
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Path path;
    private final ExecutorService executor;
    private final Thread worker;
    private int holders;

    private NamespaceThread(Path path, ExecutorService executor, Thread worker) {
        this.path = path;
        this.executor = executor;
        this.worker = worker;
    }

    /** Starts a thread and moves it into the namespace at {@code path}; fails naming the path and errno. */
    static NamespaceThread enter(Path path) {
        String threadName = "netns-" + path.getFileName() + "-" + THREADS.incrementAndGet();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        Future<Thread> entered = executor.submit(() -> {
            try (FileDescriptor fd = FileDescriptor.adopt(LibC.open(path.toString(), O_RDONLY | O_CLOEXEC, 0),
                    "open network namespace " + path)) {
                Syscall.check(LibC.setns(fd.get(), CLONE_NEWNET), "enter network namespace " + path);
            }
            return Thread.currentThread();
        });
        Thread worker;
        try {
            worker = entered.get();
        } catch (ExecutionException e) {
            executor.shutdownNow();
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            throw new KernelException(Errno.EINTR, "enter network namespace " + path);
        }
        LOG.debug("thread {} entered network namespace {}", threadName, path);
        return new NamespaceThread(path, executor, worker);
    }

    void hold() {
        holders++;
    }

    /** Gives one hold back; returns true when that was the last one and the thread is stopping. */
    boolean letGo() {
        if (--holders > 0) {
            return false;
        }
        executor.shutdown();
        LOG.debug("thread {} leaves network namespace {}: no holder left", worker.getName(), path);
        return true;
    }

    <T> T call(Callable<T> action) {
        if (Thread.currentThread() == worker) {
            // Already inside (a nested call): waiting for our own queue would deadlock.
            try {
                return action.call();
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
        Future<T> result;
        try {
            result = executor.submit(action);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("network namespace " + path + " is closed");
        }
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running in network namespace " + path, e);
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new RuntimeException(cause);
    }
}
