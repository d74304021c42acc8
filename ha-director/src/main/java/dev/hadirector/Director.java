package dev.hadirector;

import dev.hadirector.alert.SmtpAlertService;
import dev.hadirector.alert.SmtpAlerts;
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
import dev.hadirector.vrrp.kernel.AcceptModeFirewallSettings;
import dev.hadirector.vrrp.kernel.LinkWatcher;
import dev.hadirector.vrrp.time.RealEventLoop;
import dev.hadirector.vrrp.track.ProcessScriptRunner;
import dev.hadirector.vrrp.track.Trackers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * director added (and no others). {@link #reload()} / {@link #reload(Builder)} apply a new configuration's
 * differences without touching what did not change, as keepalived does on SIGHUP.
 *
 * <p>keepalived's e-mail alerts ({@link Builder#smtpAlerts}) are one more listener: mails go out on their own
 * thread, never on the event loop. A reload that changes them replaces the sender (see {@link #reload(Builder)}).
 *
 * <p>With a {@link ConnectionSync} (keepalived's {@code lvs_sync_daemon}) the kernel's connection sync daemon follows
 * the named instance, so established connections survive a failover. Several directors, and the application's own
 * {@link NetNamespace} handles, may share one namespace: each holds a handle of its own on the namespace's thread,
 * so closing one leaves the others theirs.
 */
public final class Director implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Director.class);
    private static final Duration LOOP_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Optional<String> namespaceName;
    private final NetNamespace namespace;
    private final RealEventLoop loop;
    private final ProcessScriptRunner scripts;
    /** Replaced as a whole by a reload (under {@link #closeLock}); read from any thread. */
    private volatile Map<String, VrrpInstanceRuntime> instances;
    private volatile Map<String, VrrpHandle> handles;
    private volatile List<VirtualServer> virtualServers;
    /** The application's listeners; the e-mail alerts' listener is {@link #alerts}'s. */
    private final List<DirectorListener> listeners;
    private volatile List<VrrpSyncGroup> syncGroups;
    /** The running sync groups by name; event loop only. */
    private final Map<String, SyncGroup> liveGroups = new LinkedHashMap<>();
    /** The file {@link #reload()} re-reads, when the director was built from one. */
    private final Optional<Path> configFile;
    /** Written only by the load balancer's loop (through the reconciler). Opened by a reload if first needed. */
    private volatile IpvsClient ipvs;
    /** Read only on the director's loop, for the counters of {@link #virtualServers()}. */
    private volatile IpvsClient ipvsReader;
    private volatile IpvsReconciler reconciler;
    private volatile LoadBalancer loadBalancer;
    /** Hands ha_suspend pauses to the load balancer without holding up the VRRP loop; in order. */
    private final ExecutorService suspender;
    private boolean checksSuspended;
    private LinkWatcher linkWatcher;
    /** keepalived's lvs_sync_daemon, when configured; switched on the loop, replaced by a reload on the loop. */
    private volatile ConnectionSyncDaemons connectionSync;
    private final Object closeLock = new Object();
    private boolean closed;
    /** keepalived's SMTP alerts (a listener and its sender thread); null when none are configured. Replaced by a
     *  reload on the loop, so every event is mailed by one settings or the other. */
    private volatile SmtpAlertService alerts;
    /** The settings {@link #alerts} runs; null when none are configured. */
    private volatile SmtpAlerts smtpSettings;
    /** Where no_accept instances put their nf_tables rules; fixed for the director's life. */
    private final AcceptModeFirewallSettings firewallSettings;

    private Director(Builder b, NetNamespace namespace, RealEventLoop loop, ProcessScriptRunner scripts,
                     Map<String, VrrpInstanceRuntime> instances, IpvsClient ipvs, IpvsClient ipvsReader,
                     SmtpAlertService alerts) {
        this.namespaceName = Optional.ofNullable(b.namespace);
        this.namespace = namespace;
        this.loop = loop;
        this.scripts = scripts;
        this.instances = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(instances));
        this.handles = handlesOf(instances, Map.of());
        this.virtualServers = List.copyOf(b.virtualServers);
        this.alerts = alerts;
        this.smtpSettings = alerts == null ? null : b.smtpAlerts;
        this.firewallSettings = b.firewallSettings;
        this.listeners = List.copyOf(b.listeners);
        this.syncGroups = List.copyOf(b.syncGroups);
        this.configFile = Optional.ofNullable(b.configFile);
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

    /** A handle per instance; a router that keeps running keeps its handle object. */
    private static Map<String, VrrpHandle> handlesOf(Map<String, VrrpInstanceRuntime> runtimes,
                                                     Map<String, VrrpHandle> previous) {
        Map<String, VrrpHandle> h = new LinkedHashMap<>();
        runtimes.forEach((name, rt) -> {
            VrrpHandle old = previous.get(name);
            h.put(name, old != null && old.router() == rt.router ? old : new VrrpHandle(rt.router));
        });
        return java.util.Collections.unmodifiableMap(h);
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
        Map<String, VrrpHandle> h = handles;
        return h.values().stream().toList();
    }

    /** The namespace the director runs in, if one was given. */
    public Optional<String> namespace() {
        return namespaceName;
    }

    /** Every virtual server with each real server's health, table weight and IPVS counters, read now. */
    public List<VirtualServerStatus> virtualServers() {
        List<VirtualServer> virtualServers = this.virtualServers;
        if (virtualServers.isEmpty() || ipvsReader == null) {
            return List.of();
        }
        IpvsClient reader = ipvsReader;
        IpvsTable table = onLoop(reader::table);
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


    // ---------------------------------------------------------------- reload

    /**
     * Re-reads the keepalived.conf this director was built from ({@link Builder#config(Path)}) and applies
     * the differences, as keepalived does on SIGHUP; see {@link #reload(Builder)}.
     *
     * @throws dev.hadirector.config.ConfigException the new file has a problem ({@code file:line: problem},
     *         every problem listed); the director keeps running the old configuration
     * @throws IllegalStateException when the director was not built from a file, is closed, or the kernel
     *         refused what the new configuration needs (nothing was changed then)
     */
    public ReloadSummary reload() throws dev.hadirector.config.ConfigException {
        Path file = configFile.orElseThrow(() -> new IllegalStateException(
                "reload() re-reads the configuration file, and this director was not built from one: "
                        + "use reload(Director.builder()...) with the new parts"));
        Builder next = builder();
        next.config(file);
        return reload(next);
    }

    /**
     * Makes the running director run what {@code next} describes (its VRRP instances, sync groups, virtual
     * servers, e-mail alerts and connection sync; its listeners are ignored, the director's own stay; its
     * namespace, if set, must be this director's), changing only what differs, as keepalived's reload does:
     * <ul>
     *   <li>VRRP instances that are equal keep running untouched (state, timers, addresses, tracker states).
     *       One whose priority, addresses, timers, preemption, trackers or notifiers changed is updated in
     *       place without a transition: a new priority goes into the next advert (so a peer may preempt it,
     *       or it may preempt a peer), a master adds and announces the new addresses and removes those that are
     *       gone while the others stay, trackers that did not change keep their state. One whose interface,
     *       VRID, version, address family, advert source or unicast peers changed is stopped (a master sends a
     *       priority-0 advert and drops its addresses) and started again as new. Removed instances stop as
     *       on {@link #close()}; new ones start as at startup.</li>
     *   <li>Sync groups that changed, or whose members were restarted, added or removed, are rebuilt.</li>
     *   <li>Virtual servers go through the IPVS reconciler as one minimal diff (services and destinations
     *       added, edited, removed; the rest untouched, nothing flushed). A real server whose checks did not
     *       change keeps its health state (one that was down stays down until its check says otherwise); a
     *       new one starts as at startup (alpha checks down).</li>
     *   <li>E-mail alert settings ({@link Builder#smtpAlerts}) that changed, were added or removed replace the
     *       alert sender before the instances are switched, so every event from then on (those this reload causes
     *       included) is mailed by the new settings. Alerts the old sender still had queued go out through the old
     *       server, for at most 10 s and without holding up the reload; any left then are dropped with a warning
     *       that counts them.</li>
     *   <li>A connection sync ({@link Builder#connectionSync}, keepalived's {@code lvs_sync_daemon}) that changed
     *       (its sync id included, which follows the instance's VRID by default), was added or removed: the old
     *       daemons stop, then the new ones start as keepalived runs them: the master daemon while the followed
     *       instance is MASTER, the backup daemon otherwise, both when no instance is followed. When the kernel
     *       refuses the new ones, the old ones run again and the reload is refused.</li>
     * </ul>
     * All or nothing: every problem of the new parts, and every socket they need, are dealt with before
     * anything running is touched; on any failure the director keeps running the old configuration. The
     * {@link VrrpHandle} of an instance that keeps running (unchanged or updated) stays valid; that of a
     * restarted or removed one shows INITIALIZE from then on ({@link #vrrp(String)} gives the new one). Call it
     * from any thread but the director's event loop (not from a listener). Concurrent reloads run one after
     * the other.
     *
     * @return what changed (logged too); {@link ReloadSummary#unchanged()} when {@code next} equals what runs
     * @throws IllegalArgumentException listing every problem of {@code next}; nothing changed
     * @throws IllegalStateException    when the director is closed, when called on its event loop, or when the
     *                                  kernel refused what the new configuration needs (nothing changed)
     */
    public ReloadSummary reload(Builder next) {
        Objects.requireNonNull(next, "next");
        if (loop.inEventLoop()) {
            throw new IllegalStateException("reload called on the director's event loop (from a listener): "
                    + "it waits for that loop, so call it from another thread");
        }
        synchronized (closeLock) {
            if (closed) {
                throw new IllegalStateException("director closed: cannot reload");
            }
            List<String> p = next.problems();
            if (next.namespace != null && !next.namespace.equals(namespaceName.orElse(null))) {
                p.add("namespace " + next.namespace + " differs from the running director's "
                        + namespaceName.orElse("(the JVM's own)") + ": a reload cannot move a director");
            }
            if (!next.firewallSettings.equals(firewallSettings)) {
                // Moving every no_accept table at once cannot be one transaction with the instances' switch.
                p.add("nftables table " + describe(next.firewallSettings) + " differs from the running director's "
                        + describe(firewallSettings)
                        + ": restart the director to change nftables, nftables_priority or nftables_counters");
            }
            if (!p.isEmpty()) {
                String message = "reload refused, the running configuration is kept: " + String.join("; ", p);
                LOG.error(message);
                throw new IllegalArgumentException(message);
            }
            List<VrrpInstance> running = instances.values().stream().map(rt -> rt.router.spec()).toList();
            ConnectionSyncDaemons sync = connectionSync;
            ReloadPlan plan = ReloadPlan.between(running, syncGroups, virtualServers,
                    next.instances, next.syncGroups, next.virtualServers)
                    .withSettings(smtpSettings, next.smtpAlerts, sync == null ? null : sync.setting(),
                            next.connectionSyncs.stream().findFirst()
                                    .map(c -> ConnectionSyncSetting.of(c, next.instances)).orElse(null));
            if (plan.isEmpty()) {
                LOG.info("reload: no change");
                return new ReloadSummary(List.of());
            }
            apply(plan, next);
            ReloadSummary summary = new ReloadSummary(plan.describe());
            summary.changes().forEach(c -> LOG.info("reload: {}", c));
            return summary;
        }
    }

    /** Opens everything the plan needs, then (nothing can fail from there) switches the running parts over. */
    private void apply(ReloadPlan plan, Builder next) {
        Map<String, VrrpInstanceRuntime> opened = new LinkedHashMap<>();
        Map<String, Trackers> replacementTrackers = new LinkedHashMap<>();
        LinkWatcher newWatcher = null;
        IpvsClient newIpvs = null;
        IpvsClient newReader = null;
        LoadBalancer newBalancer = null;
        SmtpAlertService newAlerts = null;
        ConnectionSyncDaemons oldSync = connectionSync;
        ConnectionSyncDaemons newSync = null;
        boolean syncSwitched = false;
        try {
            if (plan.smtpAlerts().isPresent() && next.smtpAlerts != null) {
                newAlerts = SmtpAlertService.start(next.smtpAlerts, namespace, next.syncGroups);
            }
            for (VrrpInstance i : plan.added()) {
                opened.put(i.name(), VrrpInstanceRuntime.open(i, namespace, loop, scripts, true, firewallSettings));
            }
            for (ReloadPlan.InstanceChange c : plan.restarted()) {
                opened.put(c.name(), VrrpInstanceRuntime.open(c.to(), namespace, loop, scripts, false, firewallSettings));
            }
            for (ReloadPlan.InstanceChange c : plan.updated()) {
                if (!c.from().tracks().equals(c.to().tracks())) {
                    replacementTrackers.put(c.name(),
                            new Trackers(instances.get(c.name()).router, c.to(), loop, scripts));
                }
            }
            if (!opened.isEmpty() || !replacementTrackers.isEmpty() || !plan.removed().isEmpty()) {
                // The new watcher reports every link's state at once: the trackers of the new instances
                // learn them before their routers start.
                List<Trackers> all = new ArrayList<>();
                for (VrrpInstance i : next.instances) {
                    VrrpInstanceRuntime fresh = opened.get(i.name());
                    all.add(fresh != null ? fresh.trackers
                            : replacementTrackers.getOrDefault(i.name(), instances.get(i.name()).trackers));
                }
                newWatcher = LinkWatcher.start(namespace, loop, all);
            }
            if (plan.connectionSync().isPresent()) {
                Optional<ConnectionSyncSetting> wanted = plan.connectionSync().get().to();
                if (wanted.isPresent()) {
                    newSync = ConnectionSyncDaemons.open(wanted.get(), namespace);
                }
                // The kernel runs one daemon of each role per namespace: the old ones stop before the new ones
                // start, on the loop so that no transition of the followed instance falls in between. Undone in
                // the catch below when the virtual servers fail.
                ConnectionSyncDaemons replacement = newSync;
                onLoop(() -> {
                    switchConnectionSync(oldSync, replacement);
                    return null;
                });
                syncSwitched = true;
            }
            List<VirtualServer> servers = List.copyOf(next.virtualServers);
            if (loadBalancer != null) {
                if (!plan.virtualServersChanged().isEmpty() || !plan.virtualServersAdded().isEmpty()
                        || !plan.virtualServersRemoved().isEmpty()) {
                    loadBalancer.update(servers); // all or nothing by itself, and the last step that may fail
                }
            } else if (!servers.isEmpty()) {
                newIpvs = namespace == null ? IpvsClient.open() : namespace.call(IpvsClient::open);
                newReader = namespace == null ? IpvsClient.open() : namespace.call(IpvsClient::open);
                IpvsReconciler r = new IpvsReconciler(newIpvs,
                        d -> LOG.warn("IPVS table changed behind the director's back, repaired: {}", d));
                newBalancer = startLoadBalancer(servers, r);
                reconciler = r;
                ipvs = newIpvs;
                ipvsReader = newReader;
                loadBalancer = newBalancer;
            }
            virtualServers = servers;
        } catch (RuntimeException e) {
            if (syncSwitched) {
                ConnectionSyncDaemons replacement = newSync;
                onLoop(() -> {
                    restoreConnectionSync(replacement, oldSync);
                    return null;
                });
            }
            List<AutoCloseable> release = new ArrayList<>(opened.values());
            if (newAlerts != null) {
                release.add(newAlerts);
            }
            if (newSync != null) {
                release.add(newSync);
            }
            if (newWatcher != null) {
                release.add(newWatcher);
            }
            if (newIpvs != null) {
                release.add(newIpvs);
            }
            if (newReader != null) {
                release.add(newReader);
            }
            VrrpInstanceRuntime.closeAll(release);
            String message = "reload refused, the running configuration is kept: " + e.getMessage();
            LOG.error(message, e);
            throw new IllegalStateException(message, e);
        }

        Map<String, VrrpInstanceRuntime> before = instances;
        List<VrrpInstanceRuntime> retired = new ArrayList<>();
        SmtpAlertService oldAlerts = alerts;
        SmtpAlertService startedAlerts = newAlerts;
        onLoop(() -> {
            if (plan.smtpAlerts().isPresent()) {
                // first, so that the transitions this reload causes are mailed by the new settings
                alerts = startedAlerts;
                smtpSettings = next.smtpAlerts;
            }
            switchVrrp(plan, next, before, opened, replacementTrackers, retired);
            return null;
        });
        if (plan.smtpAlerts().isPresent() && oldAlerts != null) {
            oldAlerts.retire();
        }
        if (syncSwitched && oldSync != null) {
            VrrpInstanceRuntime.closeAll(List.of(oldSync)); // its daemons are stopped: this closes its client
        }
        VrrpInstanceRuntime.closeAll(retired);
        if (newWatcher != null) {
            LinkWatcher oldWatcher = linkWatcher;
            linkWatcher = newWatcher;
            if (oldWatcher != null) {
                VrrpInstanceRuntime.closeAll(List.of(oldWatcher));
            }
        }
        for (VrrpInstanceRuntime rt : opened.values()) {
            rt.startReceiving(loop);
        }
        LoadBalancer startedBalancer = newBalancer;
        onLoop(() -> {
            for (VrrpInstanceRuntime rt : opened.values()) {
                rt.trackers.start();
                rt.router.start();
            }
            if (startedBalancer != null && !instances.isEmpty()) {
                // a load balancer started by this reload: ha_suspend servers run while some instance is master
                checksSuspended = true;
                suspender.execute(startedBalancer::suspend);
            }
            followVrrpForChecks();
            return null;
        });
    }

    /**
     * On the loop: stops the daemons of {@code from} and starts those of {@code to} (either may be null) in the
     * role keepalived gives them now: master daemon while the followed instance is MASTER. When the new ones
     * cannot start, the old ones run again and the kernel's refusal is thrown.
     */
    private void switchConnectionSync(ConnectionSyncDaemons from, ConnectionSyncDaemons to) {
        if (from != null) {
            from.stop();
        }
        if (to != null) {
            try {
                to.start(followedIsMaster(to));
            } catch (RuntimeException e) {
                if (from != null) {
                    restartConnectionSync(from);
                }
                throw e;
            }
        }
        connectionSync = to;
    }

    /** On the loop: undoes {@link #switchConnectionSync} after a later step of a reload failed. */
    private void restoreConnectionSync(ConnectionSyncDaemons replacement, ConnectionSyncDaemons original) {
        if (replacement != null) {
            replacement.stop();
        }
        if (original != null) {
            restartConnectionSync(original);
        }
        connectionSync = original;
    }

    private void restartConnectionSync(ConnectionSyncDaemons daemons) {
        try {
            daemons.start(followedIsMaster(daemons));
        } catch (RuntimeException e) {
            LOG.error("{} not restarted after a refused reload: {}", daemons, e.getMessage());
        }
    }

    /** Whether the instance {@code daemons} follow runs now and is MASTER; on the loop. */
    private boolean followedIsMaster(ConnectionSyncDaemons daemons) {
        return daemons.setting().spec().instance().map(instances::get)
                .map(rt -> rt.router.state() == VrrpState.MASTER).orElse(false);
    }

    /** On the loop: stops what goes, updates what changes, regroups; new routers are started by the caller. */
    private void switchVrrp(ReloadPlan plan, Builder next, Map<String, VrrpInstanceRuntime> before,
                            Map<String, VrrpInstanceRuntime> opened, Map<String, Trackers> replacementTrackers,
                            List<VrrpInstanceRuntime> retired) {
        Set<VrrpRouter> leftGroups = new HashSet<>();
        for (VrrpSyncGroup g : plan.groupsToDissolve()) {
            SyncGroup live = liveGroups.remove(g.name());
            if (live != null) {
                live.dissolve();
                leftGroups.addAll(live.members());
            }
        }
        List<String> going = new ArrayList<>();
        plan.removed().forEach(i -> going.add(i.name()));
        plan.restarted().forEach(c -> going.add(c.name()));
        for (String name : going) {
            VrrpInstanceRuntime rt = before.get(name);
            rt.trackers.stop();
            rt.router.stop(); // a master sends priority 0 and removes its addresses, as on shutdown
            retired.add(rt);
        }
        for (ReloadPlan.InstanceChange c : plan.updated()) {
            VrrpInstanceRuntime rt = before.get(c.name());
            rt.router.reconfigure(c.to());
            Trackers replacement = replacementTrackers.get(c.name());
            if (replacement != null) {
                rt.trackers.handOverTo(replacement);
                rt.trackers = replacement;
                replacement.start();
            }
        }
        Map<String, VrrpInstanceRuntime> now = new LinkedHashMap<>();
        for (VrrpInstance i : next.instances) {
            VrrpInstanceRuntime fresh = opened.get(i.name());
            if (fresh != null) {
                fresh.router.addListener(this::dispatch);
                now.put(i.name(), fresh);
            } else {
                now.put(i.name(), before.get(i.name()));
            }
        }
        Map<String, VrrpRouter> routers = new LinkedHashMap<>();
        now.forEach((name, rt) -> routers.put(name, rt.router));
        for (VrrpSyncGroup g : plan.groupsToBuild()) {
            SyncGroup live = new SyncGroup(g, routers);
            liveGroups.put(g.name(), live);
            live.members().forEach(leftGroups::remove);
        }
        for (VrrpRouter r : leftGroups) {
            if (routers.containsValue(r)) {
                SyncGroup.release(r);
            }
        }
        instances = java.util.Collections.unmodifiableMap(now);
        handles = handlesOf(now, handles);
        syncGroups = List.copyOf(next.syncGroups);
    }

    // ---------------------------------------------------------------- lifecycle

    private void start() {
        List<Trackers> trackers = instances.values().stream().map(rt -> rt.trackers).toList();
        for (VrrpInstanceRuntime rt : instances.values()) {
            rt.router.addListener(this::dispatch);
        }
        if (reconciler != null) {
            loadBalancer = startLoadBalancer(virtualServers, reconciler);
            if (!instances.isEmpty()) {
                // Not master yet: ha_suspend virtual servers wait for the first MASTER transition.
                checksSuspended = true;
                LoadBalancer lb = loadBalancer;
                suspender.execute(lb::suspend);
            }
        }
        onLoop(() -> {
            Map<String, VrrpRouter> routers = new LinkedHashMap<>();
            instances.forEach((name, rt) -> routers.put(name, rt.router));
            for (VrrpSyncGroup g : syncGroups) {
                liveGroups.put(g.name(), new SyncGroup(g, routers));
            }
            return null;
        });
        // The watcher reports the links' current state onto the loop before the routers start, so an instance
        // whose interface is down enters FAULT instead of becoming master first.
        linkWatcher = LinkWatcher.start(namespace, loop, trackers);
        if (connectionSync != null) {
            connectionSync.start(false); // no instance has started: none is master yet
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
    private LoadBalancer startLoadBalancer(List<VirtualServer> servers, IpvsReconciler reconciler) {
        LoadBalancer.Builder b = LoadBalancer.builder(servers, desired -> {
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
        return namespace == null ? b.start() : namespace.call(b::start);
    }

    /** The application's listeners, then the e-mail alerts' (as when it was one more listener). */
    private List<DirectorListener> allListeners() {
        SmtpAlertService mail = alerts;
        if (mail == null) {
            return listeners;
        }
        List<DirectorListener> all = new ArrayList<>(listeners);
        all.add(mail.listener());
        return all;
    }

    private void each(java.util.function.Consumer<DirectorListener> event) {
        for (DirectorListener l : allListeners()) {
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
        ConnectionSyncDaemons sync = connectionSync;
        if (sync != null) {
            sync.follow(t);
        }
        for (DirectorListener l : allListeners()) {
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
        SmtpAlertService mail = alerts;
        if (mail != null) {
            all.add(mail); // after the loop: the last alerts (the "Stopping" ones) are queued by now
        }
        if (namespace != null) {
            all.add(namespace); // this director's own handle: the namespace thread stays while others hold it
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
    /** The no_accept firewall settings as a reload refusal names them: "TABLE priority N[ with counters]". */
    private static String describe(AcceptModeFirewallSettings settings) {
        return settings.table() + " priority " + settings.chainPriority() + (settings.counters() ? " with counters" : "");
    }

    public static final class Builder {
        private String namespace;
        private final List<VrrpInstance> instances = new ArrayList<>();
        private final List<VrrpSyncGroup> syncGroups = new ArrayList<>();
        private final List<VirtualServer> virtualServers = new ArrayList<>();
        private final List<DirectorListener> listeners = new ArrayList<>();
        private final List<ConnectionSync> connectionSyncs = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private SmtpAlerts smtpAlerts;
        private AcceptModeFirewallSettings firewallSettings = AcceptModeFirewallSettings.DEFAULTS;
        private Path configFile;

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

        /** keepalived's e-mail alerts on VRRP, real server and quorum changes (keepalived's smtp_* settings). */
        public Builder smtpAlerts(SmtpAlerts alerts) {
            this.smtpAlerts = Objects.requireNonNull(alerts, "smtpAlerts");
            return this;
        }

        /** Builds the settings now; their problems are reported by {@link #start()} together with the others. */
        public Builder smtpAlerts(SmtpAlerts.Builder alerts) {
            Objects.requireNonNull(alerts, "smtpAlerts");
            try {
                smtpAlerts = alerts.build();
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            return this;
        }

        /**
         * Where instances with accept mode off put their nf_tables rules (keepalived's global {@code nftables},
         * {@code nftables_priority}, {@code nftables_counters}); default: tables {@code hadirector_<instance>},
         * chain priority -1, no counters.
         */
        public Builder acceptModeFirewall(AcceptModeFirewallSettings settings) {
            this.firewallSettings = Objects.requireNonNull(settings, "acceptModeFirewall");
            return this;
        }

        /** The no_accept firewall's table prefix and chain priority. */
        public AcceptModeFirewallSettings acceptModeFirewall() {
            return firewallSettings;
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

        /** The SMTP alert settings, if any were given. */
        public Optional<SmtpAlerts> smtpAlerts() {
            return Optional.ofNullable(smtpAlerts);
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
            configFile = keepalivedConf;
            return this;
        }

        /** As {@link #config(Path)}, for a configuration already read (the CLI reads it with its own options). */
        public Builder config(dev.hadirector.config.ConfigTree keepalivedConf)
                throws dev.hadirector.config.ConfigException {
            KeepalivedConfig.applyTo(keepalivedConf, this);
            configFile = keepalivedConf.file();
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
            if (smtpAlerts != null) {
                p.addAll(SmtpAlertService.problems(smtpAlerts, instances, syncGroups, virtualServers));
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
            SmtpAlertService alerts = null;
            Director director = null;
            try {
                // A handle of its own: the namespace's thread, shared with the application and other directors,
                // stops only when the last of them closes its handle.
                ns = namespace == null ? null : NetNamespace.named(namespace);
                loop = new RealEventLoop("director" + (namespace == null ? "" : "-" + namespace));
                scripts = new ProcessScriptRunner();
                for (VrrpInstance i : instances) {
                    runtimes.put(i.name(), VrrpInstanceRuntime.open(i, ns, loop, scripts, true, firewallSettings));
                }
                if (!virtualServers.isEmpty()) {
                    ipvs = ns == null ? IpvsClient.open() : ns.call(IpvsClient::open);
                    ipvsReader = ns == null ? IpvsClient.open() : ns.call(IpvsClient::open);
                }
                if (smtpAlerts != null) {
                    alerts = SmtpAlertService.start(smtpAlerts, ns, syncGroups);
                }
                director = new Director(this, ns, loop, scripts, runtimes, ipvs, ipvsReader, alerts);
                for (ConnectionSync sync : connectionSyncs) {
                    director.connectionSync = ConnectionSyncDaemons.open(ConnectionSyncSetting.of(sync, instances), ns);
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
                    if (alerts != null) {
                        opened.add(alerts);
                    }
                    if (ns != null) {
                        opened.add(ns);
                    }
                    VrrpInstanceRuntime.closeAll(opened);
                }
                throw e;
            }
        }
    }
}
