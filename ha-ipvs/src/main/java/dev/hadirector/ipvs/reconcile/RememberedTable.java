package dev.hadirector.ipvs.reconcile;

import dev.hadirector.ipvs.BatchResult;
import dev.hadirector.ipvs.IpvsDestination;
import dev.hadirector.ipvs.IpvsException;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsTable;
import dev.hadirector.kernel.Errno;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the kernel holds for the services a reconciler manages, as far as the reconciler knows: learnt from a
 * read of the kernel's table, then kept up to date from the acks of what the reconciler sent. Later applies
 * diff against it and send only the changes, without reading anything back (as keepalived does).
 *
 * <p>Once anything has been learnt, a service it holds no entry for is presumed absent from the kernel; a
 * service is unknown (to be read before it is diffed) only before the first read, after {@link #forget} and
 * after {@link #forgetAll}. If someone changes the table behind the reconciler's back, this memory is wrong
 * until the kernel refuses a change because of it ({@link #record} finds those refusals) or a drift check
 * reads the whole table again.
 */
final class RememberedTable {
    private final Map<ServiceKey, DesiredService> held = new HashMap<>();
    private final Set<ServiceKey> unknown = new HashSet<>();
    private boolean learnt;

    /** True when the kernel's state of {@code key} is not known and must be read before diffing it. */
    boolean unknown(ServiceKey key) {
        return !learnt || unknown.contains(key);
    }

    /** What the kernel holds for {@code key}, or null when it holds no such service (or it is unknown). */
    DesiredService held(ServiceKey key) {
        return held.get(key);
    }

    /**
     * Takes {@code read} as the kernel's state of {@code keys}: those it lists are held, the others absent.
     * Services of {@code read} outside {@code keys} are not remembered (they are not ours).
     */
    void learn(Collection<ServiceKey> keys, IpvsTable read) {
        Set<ServiceKey> wanted = keys instanceof Set<ServiceKey> s ? s : new HashSet<>(keys);
        for (ServiceKey key : keys) {
            held.remove(key);
            unknown.remove(key);
        }
        for (IpvsTable.Service s : read.services()) {
            ServiceKey key = s.service().key();
            if (wanted.contains(key)) {
                held.put(key, IpvsDiff.held(s));
            }
        }
        learnt = true;
    }

    /** Marks {@code key} unknown: the next apply reads it before diffing it. */
    void forget(ServiceKey key) {
        held.remove(key);
        if (learnt) {
            unknown.add(key);
        }
    }

    /** Marks everything unknown: the next apply reads what it manages first (after a lost batch, say). */
    void forgetAll() {
        held.clear();
        unknown.clear();
        learnt = false;
    }

    /** Drops what is remembered of services outside {@code keys} (no longer managed). */
    void retain(Set<ServiceKey> keys) {
        held.keySet().retainAll(keys);
        unknown.retainAll(keys);
    }

    /**
     * Brings the memory up to date with a batch the kernel answered: {@code sent} in order, {@code result}
     * saying which were applied. A service whose operations all went through now holds what {@code wanted}
     * says for it; one with refusals holds what the applied ones made of it.
     *
     * @return the services for which the kernel refused a change in a way this memory cannot explain (adding
     *         what it presumed absent gave EEXIST, editing what it presumed present gave ENOENT or ESRCH...):
     *         someone changed them behind our back, and this memory of them is wrong. They are marked unknown.
     */
    Set<ServiceKey> record(Collection<DesiredService> wanted, List<IpvsOperation> sent, BatchResult result) {
        learnt = true;
        if (result.ok()) {
            for (IpvsOperation op : sent) {
                if (op instanceof IpvsOperation.DeleteService d) {
                    held.remove(d.key());
                }
            }
            for (DesiredService d : wanted) {
                held.put(d.service().key(), d);
            }
            return Set.of();
        }
        Map<IpvsOperation, IpvsException> refused = new IdentityHashMap<>();
        Set<ServiceKey> withRefusal = new HashSet<>();
        for (IpvsException e : result.failures()) {
            refused.put(e.failedOperation(), e);
            withRefusal.add(serviceOf(e.failedOperation()));
        }
        // Only services with a refusal need their operations replayed in order; the others are as wanted.
        Map<ServiceKey, Replay> replays = new LinkedHashMap<>();
        Set<ServiceKey> drifted = new LinkedHashSet<>();
        for (IpvsOperation op : sent) {
            ServiceKey key = serviceOf(op);
            if (!withRefusal.contains(key)) {
                if (op instanceof IpvsOperation.DeleteService) {
                    held.remove(key);
                }
                continue;
            }
            Replay replay = replays.computeIfAbsent(key, k -> new Replay(held.get(k)));
            IpvsException refusal = refused.get(op);
            if (refusal == null) {
                replay.apply(op);
            } else if (replay.contradicts(op, refusal.errno())) {
                drifted.add(key);
            }
        }
        for (DesiredService d : wanted) {
            if (!withRefusal.contains(d.service().key())) {
                held.put(d.service().key(), d);
            }
        }
        replays.forEach((key, replay) -> {
            DesiredService now = replay.state();
            if (now == null) {
                held.remove(key);
            } else {
                held.put(key, now);
            }
        });
        for (ServiceKey key : drifted) {
            forget(key);
        }
        return drifted;
    }

    /** The service an operation changes, or null for table-wide ones. */
    static ServiceKey serviceOf(IpvsOperation op) {
        if (op instanceof IpvsOperation.AddService a) {
            return a.service().key();
        } else if (op instanceof IpvsOperation.EditService e) {
            return e.service().key();
        } else if (op instanceof IpvsOperation.DeleteService d) {
            return d.key();
        } else if (op instanceof IpvsOperation.AddDestination a) {
            return a.service();
        } else if (op instanceof IpvsOperation.EditDestination e) {
            return e.service();
        } else if (op instanceof IpvsOperation.DeleteDestination d) {
            return d.service();
        }
        return null;
    }

    /** One service's state replayed through the operations of a batch, applied ones changing it. */
    private static final class Replay {
        private IpvsService service;
        private final Map<String, IpvsDestination> destinations = new LinkedHashMap<>();

        Replay(DesiredService start) {
            if (start != null) {
                service = start.service();
                for (IpvsDestination d : start.destinations()) {
                    destinations.put(d.endpoint(), d);
                }
            }
        }

        void apply(IpvsOperation op) {
            if (op instanceof IpvsOperation.AddService a) {
                service = a.service();
                destinations.clear();
            } else if (op instanceof IpvsOperation.EditService e) {
                service = e.service();
            } else if (op instanceof IpvsOperation.DeleteService) {
                service = null;
                destinations.clear();
            } else if (op instanceof IpvsOperation.AddDestination a) {
                destinations.put(a.destination().endpoint(), a.destination());
            } else if (op instanceof IpvsOperation.EditDestination e) {
                destinations.put(e.destination().endpoint(), e.destination());
            } else if (op instanceof IpvsOperation.DeleteDestination d) {
                destinations.remove(d.destination().endpoint());
            }
        }

        /**
         * Whether the kernel's refusal of {@code op} with {@code errno} contradicts this state: a missing
         * service (ESRCH) where one is held, an existing object (EEXIST) where none is, a missing destination
         * (ENOENT on a destination edit or delete) where one is. ESRCH for a service whose own add was refused
         * earlier in the batch is no contradiction; neither are EINVAL, ENOMEM, or ENOENT for a scheduler or
         * persistence engine the kernel lacks.
         */
        boolean contradicts(IpvsOperation op, int errno) {
            return switch (errno) {
                case Errno.ESRCH -> service != null;
                case Errno.EEXIST -> op instanceof IpvsOperation.AddService || op instanceof IpvsOperation.AddDestination;
                case Errno.ENOENT -> op instanceof IpvsOperation.EditDestination
                        || op instanceof IpvsOperation.DeleteDestination;
                default -> false;
            };
        }

        DesiredService state() {
            return service == null ? null : new DesiredService(service, List.copyOf(destinations.values()));
        }
    }
}
