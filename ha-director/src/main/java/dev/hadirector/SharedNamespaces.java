package dev.hadirector;

import dev.hadirector.kernel.netns.NetNamespace;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The directors' use of {@link NetNamespace} handles. {@code NetNamespace.named} hands every caller in the JVM the
 * same handle, and closing it stops the thread for all of them; so a director must not close it while another
 * director still runs in that namespace. Each director takes a lease when it starts and gives it back when it
 * closes; the last one out closes the handle, so no thread keeps a deleted namespace alive.
 */
final class SharedNamespaces {
    /** Directors holding each handle; identity, because a closed handle and its successor are different threads. */
    private static final Map<NetNamespace, Integer> LEASES = new IdentityHashMap<>();

    private SharedNamespaces() {
    }

    /** The namespace's shared handle, leased to one more director. */
    static synchronized NetNamespace acquire(String name) {
        NetNamespace namespace = NetNamespace.named(name);
        LEASES.merge(namespace, 1, Integer::sum);
        return namespace;
    }

    /** Gives one lease back; closes the handle when no director holds it any more. */
    static synchronized void release(NetNamespace namespace) {
        Integer holders = LEASES.get(namespace);
        if (holders == null) {
            throw new IllegalStateException(namespace + " released more often than acquired");
        }
        if (holders == 1) {
            LEASES.remove(namespace);
            namespace.close();
        } else {
            LEASES.put(namespace, holders - 1);
        }
    }
}
