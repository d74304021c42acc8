package dev.hadirector.kernel.netns;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle on a network namespace to run code in. Each namespace has one dedicated thread that entered it once
 * with {@code setns(fd, CLONE_NEWNET)}; {@link #call} runs work there. A socket keeps the namespace it was
 * created in, so sockets opened through {@code call} can be used from any thread afterwards, and one JVM can own
 * sockets in many namespaces:
 *
 * <pre>{@code
 * try (NetNamespace blue = NetNamespace.named("blue")) {
 *     NetlinkConnection c = blue.call(() -> NetlinkConnection.open(Netlink.NETLINK_ROUTE));
 * }
 * }</pre>
 *
 * <p>Every {@code named("x")} or {@code at(path)} gives its caller a handle of its own, and all the handles of
 * one namespace share its thread. {@link #close()} closes only this handle (a second close does nothing); the
 * thread stops when the last handle of its namespace is closed (sockets made there stay valid), and a later
 * {@code named("x")} starts a new one. So an application and the directors in one namespace cannot close the
 * thread under each other's feet: each closes what it opened.
 */
public final class NetNamespace implements AutoCloseable {
    /** Where {@code ip netns add NAME} mounts named namespaces. */
    public static final Path NETNS_RUN_DIR = Path.of("/run/netns");

    /** The live thread of each namespace path; guarded by itself, as are the threads' holder counts. */
    private static final Map<Path, NamespaceThread> THREADS = new HashMap<>();

    private final Path path;
    private final NamespaceThread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetNamespace(Path path, NamespaceThread thread) {
        this.path = path;
        this.thread = thread;
    }

    /** A new handle on the namespace {@code ip netns} calls {@code name} ({@code /run/netns/NAME}). */
    public static NetNamespace named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("namespace name \"" + name + "\" must be a plain file name");
        }
        return at(NETNS_RUN_DIR.resolve(name));
    }

    /**
     * A new handle on the namespace bound at {@code path} (a bind mount such as {@code /run/netns/x}, or
     * {@code /proc/PID/ns/net}). Fails with ENOENT naming the path when there is none, with EINVAL when the
     * file is not a network namespace.
     */
    public static NetNamespace at(Path path) {
        Path key = path.toAbsolutePath().normalize();
        synchronized (THREADS) {
            // Entering under the lock: a handle closed meanwhile cannot stop a thread another one is joining.
            NamespaceThread thread = THREADS.get(key);
            if (thread == null) {
                thread = NamespaceThread.enter(key);
                THREADS.put(key, thread);
            }
            thread.hold();
            return new NetNamespace(key, thread);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Runs {@code action} on this namespace's thread and returns its result; its exceptions reach the caller
     * unchanged (checked ones wrapped in a RuntimeException).
     *
     * @throws IllegalStateException when this handle is closed
     */
    public <T> T call(Callable<T> action) {
        if (closed.get()) {
            throw new IllegalStateException("network namespace " + path + " is closed");
        }
        return thread.call(action);
    }

    /** Runs {@code action} on this namespace's thread. */
    public void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Closes this handle; the namespace's thread stops when no other handle holds it. Sockets opened there keep
     * working. Closing twice does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (THREADS) {
            if (thread.letGo()) {
                THREADS.remove(path, thread);
            }
        }
    }

    @Override
    public String toString() {
        return "network namespace " + path;
    }
}
