package dev.hadirector.vrrp;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpTransitionCause;
import dev.hadirector.api.VrrpTransitionListener;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.vrrp.codec.AdvertWriter;
import dev.hadirector.vrrp.codec.VrrpPacket;
import dev.hadirector.vrrp.time.EventLoop;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one VRRP instance (RFC 5798 section 6, RFC 3768 section 6, plus keepalived's FAULT,
 * preempt_delay and sync groups), driven on an {@link EventLoop}. Every method must be called on the loop.
 *
 * <p>Timers: Master_Down_Interval = 3 x Master_Adver_Interval + Skew_Time, with Skew_Time =
 * (256 - priority) x Master_Adver_Interval / 256 in v3 and (256 - priority) / 256 s in v2. Skew is kept in
 * nanoseconds rather than rounded to centiseconds, so that two backups with neighbouring priorities never
 * share a Master_Down_Interval even at a 10 ms interval. A v3 backup learns Master_Adver_Interval from the
 * master's adverts; v2 requires both sides to agree (the validator drops mismatches).
 *
 * <p>A Master_Down_Timer that fires late (the loop, or the whole JVM in a GC pause, was stalled) does not take
 * over at once: adverts that arrived during the stall are still waiting in the socket, and the receive thread
 * hands them over only after the stall, behind the overdue timer. The timer then waits a short grace
 * ({@link #STALL_GRACE_NANOS}, 5 ms: half the shortest interval) once, and takes over only if no advert
 * came in it. A backup that was not stalled is not slowed at all; one whose master is really gone by no more
 * than the grace (so a crash is still taken over within Master_Down_Interval + 20 ms at a 10 ms interval).
 *
 * <p>Order of effects (see {@link VrrpTransitionListener}): entering MASTER sends an advert, adds the
 * virtual addresses, sends the first announcement burst, then calls listeners; leaving MASTER stops the
 * advert timer, sends a priority-0 advert when stopping or entering FAULT, calls listeners, then removes
 * the addresses. A command issued from inside a listener (stop, a sync-group change) runs after the current
 * transition has finished.
 */
public final class VrrpRouter {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpRouter.class);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long CENTISECOND = TimeUnit.MILLISECONDS.toNanos(10);

    /** Told of transitions and own-fault changes; used by sync groups. */
    interface Observer {
        void transitioned(VrrpRouter router, VrrpTransition transition);

        void ownFaultChanged(VrrpRouter router);
    }

    /** Replaced only by {@link #reconfigure}, on the loop; volatile for handles read from other threads. */
    private volatile VrrpInstance spec;
    private final EventLoop loop;
    private final AdvertSender sender;
    private final VipManager vipManager;
    private final Announcer announcer;
    private AnnouncementSchedule announcements;
    private final byte[] primaryAddress;
    private final InetAddress[] destinations;
    private final byte[][] destinationBytes;
    private AdvertWriter writer;
    private ByteBuffer sendBuffer;
    private AdvertValidator validator;
    private List<Vip> allVips;
    private final List<VrrpTransitionListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> ownFaults = new LinkedHashSet<>();
    private final Map<String, Integer> priorityDeltas = new HashMap<>();
    private Observer observer;

    /** Volatile so that other threads (stats, a director's handle) may read it; written only on the loop. */
    private volatile VrrpState state = VrrpState.INITIALIZE;
    private boolean groupFault;
    private volatile int effectivePriority;
    private long masterAdverIntervalNanos;
    private EventLoop.Cancellable masterDownTimer;
    /** When the Master_Down_Timer is due; the loop's clock. */
    private long masterDownDueAt;
    /** True once a late Master_Down_Timer has waited its grace; cleared when the timer is restarted. */
    private boolean stallGraceUsed;
    private long stallGraces;
    private EventLoop.Cancellable adverTimer;
    /** When a pending preemption may happen (keepalived's preempt_delay); {@code Long.MIN_VALUE} when unset. */
    private long preemptAllowedAt = Long.MIN_VALUE;
    private boolean transitioning;
    /** Timer tasks are created once: scheduling them must not allocate a new closure per advert. */
    private final Runnable masterDownTask = this::masterDownTimerFired;
    private final Runnable adverTask = this::adverTimerFired;
    private long advertsSent;
    private long advertsAccepted;
    private long sendFailures;
    private final LogRateLimiter sendFailureLog = new LogRateLimiter(1, AdvertValidator.LOG_INTERVAL_NANOS);

    /**
     * @param spec           the instance
     * @param primaryAddress this router's address on the interface: the advert source, used for the v3
     *                       checksum and for the tie-break on equal priority (IPv6: the link-local address)
     */
    public VrrpRouter(VrrpInstance spec, InetAddress primaryAddress, EventLoop loop, AdvertSender sender,
                      VipManager vipManager, Announcer announcer) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.vipManager = Objects.requireNonNull(vipManager, "vipManager");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        if ((primaryAddress instanceof Inet6Address) != spec.ipv6()) {
            throw new IllegalArgumentException("instance " + spec.name() + ": primaryAddress "
                    + primaryAddress.getHostAddress() + " is of the wrong family: the instance is "
                    + (spec.ipv6() ? "IPv6" : "IPv4"));
        }
        this.primaryAddress = primaryAddress.getAddress();
        List<InetAddress> dst = spec.unicast() ? spec.unicastPeers() : List.of(multicastGroup(spec.ipv6()));
        this.destinations = dst.toArray(InetAddress[]::new);
        this.destinationBytes = dst.stream().map(InetAddress::getAddress).toArray(byte[][]::new);
        this.writer = new AdvertWriter(spec.version().number(), spec.virtualRouterId(),
                spec.virtualAddresses().stream().map(Vip::address).toList(), spec.authPass());
        this.sendBuffer = ByteBuffer.allocateDirect(writer.length());
        this.validator = new AdvertValidator(spec, primaryAddress, loop::nanoTime);
        List<Vip> vips = new ArrayList<>(spec.virtualAddresses());
        vips.addAll(spec.excludedAddresses());
        this.allVips = List.copyOf(vips);
        this.announcements = new AnnouncementSchedule(spec, loop, announcer, allVips);
        this.listeners.addAll(spec.listeners());
        this.effectivePriority = spec.priority();
        this.masterAdverIntervalNanos = spec.advertInterval().toNanos();
    }

    /** 224.0.0.18 or ff02::12 (RFC 5798 5.1.1.2 / 5.1.2.2). */
    public static InetAddress multicastGroup(boolean ipv6) {
        try {
            return ipv6
                    ? InetAddress.getByAddress(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12})
                    : InetAddress.getByAddress(new byte[] {(byte) 224, 0, 0, 18});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- queries

    public VrrpInstance spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public VrrpState state() {
        return state;
    }

    /** The priority sent in adverts: the configured one plus tracker weights, clamped to 1..254 (255 is fixed). */
    public int effectivePriority() {
        return effectivePriority;
    }

    public long masterAdverIntervalNanos() {
        return masterAdverIntervalNanos;
    }

    /** Skew_Time for the current priority and Master_Adver_Interval. */
    public long skewTimeNanos() {
        long numerator = 256L - effectivePriority;
        return spec.version() == VrrpVersion.V2
                ? numerator * SECOND / 256
                : numerator * masterAdverIntervalNanos / 256;
    }

    /**
     * How late the Master_Down_Timer may fire before it is taken for a stall: far above a loop's normal
     * wake-up latency, far below any interval.
     */
    static final long STALL_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /**
     * The grace a late Master_Down_Timer gives adverts read after the stall: half the shortest interval (10 ms).
     * The receive thread needs microseconds to hand them over once it runs; the grace bounds what a backup
     * whose master is really gone pays for having been stalled itself.
     */
    public static final long STALL_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** How often a late Master_Down_Timer waited a grace for adverts read after a stall (for diagnostics). */
    public long stallGraces() {
        return stallGraces;
    }

    /** Master_Down_Interval = 3 x Master_Adver_Interval + Skew_Time. */
    public long masterDownIntervalNanos() {
        return 3 * masterAdverIntervalNanos + skewTimeNanos();
    }

    public DiscardCounters discards() {
        return validator.counters();
    }

    public long advertsSent() {
        return advertsSent;
    }

    /** Adverts the transport refused (each is logged at WARN at most every 10 s). */
    public long sendFailures() {
        return sendFailures;
    }

    public long advertsAccepted() {
        return advertsAccepted;
    }

    /** True while a tracker of this instance (not its sync group) holds it in FAULT. */
    public boolean hasOwnFault() {
        return !ownFaults.isEmpty();
    }

    /** The names of the fault conditions now active (for diagnostics). */
    public Set<String> ownFaults() {
        return Set.copyOf(ownFaults);
    }

    public void addListener(VrrpTransitionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void observer(Observer value) {
        if (observer != null && value != null && observer != value) {
            throw new IllegalStateException("instance " + name() + " is already in a sync group");
        }
        this.observer = value;
    }

    // ---------------------------------------------------------------- commands

    /** RFC Startup event: INITIALIZE to BACKUP, or to MASTER for an owner / initial state MASTER, or FAULT. */
    public void start() {
        requireLoopThread();
        if (deferred(this::start)) {
            return;
        }
        if (state != VrrpState.INITIALIZE) {
            return;
        }
        masterAdverIntervalNanos = spec.advertInterval().toNanos();
        preemptAllowedAt = spec.preemptDelay().isZero() ? Long.MIN_VALUE
                : loop.nanoTime() + spec.preemptDelay().toNanos();
        if (inFault()) {
            enterFault(VrrpTransitionCause.FAULT);
        } else if (spec.addressOwner() || spec.initialState() == VrrpState.MASTER) {
            enterMaster(VrrpTransitionCause.STARTUP_AS_MASTER);
        } else {
            enterBackup(VrrpTransitionCause.STARTUP);
        }
    }

    /** RFC Shutdown event: a master sends a priority-0 advert; every state returns to INITIALIZE. */
    public void stop() {
        requireLoopThread();
        if (deferred(this::stop)) {
            return;
        }
        if (state == VrrpState.INITIALIZE) {
            return;
        }
        enterInitialize();
    }

    /**
     * Receives one advert as read from the socket: validated, counted and, if valid, fed to the state
     * machine. Never throws on any input.
     *
     * @param ttl the IPv4 TTL / IPv6 hop limit
     */
    public void receive(ByteBuffer payload, int offset, int length, int ttl, byte[] source, byte[] destination) {
        requireLoopThread();
        DiscardReason reason = validator.validate(payload, offset, length, ttl, source, destination);
        if (reason != null) {
            return;
        }
        VrrpPacket p = validator.packet();
        onValidAdvert(source, p.priority(), p.advertIntervalNanos());
    }

    /**
     * The RFC's "ADVERTISEMENT received" event for an advert that passed validation.
     *
     * @param source       the sender's primary address (4 or 16 octets)
     * @param priority     0..255
     * @param intervalNanos the advert interval it carries
     */
    public void onValidAdvert(byte[] source, int priority, long intervalNanos) {
        requireLoopThread();
        if (transitioning && source != null) {
            byte[] copy = source.clone(); // the caller may reuse its buffer before the deferred call runs
            loop.execute(() -> onValidAdvert(copy, priority, intervalNanos));
            return;
        }
        if (source == null || source.length != primaryAddress.length) {
            throw new IllegalArgumentException("instance " + name() + ": advert source of "
                    + (source == null ? "null" : source.length + " octets") + " invalid: must be "
                    + primaryAddress.length + " octets like the primary address");
        }
        switch (state) {
            case BACKUP -> backupReceived(source, priority, intervalNanos);
            case MASTER -> masterReceived(source, priority, intervalNanos);
            default -> {
                // INITIALIZE and FAULT ignore adverts.
            }
        }
    }

    /** Sets (or clears, with {@code failed == false}) a fault condition; any active one holds the instance in FAULT. */
    public void fault(String condition, boolean failed) {
        requireLoopThread();
        if (deferred(() -> fault(condition, failed))) {
            return;
        }
        boolean changed = failed ? ownFaults.add(condition) : ownFaults.remove(condition);
        if (!changed) {
            return;
        }
        LOG.info("{}: fault condition {} {}", name(), condition, failed ? "raised" : "cleared");
        reevaluateFault();
        if (observer != null) {
            observer.ownFaultChanged(this);
        }
    }

    /** Sets the priority delta contributed by {@code source} (a tracker); 0 removes it. */
    public void priorityDelta(String source, int delta) {
        requireLoopThread();
        if (deferred(() -> priorityDelta(source, delta))) {
            return;
        }
        if (delta == 0) {
            priorityDeltas.remove(source);
        } else {
            priorityDeltas.put(source, delta);
        }
        int old = effectivePriority;
        effectivePriority = computePriority();
        if (old != effectivePriority) {
            LOG.info("{}: priority {} -> {} ({} now {})", name(), old, effectivePriority, source, delta);
        }
    }

    /**
     * Applies a changed spec of this same instance in place, as a configuration reload does, without a
     * transition: the state, the timers and the virtual addresses that stay are untouched. A new priority is
     * sent in the next advert (so a peer preempts, or this backup preempts, by the protocol's own rules); a
     * master adds the virtual addresses that are new (and announces them) and removes those that are gone;
     * a new advert interval is used from the next advert (master) or the next Master_Down_Interval (v2 backup;
     * a v3 backup keeps the interval it learnt from the master). Listeners of the old spec are replaced by
     * those of the new one; listeners added with {@link #addListener} stay. The advert discard counters start
     * again from zero. Tracker effects are the caller's business (see {@code Trackers.handOverTo}).
     *
     * @throws IllegalArgumentException when {@code next} differs in something that cannot change in place
     *         (see {@link #inPlaceRefusal}); nothing is changed then
     */
    public void reconfigure(VrrpInstance next) {
        requireLoopThread();
        Objects.requireNonNull(next, "next");
        if (deferred(() -> reconfigure(next))) {
            return;
        }
        String refusal = inPlaceRefusal(spec, next);
        if (refusal != null) {
            throw new IllegalArgumentException("instance " + name() + ": " + refusal);
        }
        // Everything that can fail is built before anything is replaced.
        AdvertWriter nextWriter = new AdvertWriter(next.version().number(), next.virtualRouterId(),
                next.virtualAddresses().stream().map(Vip::address).toList(), next.authPass());
        ByteBuffer nextBuffer = nextWriter.length() <= sendBuffer.capacity() ? sendBuffer
                : ByteBuffer.allocateDirect(nextWriter.length());
        InetAddress own;
        try {
            own = InetAddress.getByAddress(primaryAddress);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        AdvertValidator nextValidator = new AdvertValidator(next, own, loop::nanoTime);
        List<Vip> nextVips = new ArrayList<>(next.virtualAddresses());
        nextVips.addAll(next.excludedAddresses());
        List<Vip> added = nextVips.stream().filter(v -> !allVips.contains(v)).toList();
        List<Vip> removed = allVips.stream().filter(v -> !nextVips.contains(v)).toList();

        VrrpInstance old = spec;
        boolean intervalChanged = !old.advertInterval().equals(next.advertInterval());
        spec = next;
        writer = nextWriter;
        sendBuffer = nextBuffer;
        validator = nextValidator;
        allVips = List.copyOf(nextVips);
        // A listener equal to one already running (a notifier configured alike) keeps running as it is: a
        // stateful one (a sync group's notifier) must not lose what it has seen.
        List<VrrpTransitionListener> kept = next.listeners().stream()
                .map(l -> old.listeners().stream().filter(l::equals).findFirst().orElse(l)).toList();
        listeners.removeAll(old.listeners());
        listeners.addAll(0, kept);
        announcements.cancel();
        announcements = new AnnouncementSchedule(next, loop, announcer, allVips);
        int oldPriority = effectivePriority;
        effectivePriority = computePriority();
        if (!old.preemptDelay().equals(next.preemptDelay()) || !next.preempt()) {
            preemptAllowedAt = Long.MIN_VALUE;
        }
        LOG.info("{}: reconfigured in {} (priority {} -> {}, addresses +{} -{})", name(), state, oldPriority,
                effectivePriority, added, removed);
        switch (state) {
            case MASTER -> {
                masterAdverIntervalNanos = next.advertInterval().toNanos();
                if (intervalChanged) {
                    restartAdverTimer();
                }
                if (!removed.isEmpty()) {
                    safely("remove virtual addresses", () -> vipManager.remove(removed));
                }
                if (!added.isEmpty()) {
                    safely("add virtual addresses", () -> vipManager.add(added));
                    announcements.begin();
                } else {
                    announcements.continueRefresh();
                }
            }
            case BACKUP -> {
                if (next.version() == VrrpVersion.V2) {
                    masterAdverIntervalNanos = next.advertInterval().toNanos();
                }
            }
            default -> masterAdverIntervalNanos = next.advertInterval().toNanos();
        }
    }

    /**
     * Why {@code next} cannot replace {@code current} in place, or null when it can: the name, interface,
     * VRID, version, address family, advert source and peers fix the instance's sockets and identity on the
     * wire; a virtual address on an interface none of the current ones uses needs a new announcement socket.
     */
    public static String inPlaceRefusal(VrrpInstance current, VrrpInstance next) {
        List<String> differ = new ArrayList<>();
        if (!current.name().equals(next.name())) {
            differ.add("name " + current.name() + " -> " + next.name());
        }
        if (!current.iface().equals(next.iface())) {
            differ.add("iface " + current.iface() + " -> " + next.iface());
        }
        if (current.virtualRouterId() != next.virtualRouterId()) {
            differ.add("virtualRouterId " + current.virtualRouterId() + " -> " + next.virtualRouterId());
        }
        if (current.version() != next.version()) {
            differ.add("version " + current.version() + " -> " + next.version());
        }
        if (current.ipv6() != next.ipv6()) {
            differ.add("address family " + (current.ipv6() ? "IPv6" : "IPv4") + " -> "
                    + (next.ipv6() ? "IPv6" : "IPv4"));
        }
        if (!current.unicastSrcIp().equals(next.unicastSrcIp())) {
            differ.add("unicastSrcIp " + current.unicastSrcIp().map(InetAddress::getHostAddress).orElse("none")
                    + " -> " + next.unicastSrcIp().map(InetAddress::getHostAddress).orElse("none"));
        }
        if (!current.unicastPeers().equals(next.unicastPeers())) {
            differ.add("unicastPeers " + hosts(current.unicastPeers()) + " -> " + hosts(next.unicastPeers()));
        }
        Set<String> devices = announcementDevices(current);
        Set<String> nextDevices = announcementDevices(next);
        nextDevices.removeAll(devices);
        if (!nextDevices.isEmpty()) {
            differ.add("virtual addresses on new interfaces " + nextDevices);
        }
        return differ.isEmpty() ? null
                : String.join(", ", differ) + ": these cannot change on a running instance (it must be restarted)";
    }

    private static Set<String> announcementDevices(VrrpInstance spec) {
        Set<String> devices = new LinkedHashSet<>();
        for (Vip v : spec.virtualAddresses()) {
            devices.add(v.dev().orElse(spec.iface()) + (v.isIpv6() ? "/IPv6" : "/IPv4"));
        }
        for (Vip v : spec.excludedAddresses()) {
            devices.add(v.dev().orElse(spec.iface()) + (v.isIpv6() ? "/IPv6" : "/IPv4"));
        }
        return devices;
    }

    private static String hosts(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).toList().toString();
    }

    // ---------------------------------------------------------------- sync group commands

    void groupFault(boolean value) {
        if (deferred(() -> groupFault(value))) {
            return;
        }
        if (groupFault != value) {
            groupFault = value;
            reevaluateFault();
        }
    }

    /** Sync group: a member became master; a backup follows at once. */
    void followToMaster() {
        if (deferred(this::followToMaster)) {
            return;
        }
        if (state == VrrpState.BACKUP) {
            enterMaster(VrrpTransitionCause.SYNC_GROUP);
        }
    }

    /** Sync group: a member fell back to backup; a master follows. */
    void followToBackup() {
        if (deferred(this::followToBackup)) {
            return;
        }
        if (state == VrrpState.MASTER) {
            leaveMasterTo(VrrpState.BACKUP, VrrpTransitionCause.SYNC_GROUP, false);
        }
    }

    // ---------------------------------------------------------------- RFC 5798 6.4.2 / 6.4.3

    private void backupReceived(byte[] source, int priority, long intervalNanos) {
        if (priority == VrrpInstance.RESIGN_PRIORITY) {
            advertsAccepted++;
            restartMasterDownTimer(skewTimeNanos());
            return;
        }
        if (!spec.preempt() || priority >= effectivePriority) {
            advertsAccepted++;
            if (priority >= effectivePriority) {
                // A rightful master: a later preemption waits a fresh preempt_delay from its first lower advert.
                preemptAllowedAt = Long.MIN_VALUE;
            }
            learnInterval(intervalNanos);
            restartMasterDownTimer(masterDownIntervalNanos());
            return;
        }
        // Preempt is on and the master has a lower priority: ignoring its adverts lets our timer fire,
        // unless preempt_delay still holds us back.
        if (!spec.preemptDelay().isZero()) {
            long now = loop.nanoTime();
            if (preemptAllowedAt == Long.MIN_VALUE) {
                preemptAllowedAt = now + spec.preemptDelay().toNanos();
            }
            if (now < preemptAllowedAt) {
                advertsAccepted++;
                learnInterval(intervalNanos);
                restartMasterDownTimer(masterDownIntervalNanos());
            }
        }
    }

    private void masterReceived(byte[] source, int priority, long intervalNanos) {
        if (priority == VrrpInstance.RESIGN_PRIORITY) {
            // Another master resigned: assert ourselves at once so backups do not wait for Skew_Time.
            advertsAccepted++;
            sendAdvert(effectivePriority);
            restartAdverTimer();
            return;
        }
        if (priority > effectivePriority
                || (priority == effectivePriority && compareUnsigned(source, primaryAddress) > 0)) {
            advertsAccepted++;
            learnInterval(intervalNanos);
            leaveMasterTo(VrrpState.BACKUP, VrrpTransitionCause.HIGHER_PRIORITY_ADVERT, false);
        }
        // Otherwise: discard; our own adverts tell the other master to yield.
    }

    private void learnInterval(long intervalNanos) {
        if (spec.version() == VrrpVersion.V3 && intervalNanos > 0) {
            masterAdverIntervalNanos = intervalNanos;
        }
    }

    // ---------------------------------------------------------------- transitions

    private void enterBackup(VrrpTransitionCause cause) {
        VrrpState from = state;
        state = VrrpState.BACKUP;
        if (from != VrrpState.MASTER) {
            masterAdverIntervalNanos = spec.advertInterval().toNanos();
        }
        restartMasterDownTimer(masterDownIntervalNanos());
        notifyListeners(from, cause);
    }

    private void enterMaster(VrrpTransitionCause cause) {
        VrrpState from = state;
        cancelMasterDownTimer();
        preemptAllowedAt = Long.MIN_VALUE;
        state = VrrpState.MASTER;
        sendAdvert(effectivePriority);
        restartAdverTimer();
        safely("add virtual addresses", () -> vipManager.add(allVips));
        announcements.begin();
        notifyListeners(from, cause);
    }

    private void leaveMasterTo(VrrpState to, VrrpTransitionCause cause, boolean resign) {
        cancel(adverTimer);
        adverTimer = null;
        announcements.cancel();
        if (resign) {
            sendAdvert(VrrpInstance.RESIGN_PRIORITY);
        }
        state = to;
        if (to == VrrpState.BACKUP) {
            restartMasterDownTimer(masterDownIntervalNanos());
        }
        notifyListeners(VrrpState.MASTER, cause);
        safely("remove virtual addresses", () -> vipManager.remove(allVips));
    }

    private void enterFault(VrrpTransitionCause cause) {
        if (state == VrrpState.MASTER) {
            leaveMasterTo(VrrpState.FAULT, cause, true);
            return;
        }
        VrrpState from = state;
        cancelMasterDownTimer();
        state = VrrpState.FAULT;
        notifyListeners(from, cause);
    }

    private void enterInitialize() {
        if (state == VrrpState.MASTER) {
            leaveMasterTo(VrrpState.INITIALIZE, VrrpTransitionCause.SHUTDOWN, true);
            return;
        }
        VrrpState from = state;
        cancelMasterDownTimer();
        state = VrrpState.INITIALIZE;
        notifyListeners(from, VrrpTransitionCause.SHUTDOWN);
    }

    private void reevaluateFault() {
        if (state == VrrpState.INITIALIZE) {
            return;
        }
        boolean fault = inFault();
        if (fault && state != VrrpState.FAULT) {
            enterFault(groupFault && ownFaults.isEmpty() ? VrrpTransitionCause.SYNC_GROUP : VrrpTransitionCause.FAULT);
        } else if (!fault && state == VrrpState.FAULT) {
            if (spec.addressOwner()) {
                enterMaster(VrrpTransitionCause.FAULT_CLEARED);
            } else {
                enterBackup(VrrpTransitionCause.FAULT_CLEARED);
            }
        }
    }

    private boolean inFault() {
        return groupFault || !ownFaults.isEmpty();
    }

    private int computePriority() {
        if (spec.addressOwner()) {
            return VrrpInstance.OWNER_PRIORITY;
        }
        int p = spec.priority();
        for (int d : priorityDeltas.values()) {
            p += d;
        }
        return Math.max(1, Math.min(254, p));
    }

    // ---------------------------------------------------------------- timers and sending

    private void restartMasterDownTimer(long delayNanos) {
        cancelMasterDownTimer();
        stallGraceUsed = false;
        masterDownDueAt = loop.nanoTime() + delayNanos;
        masterDownTimer = loop.schedule(delayNanos, masterDownTask);
    }

    private void cancelMasterDownTimer() {
        cancel(masterDownTimer);
        masterDownTimer = null;
    }

    private void masterDownTimerFired() {
        masterDownTimer = null;
        long late = loop.nanoTime() - masterDownDueAt;
        if (state == VrrpState.BACKUP && late > STALL_TOLERANCE_NANOS && !stallGraceUsed) {
            stallGraceUsed = true;
            stallGraces++;
            LOG.debug("{}: Master_Down_Timer fired {} us late: waiting {} us for adverts read after the stall",
                    name(), late / 1000, STALL_GRACE_NANOS / 1000);
            masterDownTimer = loop.schedule(STALL_GRACE_NANOS, masterDownTask);
            return;
        }
        if (state == VrrpState.BACKUP) {
            enterMaster(VrrpTransitionCause.MASTER_DOWN_TIMER);
        }
    }

    private void restartAdverTimer() {
        cancel(adverTimer);
        adverTimer = loop.schedule(spec.advertInterval().toNanos(), adverTask);
    }

    private void adverTimerFired() {
        adverTimer = null;
        if (state == VrrpState.MASTER) {
            sendAdvert(effectivePriority);
            restartAdverTimer();
        }
    }

    private void sendAdvert(int priority) {
        int intervalField = (int) (spec.advertInterval().toNanos()
                / (spec.version() == VrrpVersion.V2 ? SECOND : CENTISECOND));
        for (int i = 0; i < destinations.length; i++) {
            int length = writer.write(sendBuffer, 0, priority, intervalField, primaryAddress, destinationBytes[i]);
            try {
                sender.send(destinations[i], sendBuffer, 0, length);
                advertsSent++;
            } catch (RuntimeException e) {
                sendFailures++;
                if (sendFailureLog.allow(0, loop.nanoTime())) {
                    LOG.warn("{}: sending advert to {} failed ({} failures so far): {}", name(),
                            destinations[i].getHostAddress(), sendFailures, e.toString());
                }
            }
        }
    }

    // ---------------------------------------------------------------- plumbing

    private void notifyListeners(VrrpState from, VrrpTransitionCause cause) {
        VrrpTransition t = new VrrpTransition(name(), from, state, cause, effectivePriority, loop.nanoTime());
        LOG.info("{}", t);
        boolean outer = !transitioning;
        transitioning = true;
        try {
            for (VrrpTransitionListener l : listeners) {
                try {
                    l.onTransition(t);
                } catch (RuntimeException e) {
                    LOG.error("{}: transition listener failed on {}", name(), t, e);
                }
            }
            if (observer != null) {
                observer.transitioned(this, t);
            }
        } finally {
            if (outer) {
                transitioning = false;
            }
        }
    }

    private void requireLoopThread() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("instance " + name() + ": called on thread " + Thread.currentThread().getName()
                    + "; a VrrpRouter may only be driven on its event loop (hand work over with EventLoop.execute)");
        }
    }

    /** A command from inside a listener waits until the running transition is complete. */
    private boolean deferred(Runnable command) {
        if (transitioning) {
            loop.execute(command);
            return true;
        }
        return false;
    }

    private void safely(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.error("{}: {} failed", name(), what, e);
        }
    }

    private static void cancel(EventLoop.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    /** Compares addresses as unsigned big-endian numbers (RFC 5798 6.4.3: the higher primary address wins). */
    static int compareUnsigned(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
