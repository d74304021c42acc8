package dev.hadirector.ipvs.reconcile;

import dev.hadirector.api.VirtualServer;
import dev.hadirector.ipvs.BatchResult;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.IpvsException;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsTable;
import dev.hadirector.kernel.KernelException;
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
 * changes and sends them as one batch; {@link #checkDrift} reads the whole table, finds changes made behind its
 * back (an {@code ipvsadm -C}, an edited weight), reports each as a drift event and repairs them.
 *
 * <p>The first apply reads what the kernel holds; later ones diff against what the reconciler remembers the
 * kernel holds (learnt from that read and kept up to date from the kernel's acks) and read nothing, so an edit
 * of a few services in a table of thousands costs one batch of a few messages. If the kernel refuses a change
 * because the table drifted from that memory (EEXIST, ENOENT, ESRCH where the memory says otherwise), the
 * apply reads back just the services concerned, reports how they differ from the wanted state as drift events,
 * and sends what repairs them. Drift on services an apply does not touch is the drift check's to find.
 *
 * <p>Ownership: only services it was asked to manage are touched. Others in the same table (another
 * director's, an operator's) are neither edited nor deleted; a service dropped from the desired set is
 * deleted, once.
 *
 * <p>Not thread-safe: call it from the director's event loop.
 */
public final class IpvsReconciler {
    /** Reading more than 1/8 of the managed services one by one costs more than one dump of the whole table. */
    private static final int INCREMENTAL_SHARE = 8;

    private final IpvsClient client;
    private final Consumer<Difference> driftListener;
    private Map<ServiceKey, DesiredService> desired = new LinkedHashMap<>();
    /** Services wanted before and not any more whose deletion has not succeeded yet. */
    private final Set<ServiceKey> released = new LinkedHashSet<>();
    /** What the kernel holds for the managed services, learnt from reads and kept up to date from acks. */
    private final RememberedTable memory = new RememberedTable();

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
                Log.LOG.warn("IPVS drift check failed: {}", e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The services this reconciler manages. */
    public Set<ServiceKey> managed() {
        return Set.copyOf(desired.keySet());
    }

    private ReconcileResult reconcile(boolean drift) {
        Set<ServiceKey> managed = new LinkedHashSet<>(desired.keySet());
        managed.addAll(released);
        memory.retain(managed);
        Collection<DesiredService> wanted;
        if (drift) {
            memory.learn(managed, client.table());
            wanted = desired.values();
        } else {
            List<ServiceKey> unknown = new ArrayList<>();
            for (ServiceKey key : managed) {
                if (memory.unknown(key)) {
                    unknown.add(key);
                }
            }
            if (!unknown.isEmpty()) {
                // Past this share, one dump of everything is cheaper than two requests per unknown service.
                memory.learn(unknown, unknown.size() * INCREMENTAL_SHARE > desired.size() ? client.table()
                        : client.table(unknown));
            }
            wanted = new ArrayList<>();
            for (DesiredService d : desired.values()) {
                if (!d.equals(memory.held(d.service().key()))) {
                    wanted.add(d);
                }
            }
        }
        released.removeIf(key -> memory.held(key) == null);
        if (wanted.isEmpty() && released.isEmpty()) {
            return new ReconcileResult(List.of(), List.of(), List.of());
        }
        ReconcilePlan plan = IpvsDiff.plan(wanted, memory::held, released);
        if (drift) {
            reportDrift(plan.differences());
        }
        List<Difference> differences = new ArrayList<>(plan.differences());
        List<IpvsOperation> applied = new ArrayList<>();
        List<IpvsException> failed = new ArrayList<>();
        Set<ServiceKey> drifted = send(plan, wanted, applied, failed);
        if (!drifted.isEmpty()) {
            // The kernel refused changes because someone changed these services behind our back: read them,
            // report how they differ from what is wanted, and send what repairs them. A refusal again (a
            // concurrent change) is reported as failed; they stay unknown and the next apply reads them.
            IpvsTable actual;
            try {
                actual = client.table(drifted);
            } catch (KernelException e) {
                // The refusals stand as the result; the services stay unknown and the next apply reads them.
                Log.LOG.warn("IPVS services changed behind our back could not be read back: {}", e.toString());
                return finish(differences, applied, failed);
            }
            failed.removeIf(e -> drifted.contains(RememberedTable.serviceOf(e.failedOperation())));
            memory.learn(drifted, actual);
            List<DesiredService> repairWanted = new ArrayList<>();
            for (ServiceKey key : drifted) {
                DesiredService d = desired.get(key);
                if (d != null) {
                    repairWanted.add(d);
                }
            }
            Set<ServiceKey> repairReleased = new LinkedHashSet<>(released);
            repairReleased.retainAll(drifted);
            ReconcilePlan repair = IpvsDiff.plan(repairWanted, memory::held, repairReleased);
            reportDrift(repair.differences());
            differences.addAll(repair.differences());
            Set<ServiceKey> stillDrifting = send(repair, repairWanted, applied, failed);
            if (!stillDrifting.isEmpty()) {
                Log.LOG.warn("IPVS services changed again while being repaired, read again next apply: {}",
                        stillDrifting);
            }
        }
        return finish(differences, applied, failed);
    }

    private ReconcileResult finish(List<Difference> differences, List<IpvsOperation> applied,
                                   List<IpvsException> failed) {
        released.removeIf(key -> !memory.unknown(key) && memory.held(key) == null);
        for (IpvsException e : failed) {
            Log.LOG.warn("IPVS change not applied: {}", e.getMessage());
        }
        return new ReconcileResult(differences, applied, failed);
    }

    /**
     * Sends {@code plan} as one batch and records the outcome; returns the services whose refusals show a
     * change made behind our back. When the batch itself is lost (a socket error) nothing is known of what
     * the kernel did, so everything is read again next time.
     */
    private Set<ServiceKey> send(ReconcilePlan plan, Collection<DesiredService> wanted, List<IpvsOperation> applied,
                                 List<IpvsException> failed) {
        BatchResult batch;
        try {
            batch = client.execute(plan.operations());
        } catch (RuntimeException e) {
            memory.forgetAll();
            throw e;
        }
        applied.addAll(batch.applied());
        failed.addAll(batch.failures());
        return memory.record(wanted, plan.operations(), batch);
    }

    private void reportDrift(List<Difference> differences) {
        for (Difference d : differences) {
            Log.LOG.warn("IPVS drift: {}", d);
            driftListener.accept(d);
        }
    }

    /** Created on first use: an apply that has nothing to warn about (a command-line one) starts no logging. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(IpvsReconciler.class);
    }
}
