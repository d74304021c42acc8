package dev.hadirector.ipvs.reconcile;

import dev.hadirector.api.VirtualServer;
import dev.hadirector.ipvs.BatchResult;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.IpvsException;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kernel's IPVS table equal to a desired set of virtual servers: {@link #apply} computes the minimal
 * changes against what the kernel holds and sends them as one batch; {@link #checkDrift} finds changes made
 * behind its back (an {@code ipvsadm -C}, an edited weight), reports each as a drift event and repairs them.
 *
 * <p>The first apply reads the whole table; later ones read back only the services whose wanted state changed
 * since the kernel last acked it (or whose change it refused), so an edit of a few services in a table of
 * thousands costs a few requests. Repairing what others changed is the drift check's job.
 *
 * <p>Ownership: only services it was asked to manage are touched. Others in the same table (another
 * director's, an operator's) are neither edited nor deleted; a service dropped from the desired set is
 * deleted, once.
 *
 * <p>Not thread-safe: call it from the director's event loop.
 */
public final class IpvsReconciler {
    private static final Logger log = LoggerFactory.getLogger(IpvsReconciler.class);
    /** An apply touching more than 1/8 of the managed services reads the whole table back instead. */
    private static final int INCREMENTAL_SHARE = 8;

    private final IpvsClient client;
    private final Consumer<Difference> driftListener;
    private Map<ServiceKey, DesiredService> desired = new LinkedHashMap<>();
    /** Services wanted before and not any more whose deletion has not succeeded yet. */
    private final Set<ServiceKey> released = new LinkedHashSet<>();
    /**
     * What the kernel held, as far as this reconciler knows, for each service after its last change went
     * through. An apply reads back from the kernel only the services whose wanted state differs from this,
     * so a small edit of a large table costs a few requests instead of a dump of the whole table; changes made
     * behind our back to the others are the drift check's business, which always reads everything.
     */
    private final Map<ServiceKey, DesiredService> confirmed = new LinkedHashMap<>();

    public IpvsReconciler(IpvsClient client, Consumer<Difference> driftListener) {
        this.client = client;
        this.driftListener = driftListener;
    }

    /** Makes the kernel hold exactly {@code virtualServers} among the services this reconciler manages. */
    public ReconcileResult apply(Collection<VirtualServer> virtualServers) {
        List<DesiredService> mapped = new ArrayList<>();
        for (VirtualServer vs : virtualServers) {
            mapped.add(VirtualServerMapping.toDesired(vs));
        }
        return applyDesired(mapped);
    }

    /** As {@link #apply}, in the kernel's terms. */
    public ReconcileResult applyDesired(Collection<DesiredService> services) {
        Map<ServiceKey, DesiredService> next = new LinkedHashMap<>();
        for (DesiredService s : services) {
            if (next.put(s.service().key(), s) != null) {
                throw new IllegalArgumentException("service " + s.service().key() + " is listed twice");
            }
        }
        for (ServiceKey key : desired.keySet()) {
            if (!next.containsKey(key)) {
                released.add(key);
            }
        }
        released.removeAll(next.keySet());
        desired = next;
        return reconcile(false);
    }

    /**
     * Compares the kernel's table with the desired one; every difference is reported to the drift listener
     * and repaired. Nothing differs (and nothing is sent) when no one touched the table.
     */
    public ReconcileResult checkDrift() {
        return reconcile(true);
    }

    /**
     * Runs {@link #checkDrift} every {@code period} on {@code loop}, which must be the single thread that owns
     * this reconciler (the director's event loop). A failing check is logged and the next one runs as planned.
     */
    public ScheduledFuture<?> scheduleDriftChecks(ScheduledExecutorService loop, Duration period) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("drift check period " + period + " out of range: must be positive");
        }
        long millis = period.toMillis();
        return loop.scheduleWithFixedDelay(() -> {
            try {
                checkDrift();
            } catch (RuntimeException e) {
                // A transient kernel or socket failure must not cancel the periodic task.
                log.warn("IPVS drift check failed: {}", e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The services this reconciler manages. */
    public Set<ServiceKey> managed() {
        return Set.copyOf(desired.keySet());
    }

    private ReconcileResult reconcile(boolean drift) {
        Collection<DesiredService> wanted = desired.values();
        IpvsTable table;
        if (drift || confirmed.isEmpty()) {
            table = client.table();
        } else {
            List<DesiredService> changed = new ArrayList<>();
            for (DesiredService d : desired.values()) {
                if (!d.equals(confirmed.get(d.service().key()))) {
                    changed.add(d);
                }
            }
            Set<ServiceKey> touched = new LinkedHashSet<>(released);
            changed.forEach(d -> touched.add(d.service().key()));
            if (touched.isEmpty()) {
                return new ReconcileResult(List.of(), List.of(), List.of());
            }
            // Past this share, one dump of everything is cheaper than two requests per touched service.
            table = touched.size() * INCREMENTAL_SHARE > desired.size() ? client.table() : client.table(touched);
            wanted = changed;
        }
        released.removeIf(key -> table.services().stream().noneMatch(s -> s.service().key().equals(key)));
        ReconcilePlan plan = IpvsDiff.plan(wanted, table, released);
        if (drift) {
            for (Difference d : plan.differences()) {
                log.warn("IPVS drift: {}", d);
                driftListener.accept(d);
            }
        }
        BatchResult batch = plan.empty() ? new BatchResult(List.of(), List.of()) : client.execute(plan.operations());
        for (IpvsOperation op : batch.applied()) {
            if (op instanceof IpvsOperation.DeleteService d) {
                released.remove(d.key());
            }
        }
        Set<ServiceKey> failed = new LinkedHashSet<>();
        for (IpvsException e : batch.failures()) {
            log.warn("IPVS change not applied: {}", e.getMessage());
            ServiceKey key = serviceOf(e.failedOperation());
            if (key != null) {
                failed.add(key);
            }
        }
        for (DesiredService d : wanted) {
            ServiceKey key = d.service().key();
            if (failed.contains(key)) {
                confirmed.remove(key); // read it back next time: the kernel may hold anything in between
            } else {
                confirmed.put(key, d);
            }
        }
        confirmed.keySet().retainAll(desired.keySet());
        return new ReconcileResult(plan.differences(), batch.applied(), batch.failures());
    }

    /** The service an operation changes, or null for table-wide ones. */
    private static ServiceKey serviceOf(IpvsOperation op) {
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
}
