package dev.hadirector.checks.lvs;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.HealthEvent;
import dev.hadirector.checks.RealServerHealthListener;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's checker half, in-process: runs the health checks of every real server of a list of virtual
 * servers, turns their results into the desired IPVS table (see {@link Pool} for the rules) and applies it
 * through a {@link TableWriter} (the IPVS reconciler: minimal diff, one batch).
 *
 * <p>All state lives on one event-loop thread: check results are handed to it, and it coalesces the changes
 * of a burst of results into one table write. A write that fails (the kernel refused an operation, the
 * socket broke) is retried a second later from the kernel's actual table.
 *
 * <p>The director calls {@link #suspend()} when its VRRP instance leaves MASTER and {@link #resume()} when it
 * returns: the checks of ha_suspend virtual servers pause meanwhile, and start afresh (as at startup) on resume.
 */
public final class LoadBalancer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancer.class);
    private static final Duration RETRY_WRITE = Duration.ofSeconds(1);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Default of {@link Builder#writeCoalescing}. */
    public static final Duration DEFAULT_WRITE_COALESCING = Duration.ofMillis(50);

    private final List<Pool> pools = new ArrayList<>();
    private final TableWriter table;
    private final ProgramLauncher programs;
    private final List<LoadBalancerListener> listeners;
    private final ScheduledExecutorService loop;
    private final boolean ownsLoop;
    private final CheckRunner checks;
    private final long coalescingNanos;
    /** Check id (with its run number) -> where its results go. */
    private final Map<String, Slot> slots = new HashMap<>();
    private final Map<Slot, CheckRunner.Running> running = new HashMap<>();
    private final Pool.Changes changes = new ChangeReporter();
    private int runNumber;
    private boolean flushPending;
    /** The director is not master: ha_suspend virtual servers added by {@link #update} start suspended. */
    private boolean suspendRequested;
    private boolean retryPending;
    private boolean closed;
    private volatile List<VirtualServerState> snapshot = List.of();
    private volatile List<VirtualServer> lastTable = List.of();

    private LoadBalancer(Builder b) {
        Set<String> ids = new HashSet<>();
        for (VirtualServer vs : b.virtualServers) {
            if (!ids.add(vs.toString())) {
                throw new IllegalArgumentException("virtual server " + vs + " is listed twice");
            }
            pools.add(new Pool(vs));
        }
        this.table = b.table;
        this.programs = b.programs != null ? b.programs : new ProcessLauncher(b.programTimeout);
        this.listeners = List.copyOf(b.listeners);
        this.coalescingNanos = b.writeCoalescing.toNanos();
        this.ownsLoop = b.loop == null;
        this.loop = b.loop != null ? b.loop : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ha-lvs-loop");
            t.setDaemon(true);
            return t;
        });
        RealServerHealthListener hop = event -> this.loop.execute(() -> onHealthEvent(event));
        this.checks = b.checks.apply(hop);
    }

    /** A load balancer over {@code virtualServers} writing its table to {@code table}. */
    public static Builder builder(List<VirtualServer> virtualServers, TableWriter table) {
        return new Builder(virtualServers, table);
    }

    /** The virtual servers as they are now (health, effective weight and last reason of every real server). */
    public List<VirtualServerState> state() {
        return snapshot;
    }

    /** The table last handed to the writer. */
    public List<VirtualServer> desiredTable() {
        return lastTable;
    }

    /** Pauses the checks of ha_suspend virtual servers (the director is no longer VRRP master). */
    public void suspend() {
        await(loop.submit(() -> {
            suspendRequested = true;
            for (Pool pool : pools) {
                if (pool.spec.policy().haSuspend() && !pool.suspended) {
                    pool.suspended = true;
                    stopChecks(pool);
                    LOG.info("{}: checks suspended (not master)", pool.spec);
                }
            }
            publishState();
        }));
    }

    /** Restarts the checks paused by {@link #suspend()}; each starts from its initial state, as at startup. */
    public void resume() {
        await(loop.submit(() -> {
            suspendRequested = false;
            for (Pool pool : pools) {
                if (pool.suspended) {
                    pool.suspended = false;
                    for (Pool.Member m : pool.members) {
                        for (int i = 0; i < m.states.length; i++) {
                            pool.resetCheck(m, i, changes);
                        }
                    }
                    startChecks(pool);
                    LOG.info("{}: checks resumed", pool.spec);
                }
            }
            publishState();
            requestFlush();
        }));
    }

    private LoadBalancer begin() {
        // Starting 10,000 checks and writing a table of 10,000 real servers took over 30 s in a saturated
        // User-Mode-Linux guest: the start gets longer than the other calls before it is called stuck.
        await(loop.submit(() -> {
            for (Pool pool : pools) {
                pool.start(changes);
                startChecks(pool);
            }
            flush();
        }), START_TIMEOUT);
        return this;
    }

    private void startChecks(Pool pool) {
        runNumber++;
        for (Pool.Member m : pool.members) {
            startChecks(pool, m);
        }
    }

    private void startChecks(Pool pool, Pool.Member m) {
        CheckTarget target = target(pool.spec, m.spec);
        List<HealthCheck> specs = m.spec.checks();
        for (int i = 0; i < specs.size(); i++) {
            String id = pool.spec + " / " + m.spec + " / " + specs.get(i).kind() + " #" + (i + 1) + " run "
                    + runNumber;
            Slot slot = new Slot(pool, m, i);
            slots.put(id, slot);
            running.put(slot, checks.start(id, target, specs.get(i)));
        }
    }

    private static CheckTarget target(VirtualServer vs, RealServer rs) {
        String host = rs.virtualHost() != null ? rs.virtualHost() : vs.policy().virtualHost();
        return new CheckTarget(rs.address(), rs.port(), Optional.ofNullable(host));
    }

    /**
     * Replaces the virtual servers, as a configuration reload does, and writes the resulting table (the
     * writer applies it as a minimal diff: what did not change is not touched). A virtual server whose spec
     * is unchanged keeps everything. One that changed keeps, for each real server whose checks (and check
     * target) are unchanged, its running checks and their current results, so a server that was down stays
     * down until its check says otherwise; its quorum state carries over and is re-evaluated against the new
     * policy (reporting a change if there is one). A new real server, or one whose checks changed, starts as
     * at startup (alpha checks down). Virtual servers that are gone stop their checks and leave the table.
     * Virtual servers are matched by their identity ({@code TCP 10.0.0.1:80}, {@code FWM 1}).
     *
     * @throws IllegalArgumentException for a null entry or a virtual server listed twice; nothing changes
     * @throws IllegalStateException    after {@link #close()}, or when a new check cannot start (the checks
     *                                  started by this call are stopped again and the old set stays)
     */
    public void update(List<VirtualServer> virtualServers) {
        if (virtualServers == null) {
            throw new IllegalArgumentException("virtualServers is null: must be a list (may be empty)");
        }
        Set<String> ids = new HashSet<>();
        for (VirtualServer vs : virtualServers) {
            if (vs == null) {
                throw new IllegalArgumentException("virtualServers holds a null entry");
            }
            if (!ids.add(vs.toString())) {
                throw new IllegalArgumentException("virtual server " + vs + " is listed twice");
            }
        }
        List<VirtualServer> next = List.copyOf(virtualServers);
        await(loop.submit(() -> replacePools(next)));
    }

    private void replacePools(List<VirtualServer> next) {
        if (closed) {
            throw new IllegalStateException("load balancer closed: cannot update its virtual servers");
        }
        Map<String, Pool> previous = new HashMap<>();
        pools.forEach(p -> previous.put(p.spec.toString(), p));
        List<Pool> result = new ArrayList<>(next.size());
        List<Pool> replaced = new ArrayList<>();
        List<Pool> freshPools = new ArrayList<>();
        // Checks of members that take over nothing start now; keep them to stop again if one cannot start.
        List<Slot> startedHere = new ArrayList<>();
        Map<Slot, Slot> rehomed = new HashMap<>();
        runNumber++;
        try {
            for (VirtualServer vs : next) {
                Pool prev = previous.remove(vs.toString());
                if (prev != null && prev.spec.equals(vs)) {
                    result.add(prev);
                    continue;
                }
                Pool fresh = new Pool(vs);
                freshPools.add(fresh);
                if (prev != null) {
                    replaced.add(prev);
                    fresh.inheritQuorum(prev.quorumUp());
                    fresh.suspended = prev.suspended && vs.policy().haSuspend();
                } else {
                    fresh.suspended = suspendRequested && vs.policy().haSuspend();
                }
                for (Pool.Member m : fresh.members) {
                    // A pool leaving suspension has no running checks to carry: its servers start afresh.
                    boolean carry = prev != null && prev.suspended == fresh.suspended;
                    Pool.Member carried = carry ? carriedMember(prev, fresh, m) : null;
                    if (carried != null) {
                        fresh.carryOver(m, carried);
                        for (int i = 0; i < m.states.length; i++) {
                            rehomed.put(new Slot(prev, carried, i), new Slot(fresh, m, i));
                        }
                    } else if (!fresh.suspended) {
                        int before = running.size();
                        startChecks(fresh, m);
                        if (running.size() > before) {
                            for (int i = 0; i < m.states.length; i++) {
                                startedHere.add(new Slot(fresh, m, i));
                            }
                        }
                    }
                }
                result.add(fresh);
            }
        } catch (RuntimeException e) {
            slots.values().removeIf(startedHere::contains);
            for (Slot s : startedHere) {
                CheckRunner.Running r = running.remove(s);
                if (r != null) {
                    r.stop();
                }
            }
            throw new IllegalStateException("virtual servers not updated: " + e.getMessage(), e);
        }
        // From here nothing can fail: re-home the carried checks, stop those of what is gone.
        slots.replaceAll((id, slot) -> rehomed.getOrDefault(slot, slot));
        for (Map.Entry<Slot, Slot> e : rehomed.entrySet()) {
            CheckRunner.Running r = running.remove(e.getKey());
            if (r != null) {
                running.put(e.getValue(), r);
            }
        }
        previous.values().forEach(this::stopChecks); // removed virtual servers
        replaced.forEach(this::stopChecks);          // what was not re-homed of the replaced ones
        pools.clear();
        pools.addAll(result);
        // A changed virtual server settles its quorum under its new policy (a loss or regain is reported).
        freshPools.forEach(p -> p.start(changes));
        LOG.info("virtual servers updated: {} unchanged, {} changed, {} removed, {} new",
                result.size() - freshPools.size(), replaced.size(), previous.size(),
                freshPools.size() - replaced.size());
        flush();
    }

    /** The member of {@code prev} that {@code m} continues: same server, same checks, same check target. */
    private static Pool.Member carriedMember(Pool prev, Pool fresh, Pool.Member m) {
        for (Pool.Member pm : prev.members) {
            if (pm.spec.address().equals(m.spec.address()) && pm.spec.port() == m.spec.port()
                    && pm.spec.checks().equals(m.spec.checks())
                    && target(prev.spec, pm.spec).equals(target(fresh.spec, m.spec))) {
                return pm;
            }
        }
        return null;
    }

    private void stopChecks(Pool pool) {
        slots.values().removeIf(s -> s.pool == pool);
        running.entrySet().removeIf(e -> {
            if (e.getKey().pool == pool) {
                e.getValue().stop();
                return true;
            }
            return false;
        });
    }

    private void onHealthEvent(HealthEvent event) {
        Slot slot = slots.get(event.checkId());
        if (slot == null || closed) {
            return; // a result of a check stopped meanwhile
        }
        slot.pool.onCheck(slot.member, slot.check, event.to(), event.weight(), event.reason(), changes);
        requestFlush();
    }

    /**
     * Writes the table once the results of the coalescing window are in: a burst of changes (a switch going
     * down takes many real servers with it, a loaded machine makes checks flap) costs one table build and one
     * reconciler apply instead of one per result.
     */
    private void requestFlush() {
        if (!flushPending) {
            flushPending = true;
            if (coalescingNanos == 0) {
                loop.execute(this::flush);
            } else {
                loop.schedule(this::flush, coalescingNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void flush() {
        flushPending = false;
        publishState();
        if (closed) {
            return;
        }
        List<VirtualServer> desired = new ArrayList<>(pools.size());
        for (Pool pool : pools) {
            try {
                pool.lastEntry = pool.tableEntry();
            } catch (RuntimeException e) {
                // Cannot happen for a spec that validated; keep what the table had rather than delete the service.
                LOG.error("{}: cannot build its table entry; keeping the previous one", pool.spec, e);
            }
            if (pool.lastEntry != null) {
                desired.add(pool.lastEntry);
            }
        }
        lastTable = List.copyOf(desired);
        write(desired);
    }

    private void write(List<VirtualServer> desired) {
        try {
            ReconcileResult result = table.apply(desired);
            if (result != null && !result.ok()) {
                LOG.warn("IPVS table not fully applied, retrying in {}: {}", RETRY_WRITE, result.summary());
                scheduleRetry();
            }
        } catch (RuntimeException e) {
            LOG.warn("IPVS table write failed, retrying in {}: {}", RETRY_WRITE, e.toString());
            scheduleRetry();
        }
    }

    private void scheduleRetry() {
        if (!retryPending && !closed) {
            retryPending = true;
            loop.schedule(() -> {
                retryPending = false;
                flush();
            }, RETRY_WRITE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void publishState() {
        List<VirtualServerState> s = new ArrayList<>(pools.size());
        for (Pool pool : pools) {
            s.add(pool.state());
        }
        snapshot = List.copyOf(s);
    }

    /**
     * Stops the checks, runs the omega notifiers (quorum_down and the down notifiers of live real servers of
     * omega virtual servers), and withdraws the virtual servers from the table.
     */
    @Override
    public void close() {
        try {
            await(loop.submit(() -> {
                if (closed) {
                    return;
                }
                closed = true;
                for (Pool pool : pools) {
                    stopChecks(pool);
                    if (pool.spec.policy().omega()) {
                        for (Pool.Member m : pool.members) {
                            if (m.up()) {
                                programs.launch(m.spec.notifyDown(), pool.spec + " / " + m.spec + " notify_down (omega)");
                            }
                        }
                        if (pool.quorumUp()) {
                            programs.launch(pool.spec.policy().quorumDown(), pool.spec + " quorum_down (omega)");
                        }
                    }
                }
                lastTable = List.of();
                write(List.of());
            }));
        } finally {
            checks.close();
            programs.close();
            if (ownsLoop) {
                loop.shutdownNow();
            }
        }
    }

    private static void await(Future<?> f) {
        await(f, CALL_TIMEOUT);
    }

    private static void await(Future<?> f, Duration timeout) {
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("load balancer event loop did not answer within " + timeout.toSeconds() + " s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the load balancer event loop", e);
        }
    }

    private record Slot(Pool pool, Pool.Member member, int check) {
        // identity semantics: two slots are the same check of the same member object
        @Override
        public boolean equals(Object o) {
            return o instanceof Slot s && s.pool == pool && s.member == member && s.check == check;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(member) * 31 + check;
        }
    }

    /** Turns pool changes into notify programs and listener calls. */
    private final class ChangeReporter implements Pool.Changes {
        @Override
        public void realServerChanged(Pool pool, Pool.Member member) {
            boolean up = member.up();
            int weight = Math.max(pool.tableWeight(member), 0);
            LOG.info("{} / {}: {} ({})", pool.spec, member.spec, up ? "UP" : "DOWN", member.lastReason);
            programs.launch(up ? member.spec.notifyUp() : member.spec.notifyDown(),
                    pool.spec + " / " + member.spec + (up ? " notify_up" : " notify_down"));
            var event = new LoadBalancerListener.RealServerEvent(pool.spec, member.spec, up, weight, member.lastReason);
            for (LoadBalancerListener l : listeners) {
                try {
                    if (up) {
                        l.onRealServerUp(event);
                    } else {
                        l.onRealServerDown(event);
                    }
                } catch (RuntimeException e) {
                    LOG.error("load balancer listener failed on {}", event, e);
                }
            }
        }

        @Override
        public void quorumChanged(Pool pool) {
            boolean up = pool.quorumUp();
            var policy = pool.spec.policy();
            LOG.info("{}: quorum {} (live weight {}, quorum {}, hysteresis {})", pool.spec, up ? "regained" : "lost",
                    pool.liveWeight(), policy.quorum(), policy.hysteresis());
            programs.launch(up ? policy.quorumUp() : policy.quorumDown(),
                    pool.spec + (up ? " quorum_up" : " quorum_down"));
            var event = new LoadBalancerListener.QuorumEvent(pool.spec, up, pool.liveWeight(), policy.quorum(),
                    policy.hysteresis());
            for (LoadBalancerListener l : listeners) {
                try {
                    if (up) {
                        l.onQuorumRegained(event);
                    } else {
                        l.onQuorumLost(event);
                    }
                } catch (RuntimeException e) {
                    LOG.error("load balancer listener failed on {}", event, e);
                }
            }
        }
    }

    /** Options of the load balancer. */
    public static final class Builder {
        private final List<VirtualServer> virtualServers;
        private final TableWriter table;
        private Function<RealServerHealthListener, CheckRunner> checks = CheckRunner.healthChecks(b -> { });
        private ProgramLauncher programs;
        private Duration programTimeout = Duration.ofSeconds(30);
        private final List<LoadBalancerListener> listeners = new ArrayList<>();
        private ScheduledExecutorService loop;
        private Duration writeCoalescing = DEFAULT_WRITE_COALESCING;

        private Builder(List<VirtualServer> virtualServers, TableWriter table) {
            if (virtualServers == null) {
                throw new IllegalArgumentException("virtualServers is null: must be a list (may be empty)");
            }
            for (VirtualServer vs : virtualServers) {
                if (vs == null) {
                    throw new IllegalArgumentException("virtualServers holds a null entry");
                }
            }
            this.virtualServers = List.copyOf(virtualServers);
            this.table = Objects.requireNonNull(table, "table");
        }

        /** How checks run (default: a {@code HealthChecks} runtime with one I/O thread). */
        public Builder checks(Function<RealServerHealthListener, CheckRunner> checks) {
            this.checks = Objects.requireNonNull(checks, "checks");
            return this;
        }

        /**
         * How long after a change the table is written, so the changes of that window go in one write (default
         * {@link #DEFAULT_WRITE_COALESCING}); zero writes right after the results already queued. Listeners and
         * notify programs are not delayed.
         */
        public Builder writeCoalescing(Duration window) {
            if (window == null || window.isNegative() || window.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("writeCoalescing " + window + " out of range: must be 0..10 s");
            }
            this.writeCoalescing = window;
            return this;
        }

        /** Who runs the notify programs (default: child processes killed after {@link #programTimeout}). */
        public Builder programs(ProgramLauncher programs) {
            this.programs = Objects.requireNonNull(programs, "programs");
            return this;
        }

        /** How long a notify program may run before it is killed (default 30 s). */
        public Builder programTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("programTimeout " + timeout + " out of range: must be positive");
            }
            this.programTimeout = timeout;
            return this;
        }

        /** Hears every real server and quorum change. */
        public Builder listener(LoadBalancerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Hears the changes of one virtual server only (matched by its identity, e.g. {@code TCP 10.0.0.1:80}). */
        public Builder listener(VirtualServer virtualServer, LoadBalancerListener listener) {
            String id = virtualServer.toString();
            return listener(new Filtered(listener, vs -> vs.toString().equals(id), rs -> true, true));
        }

        /** Hears the up/down changes of one real server of one virtual server only (no quorum events). */
        public Builder listener(VirtualServer virtualServer, RealServer realServer, LoadBalancerListener listener) {
            String vsId = virtualServer.toString();
            String rsId = realServer.toString();
            return listener(new Filtered(listener, vs -> vs.toString().equals(vsId),
                    rs -> rs.toString().equals(rsId), false));
        }

        /** The event loop to run on (it must be single-threaded); default: the load balancer's own thread. */
        public Builder eventLoop(ScheduledExecutorService loop) {
            this.loop = Objects.requireNonNull(loop, "loop");
            return this;
        }

        /** Starts the checks and writes the first table (every real server up, alpha ones down). */
        public LoadBalancer start() {
            LoadBalancer lb = new LoadBalancer(this);
            try {
                return lb.begin();
            } catch (RuntimeException e) {
                // a check that cannot start (e.g. PING_CHECK without ICMP sockets): release the threads
                lb.close();
                throw e;
            }
        }
    }

    private record Filtered(LoadBalancerListener delegate, java.util.function.Predicate<VirtualServer> vs,
                            java.util.function.Predicate<RealServer> rs, boolean quorum)
            implements LoadBalancerListener {
        @Override
        public void onRealServerUp(RealServerEvent event) {
            if (vs.test(event.virtualServer()) && rs.test(event.realServer())) {
                delegate.onRealServerUp(event);
            }
        }

        @Override
        public void onRealServerDown(RealServerEvent event) {
            if (vs.test(event.virtualServer()) && rs.test(event.realServer())) {
                delegate.onRealServerDown(event);
            }
        }

        @Override
        public void onQuorumLost(QuorumEvent event) {
            if (quorum && vs.test(event.virtualServer())) {
                delegate.onQuorumLost(event);
            }
        }

        @Override
        public void onQuorumRegained(QuorumEvent event) {
            if (quorum && vs.test(event.virtualServer())) {
                delegate.onQuorumRegained(event);
            }
        }
    }
}
