package dev.hadirector;

import dev.hadirector.api.ConnectionSync;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpState;
import dev.hadirector.checks.HealthState;
import dev.hadirector.checks.lvs.LoadBalancer;
import dev.hadirector.checks.lvs.LoadBalancerListener;
import dev.hadirector.checks.lvs.RealServerState;
import dev.hadirector.checks.lvs.VirtualServerState;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.IpvsDestinationEntry;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.IpvsTable;
import dev.hadirector.ipvs.reconcile.IpvsReconciler;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import dev.hadirector.ipvs.reconcile.VirtualServerMapping;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.vrrp.SyncGroup;
import dev.hadirector.vrrp.VrrpRouter;
import dev.hadirector.vrrp.kernel.LinkWatcher;
import dev.hadirector.vrrp.time.RealEventLoop;
import dev.hadirector.vrrp.track.ProcessScriptRunner;
import dev.hadirector.vrrp.track.Trackers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running high-availability director: VRRP instances (with their sockets, virtual addresses, announcements,
 * interface and script trackers, sync groups) and the IPVS virtual servers, all owned by one event-loop
 * thread. Build one with {@link #builder()}; {@link #close()} stops it gracefully.
 *
 * <p>As with keepalived, the IPVS table is programmed on master and backup alike (so a backup that takes
 * over forwards at once), driven by the health checks of the real servers (ha-checks' LoadBalancer, which
 * runs the checks on its own threads and hands its events to this loop); only the virtual addresses follow
 * the VRRP state, and the checks of {@code ha_suspend} virtual servers pause while no instance is master. {@link #close()} sends a
 * priority-0 advert for every master, removes the virtual addresses and removes the IPVS services this
 * director added (and no others).
 *
 * <p>With a {@link ConnectionSync} (keepalived's {@code lvs_sync_daemon}) the kernel's connection sync daemon follows
 * the named instance, so established connections survive a failover. Several directors may share one namespace:
 * closing one leaves the others their namespace thread.
 */
public final class Director implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Director.class);
    private static final Duration LOOP_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Optional<String> namespaceName;
    private final NetNamespace namespace;
    private final RealEventLoop loop;
    private final ProcessScriptRunner scripts;
    private final Map<String, VrrpInstanceRuntime> instances;
    private final Map<String, VrrpHandle> handles;
    private final List<VirtualServer> virtualServers;
    private final List<DirectorListener> listeners;
    private final List<VrrpSyncGroup> syncGroups;
    /** Written only by the load balancer's loop (through the reconciler). */
    private final IpvsClient ipvs;
    /** Read only on the director's loop, for the counters of {@link #virtualServers()}. */
    private final IpvsClient ipvsReader;
    private final IpvsReconciler reconciler;
    private LoadBalancer loadBalancer;
    /** Hands ha_suspend pauses to the load balancer without holding up the VRRP loop; in order. */
    private final ExecutorService suspender;
    private boolean checksSuspended;
    private LinkWatcher linkWatcher;
    /** keepalived's lvs_sync_daemon, when configured; switched on the loop. */
    private ConnectionSyncDaemons connectionSync;
    private final Object closeLock = new Object();
    private boolean closed;

    private Director(Builder b, NetNamespace namespace, RealEventLoop loop, ProcessScriptRunner scripts,
                     Map<String, VrrpInstanceRuntime> instances, IpvsClient ipvs, IpvsClient ipvsReader) {
        this.namespaceName = Optional.ofNullable(b.namespace);
        this.namespace = namespace;
        this.loop = loop;
        this.scripts = scripts;
        this.instances = instances;
        Map<String, VrrpHandle> h = new LinkedHashMap<>();
        instances.forEach((name, rt) -> h.put(name, new VrrpHandle(rt.router)));
        this.handles = Map.copyOf(h);
        this.virtualServers = List.copyOf(b.virtualServers);
        this.listeners = List.copyOf(b.listeners);
        this.syncGroups = List.copyOf(b.syncGroups);
        this.ipvs = ipvs;
        this.ipvsReader = ipvsReader;
        this.suspender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "director-ha-suspend");
            t.setDaemon(true);
            return t;
        });
        this.reconciler = ipvs == null ? null : new IpvsReconciler(ipvs,
                d -> LOG.warn("IPVS table changed behind the director's back, repaired: {}", d));
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- live state

    /** The live handle of a VRRP instance. */
    public VrrpHandle vrrp(String instance) {
        VrrpHandle h = handles.get(instance);
        if (h == null) {
            throw new IllegalArgumentException("VRRP instance " + instance + " unknown: this director runs "
                    + handles.keySet());
        }
        return h;
    }

    /** Every VRRP instance's live handle, in configuration order. */
    public List<VrrpHandle> vrrpInstances() {
        return instances.keySet().stream().map(handles::get).toList();
    }

    /** The namespace the director runs in, if one was given. */
    public Optional<String> namespace() {
        return namespaceName;
    }

    /** Every virtual server with each real server's health, table weight and IPVS counters, read now. */
    public List<VirtualServerStatus> virtualServers() {
        if (virtualServers.isEmpty()) {
            return List.of();
        }
        IpvsTable table = onLoop(ipvsReader::table);
        Map<String, VirtualServerState> states = new LinkedHashMap<>();
        if (loadBalancer != null) {
            loadBalancer.state().forEach(st -> states.put(st.spec().toString(), st));
        }
        List<VirtualServerStatus> out = new ArrayList<>();
        for (VirtualServer vs : virtualServers) {
            ServiceKey key = VirtualServerMapping.toDesired(vs).service().key();
            Optional<IpvsTable.Service> service = table.services().stream()
                    .filter(s -> s.service().key().equals(key)).findFirst();
            Optional<VirtualServerState> state = Optional.ofNullable(states.get(vs.toString()));
            List<RealServerStatus> reals = new ArrayList<>();
            for (RealServer rs : vs.realServers()) {
                Optional<IpvsDestinationEntry> d = service.flatMap(s -> s.destinations().stream()
                        .filter(e -> e.destination().address().equals(rs.address())
                                && e.destination().port() == rs.port())
                        .findFirst());
                Optional<RealServerState> rsState = state.flatMap(st -> st.realServers().stream()
                        .filter(r -> r.spec().address().equals(rs.address()) && r.spec().port() == rs.port())
                        .findFirst());
                RealServerStatus.Health health = rs.checks().isEmpty() ? RealServerStatus.Health.UNCHECKED
                        : rsState.map(r -> r.health() == HealthState.UP ? RealServerStatus.Health.UP
                                : RealServerStatus.Health.DOWN).orElse(RealServerStatus.Health.UNCHECKED);
                reals.add(new RealServerStatus(rs, health, d.isPresent(),
                        d.map(e -> e.destination().weight()).orElse(0),
                        d.map(IpvsDestinationEntry::activeConnections).orElse(0),
                        d.map(IpvsDestinationEntry::inactiveConnections).orElse(0),
                        d.map(e -> e.stats().connections()).orElse(0L),
                        d.map(e -> e.stats().inBytes()).orElse(0L),
                        d.map(e -> e.stats().outBytes()).orElse(0L)));
            }
            out.add(new VirtualServerStatus(vs, service.isPresent(),
                    service.map(s -> s.entry().stats().connections()).orElse(0L), reals));
        }
        return out;
    }

    /** The live state as a JSON object: the VRRP instances and the virtual servers. */
    public String snapshotJson() {
        List<VirtualServerStatus> vs = virtualServers();
        return SnapshotJson.write(namespaceName, vrrpInstances(), vs);
    }

    // ---------------------------------------------------------------- lifecycle

    private void start() {
        List<Trackers> trackers = instances.values().stream().map(rt -> rt.trackers).toList();
        for (VrrpInstanceRuntime rt : instances.values()) {
            rt.router.addListener(this::dispatch);
        }
        if (reconciler != null) {
            startLoadBalancer();
        }
        onLoop(() -> {
            Map<String, VrrpRouter> routers = new LinkedHashMap<>();
            instances.forEach((name, rt) -> routers.put(name, rt.router));
            for (VrrpSyncGroup g : syncGroups) {
                new SyncGroup(g, routers);
            }
            return null;
        });
        // The watcher reports the links' current state onto the loop before the routers start, so an instance
        // whose interface is down enters FAULT instead of becoming master first.
        linkWatcher = LinkWatcher.start(namespace, loop, trackers);
        if (connectionSync != null) {
            connectionSync.start();
        }
        for (VrrpInstanceRuntime rt : instances.values()) {
            rt.startReceiving(loop);
        }
        onLoop(() -> {
            for (VrrpInstanceRuntime rt : instances.values()) {
                rt.trackers.start();
                rt.router.start();
            }
            return null;
        });
    }

    /**
     * The IPVS table is programmed on master and backup alike, as keepalived's checker does; health checks
     * drive it. The load balancer (and so its check threads) is created on the namespace's thread, so its
     * sockets and check programs live in the director's namespace.
     */
    private void startLoadBalancer() {
        LoadBalancer.Builder b = LoadBalancer.builder(virtualServers, desired -> {
            ReconcileResult r = reconciler.apply(desired);
            if (!r.ok()) {
                LOG.error("IPVS table not fully programmed: {}", r.summary());
            }
            return r;
        }).listener(new LoadBalancerListener() {
            @Override
            public void onRealServerUp(RealServerEvent event) {
                loop.execute(() -> each(l -> l.realServerUp(event)));
            }

            @Override
            public void onRealServerDown(RealServerEvent event) {
                loop.execute(() -> each(l -> l.realServerDown(event)));
            }

            @Override
            public void onQuorumLost(QuorumEvent event) {
                loop.execute(() -> each(l -> l.quorumLost(event)));
            }

            @Override
            public void onQuorumRegained(QuorumEvent event) {
                loop.execute(() -> each(l -> l.quorumRegained(event)));
            }
        });
        loadBalancer = namespace == null ? b.start() : namespace.call(b::start);
        if (!instances.isEmpty()) {
            // Not master yet: ha_suspend virtual servers wait for the first MASTER transition.
            checksSuspended = true;
            LoadBalancer lb = loadBalancer;
            suspender.execute(lb::suspend);
        }
    }

    private void each(java.util.function.Consumer<DirectorListener> event) {
        for (DirectorListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.error("director listener {} failed", l, e);
            }
        }
    }

    /** keepalived's ha_suspend: checks run while any instance of this director is MASTER. */
    private void followVrrpForChecks() {
        if (loadBalancer == null || instances.isEmpty()) {
            return;
        }
        boolean master = instances.values().stream().anyMatch(rt -> rt.router.state() == VrrpState.MASTER);
        if (master == !checksSuspended) {
            return;
        }
        checksSuspended = !master;
        LoadBalancer lb = loadBalancer;
        suspender.execute(master ? lb::resume : lb::suspend);
    }

    private void dispatch(VrrpTransition t) {
        followVrrpForChecks();
        if (connectionSync != null) {
            connectionSync.follow(t);
        }
        for (DirectorListener l : listeners) {
            try {
                l.onTransition(t);
                switch (t.to()) {
                    case MASTER -> l.becameMaster(t);
                    case BACKUP -> l.becameBackup(t);
                    case FAULT -> l.enteredFault(t);
                    case INITIALIZE -> l.stopped(t);
                }
            } catch (RuntimeException e) {
                LOG.error("director listener {} failed on {}", l, t, e);
            }
        }
    }

    /**
     * Stops gracefully: every master sends a priority-0 advert so a backup takes over at once, the virtual
     * addresses are removed, the IPVS services this director added are removed, then every socket and thread
     * is released. Calling it again does nothing. Called from a listener (on the event loop), it returns at
     * once and the stop runs on another thread right after.
     */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            // From a listener: the stop needs the loop to run, so it happens on another thread once the
            // listener returns.
            Thread stopper = new Thread(this::close, "director-close");
            stopper.setDaemon(false);
            stopper.start();
            return;
        }
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            onLoop(() -> {
                for (VrrpInstanceRuntime rt : instances.values()) {
                    rt.trackers.stop();
                    rt.router.stop();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("graceful stop failed", e);
        }
        suspender.shutdown();
        if (loadBalancer != null) {
            try {
                // stops the checks and withdraws the virtual servers this director added from the table
                loadBalancer.close();
                ReconcileResult r = reconciler.apply(List.of());
                if (!r.ok()) {
                    LOG.error("removing the director's IPVS services failed: {}", r.summary());
                }
            } catch (RuntimeException e) {
                LOG.error("removing the director's IPVS services failed", e);
            }
        }
        release();
    }

    private void release() {
        List<AutoCloseable> all = new ArrayList<>();
        if (connectionSync != null) {
            all.add(connectionSync);
        }
        if (linkWatcher != null) {
            all.add(linkWatcher);
        }
        all.addAll(instances.values());
        if (ipvs != null) {
            all.add(ipvs);
        }
        if (ipvsReader != null) {
            all.add(ipvsReader);
        }
        all.add(scripts);
        all.add(loop);
        if (namespace != null) {
            all.add(() -> SharedNamespaces.release(namespace));
        }
        VrrpInstanceRuntime.closeAll(all);
    }

    private <T> T onLoop(Supplier<T> action) {
        if (loop.inEventLoop()) {
            return action.get();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(LOOP_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the director's event loop", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the director's event loop did not answer within " + LOOP_CALL_TIMEOUT);
        }
    }

    @Override
    public String toString() {
        return "Director" + namespaceName.map(n -> " in " + n).orElse("") + " " + handles.values();
    }

    // ---------------------------------------------------------------- builder

    /** Collects the parts of a director; {@link #start()} validates them together and starts it. */
    public static final class Builder {
        private String namespace;
        private final List<VrrpInstance> instances = new ArrayList<>();
        private final List<VrrpSyncGroup> syncGroups = new ArrayList<>();
        private final List<VirtualServer> virtualServers = new ArrayList<>();
        private final List<DirectorListener> listeners = new ArrayList<>();
        private final List<ConnectionSync> connectionSyncs = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();

        private Builder() {
        }

        /** Runs every socket, address and IPVS call inside {@code /run/netns/NAME}; default: the JVM's own. */
        public Builder namespace(String name) {
            this.namespace = Objects.requireNonNull(name, "namespace");
            return this;
        }

        public Builder vrrp(VrrpInstance instance) {
            instances.add(Objects.requireNonNull(instance, "vrrp"));
            return this;
        }

        /** Builds the instance now; its problems are reported by {@link #start()} together with the others. */
        public Builder vrrp(VrrpInstance.Builder instance) {
            Objects.requireNonNull(instance, "vrrp");
            try {
                instances.add(instance.build());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            return this;
        }

        public Builder syncGroup(VrrpSyncGroup group) {
            syncGroups.add(Objects.requireNonNull(group, "syncGroup"));
            return this;
        }

        public Builder virtualServer(VirtualServer virtualServer) {
            virtualServers.add(Objects.requireNonNull(virtualServer, "virtualServer"));
            return this;
        }

        public Builder virtualServer(VirtualServer.Builder virtualServer) {
            Objects.requireNonNull(virtualServer, "virtualServer");
            try {
                virtualServers.add(virtualServer.build());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            return this;
        }

        /** Runs the IPVS connection sync daemon (keepalived's {@code lvs_sync_daemon}); at most one. */
        public Builder connectionSync(ConnectionSync sync) {
            connectionSyncs.add(Objects.requireNonNull(sync, "connectionSync"));
            return this;
        }

        /** Builds the spec now; its problems are reported by {@link #start()} together with the others. */
        public Builder connectionSync(ConnectionSync.Builder sync) {
            Objects.requireNonNull(sync, "connectionSync");
            try {
                connectionSyncs.add(sync.build());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            return this;
        }

        public Builder listener(DirectorListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Adds everything a keepalived.conf describes that the director runs: VRRP instances (with their
         * scripts and notify programs), sync groups and virtual servers (with their checks).
         *
         * @throws dev.hadirector.config.ConfigException ({@code file:line: problem}, every problem listed)
         *         when it cannot be read, is invalid, or uses a keyword this version does not run
         */
        public Builder config(Path keepalivedConf) throws dev.hadirector.config.ConfigException {
            KeepalivedConfig.applyTo(keepalivedConf, this);
            return this;
        }

        /** As {@link #config(Path)}, for a configuration already read (the CLI reads it with its own options). */
        public Builder config(dev.hadirector.config.ConfigTree keepalivedConf)
                throws dev.hadirector.config.ConfigException {
            KeepalivedConfig.applyTo(keepalivedConf, this);
            return this;
        }

        /** The specs gathered so far (for tools that only check a configuration). */
        public List<VrrpInstance> vrrpInstances() {
            return List.copyOf(instances);
        }

        public List<VrrpSyncGroup> syncGroups() {
            return List.copyOf(syncGroups);
        }

        public List<VirtualServer> virtualServers() {
            return List.copyOf(virtualServers);
        }

        public Optional<ConnectionSync> connectionSync() {
            return connectionSyncs.stream().findFirst();
        }

        /** Every problem of the parts taken together, each with its field, value and rule; empty when valid. */
        public List<String> problems() {
            List<String> p = new ArrayList<>(problems);
            Map<String, VrrpInstance> byName = new LinkedHashMap<>();
            Map<String, String> vrids = new LinkedHashMap<>();
            for (VrrpInstance i : instances) {
                if (byName.put(i.name(), i) != null) {
                    p.add("VRRP instance " + i.name() + " listed twice: instance names must be unique");
                }
                String vridKey = i.iface() + "/" + (i.ipv6() ? "IPv6" : "IPv4") + "/" + i.virtualRouterId();
                String other = vrids.put(vridKey, i.name());
                if (other != null && !other.equals(i.name())) {
                    p.add("VRRP instance " + i.name() + ": virtualRouterId " + i.virtualRouterId()
                            + " already used by instance " + other + " on " + i.iface()
                            + ": a VRID is unique per interface and address family");
                }
            }
            Map<String, String> groupOf = new LinkedHashMap<>();
            for (VrrpSyncGroup g : syncGroups) {
                for (String m : g.members()) {
                    if (!byName.containsKey(m)) {
                        p.add("sync group " + g.name() + ": member " + m + " unknown: no VRRP instance has that name");
                    }
                    String other = groupOf.put(m, g.name());
                    if (other != null) {
                        p.add("sync group " + g.name() + ": member " + m + " already in sync group " + other
                                + ": an instance belongs to at most one group");
                    }
                }
            }
            Map<String, Boolean> services = new LinkedHashMap<>();
            for (VirtualServer vs : virtualServers) {
                String key = VirtualServerMapping.toDesired(vs).service().key().toString();
                if (services.put(key, true) != null) {
                    p.add("virtual server " + key + " listed twice");
                }
            }
            if (connectionSyncs.size() > 1) {
                p.add("connection sync configured " + connectionSyncs.size()
                        + " times: the kernel runs one master and one backup sync daemon per namespace");
            }
            for (ConnectionSync sync : connectionSyncs) {
                sync.instance().filter(i -> !byName.containsKey(i)).ifPresent(i -> p.add("connection sync on "
                        + sync.iface() + ": instance " + i + " unknown: this director runs " + byName.keySet()));
            }
            if (instances.isEmpty() && virtualServers.isEmpty()) {
                p.add("nothing to run: a director needs at least one VRRP instance or virtual server");
            }
            return p;
        }

        /**
         * Validates everything, opens every socket in the namespace, removes left-over virtual addresses,
         * programs the IPVS table and starts the VRRP instances. All or nothing: on failure everything opened
         * so far is released and the exception says what failed.
         *
         * @throws IllegalArgumentException listing every problem of the specs
         * @throws RuntimeException          (a KernelException naming errno and object, or an
         *                                   IllegalStateException) when the kernel refuses
         */
        public Director start() {
            List<String> p = problems();
            if (!p.isEmpty()) {
                throw new IllegalArgumentException("director not started: " + String.join("; ", p));
            }
            NetNamespace ns = null;
            RealEventLoop loop = null;
            ProcessScriptRunner scripts = null;
            IpvsClient ipvs = null;
            IpvsClient ipvsReader = null;
            Map<String, VrrpInstanceRuntime> runtimes = new LinkedHashMap<>();
            Director director = null;
            try {
                // Shared with every other director in this namespace: leased, so closing one spares the others.
                ns = namespace == null ? null : SharedNamespaces.acquire(namespace);
                loop = new RealEventLoop("director" + (namespace == null ? "" : "-" + namespace));
                scripts = new ProcessScriptRunner();
                for (VrrpInstance i : instances) {
                    runtimes.put(i.name(), VrrpInstanceRuntime.open(i, ns, loop, scripts));
                }
                if (!virtualServers.isEmpty()) {
                    ipvs = ns == null ? IpvsClient.open() : ns.call(IpvsClient::open);
                    ipvsReader = ns == null ? IpvsClient.open() : ns.call(IpvsClient::open);
                }
                director = new Director(this, ns, loop, scripts, runtimes, ipvs, ipvsReader);
                for (ConnectionSync sync : connectionSyncs) {
                    OptionalInt vrid = sync.instance().flatMap(i -> instances.stream()
                                    .filter(v -> v.name().equals(i)).findFirst())
                            .map(v -> OptionalInt.of(v.virtualRouterId())).orElse(OptionalInt.empty());
                    director.connectionSync = ConnectionSyncDaemons.open(sync, sync.effectiveSyncId(vrid), ns);
                }
                director.start();
                return director;
            } catch (RuntimeException e) {
                if (director != null) {
                    director.close();
                } else {
                    List<AutoCloseable> opened = new ArrayList<>(runtimes.values());
                    if (ipvs != null) {
                        opened.add(ipvs);
                    }
                    if (ipvsReader != null) {
                        opened.add(ipvsReader);
                    }
                    if (scripts != null) {
                        opened.add(scripts);
                    }
                    if (loop != null) {
                        opened.add(loop);
                    }
                    if (ns != null) {
                        NetNamespace leased = ns;
                        opened.add(() -> SharedNamespaces.release(leased));
                    }
                    VrrpInstanceRuntime.closeAll(opened);
                }
                throw e;
            }
        }
    }
}
