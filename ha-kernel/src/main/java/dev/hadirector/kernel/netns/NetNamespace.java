package dev.hadirector.kernel.netns;

import dev.hadirector.kernel.Errno;
import dev.hadirector.kernel.FileDescriptor;
import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.LibC;
import dev.hadirector.kernel.Syscall;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network namespace to run code in. Each namespace has one dedicated thread that entered it once with
 * {@code setns(fd, CLONE_NEWNET)}; {@link #call} runs work there. A socket keeps the namespace it was created
 * in, so sockets opened through {@code call} can be used from any thread afterwards, and one JVM can own
 * sockets in many namespaces:
 *
 * <pre>{@code
 * NetlinkConnection c = NetNamespace.named("blue").call(() -> NetlinkConnection.open(Netlink.NETLINK_ROUTE));
 * }</pre>
 *
 * <p>Namespaces are shared per path: {@code named("x")} twice gives the same thread. {@link #close()} stops the
 * thread (sockets made there stay valid); a later {@code named("x")} starts a new one.
 */
public final class NetNamespace implements AutoCloseable {
    /** Where {@code ip netns add NAME} mounts named namespaces. */
    public static final Path NETNS_RUN_DIR = Path.of("/run/netns");

    private static final Logger LOG = LoggerFactory.getLogger(NetNamespace.class);
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final Map<Path, NetNamespace> OPEN = new ConcurrentHashMap<>();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Path path;
    private final ExecutorService thread;
    private final Thread worker;

    private NetNamespace(Path path, ExecutorService thread, Thread worker) {
        this.path = path;
        this.thread = thread;
        this.worker = worker;
    }

    /** The namespace {@code ip netns} calls {@code name} ({@code /run/netns/NAME}). */
    public static NetNamespace named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("namespace name \"" + name + "\" must be a plain file name");
        }
        return at(NETNS_RUN_DIR.resolve(name));
    }

    /**
     * The namespace bound at {@code path} (a bind mount such as {@code /run/netns/x}, or
     * {@code /proc/PID/ns/net}). Fails with ENOENT naming the path when there is none, with EINVAL when the
     * file is not a network namespace.
     */
    public static NetNamespace at(Path path) {
        Path key = path.toAbsolutePath().normalize();
        while (true) {
            NetNamespace existing = OPEN.get(key);
            if (existing != null && !existing.thread.isShutdown()) {
                return existing;
            }
            NetNamespace created = enter(key);
            if (existing == null ? OPEN.putIfAbsent(key, created) == null : OPEN.replace(key, existing, created)) {
                return created;
            }
            created.thread.shutdown(); // another thread won the race: use its namespace
        }
    }

    private static NetNamespace enter(Path path) {
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
        return new NetNamespace(path, executor, worker);
    }

    public Path path() {
        return path;
    }

    /**
     * Runs {@code action} on this namespace's thread and returns its result; its exceptions reach the caller
     * unchanged (checked ones wrapped in a RuntimeException).
     */
    public <T> T call(Callable<T> action) {
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
            result = thread.submit(action);
        } catch (java.util.concurrent.RejectedExecutionException e) {
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

    /** Runs {@code action} on this namespace's thread. */
    public void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Stops this namespace's thread; sockets opened there keep working. */
    @Override
    public void close() {
        OPEN.remove(path, this);
        thread.shutdown();
    }

    @Override
    public String toString() {
        return "network namespace " + path;
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
