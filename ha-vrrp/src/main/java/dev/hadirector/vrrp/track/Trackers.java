package dev.hadirector.vrrp.track;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpTrack;
import dev.hadirector.vrrp.VrrpRouter;
import dev.hadirector.vrrp.time.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the trackers of one VRRP instance on its event loop and applies their results to the router with
 * keepalived's weight rules: weight 0 and failing means FAULT; a negative weight is added while failing; a
 * positive weight is added while succeeding. The instance's own interface is always tracked with weight 0,
 * as keepalived does. Links are assumed up until {@link #linkChanged} says otherwise.
 */
public final class Trackers {
    private static final Logger LOG = LoggerFactory.getLogger(Trackers.class);

    private final VrrpRouter router;
    private final EventLoop loop;
    private final ScriptRunner scripts;
    private final Map<String, Integer> interfaceWeights = new HashMap<>();
    private final List<Poller> pollers = new ArrayList<>();
    private final Map<String, RiseFall> scriptStatus = new HashMap<>();
    private final Map<String, Boolean> scriptRunning = new HashMap<>();
    /** The trackers of the spec this set was made for (the router's spec may change on a reload). */
    private final List<VrrpTrack> tracks;
    /** Script states handed over by a predecessor on a reload: applied as they are instead of initial ones. */
    private final Map<String, RiseFall> inherited = new HashMap<>();
    private int generation;
    private boolean running;

    public Trackers(VrrpRouter router, EventLoop loop, ScriptRunner scripts) {
        this(router, Objects.requireNonNull(router, "router").spec(), loop, scripts);
    }

    /**
     * The trackers of {@code spec} for {@code router}: on a reload, prepared before the router is
     * reconfigured to {@code spec} (see {@link #handOverTo}).
     */
    public Trackers(VrrpRouter router, VrrpInstance spec, EventLoop loop, ScriptRunner scripts) {
        this.router = Objects.requireNonNull(router, "router");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.tracks = spec.tracks();
        interfaceWeights.put(spec.iface(), 0);
        for (VrrpTrack t : tracks) {
            if (t instanceof VrrpTrack.Interface i) {
                interfaceWeights.merge(i.name(), i.weight(), (a, b) -> a == 0 || b == 0 ? 0 : a + b);
            }
        }
    }

    /** Starts polling scripts and conditions (the first poll runs at once); applies initial script states. */
    public void start() {
        if (running) {
            return;
        }
        running = true;
        int gen = ++generation;
        for (VrrpTrack t : tracks) {
            if (t instanceof VrrpTrack.Script s) {
                RiseFall carried = inherited.remove(s.name());
                RiseFall rf = carried != null ? carried : new RiseFall(s.rise(), s.fall(), !s.initFail());
                scriptStatus.put(s.name(), rf);
                apply(key(s), s.weight(), rf.ok());
                poll(gen, s.interval().toNanos(), () -> runScript(gen, s));
            } else if (t instanceof VrrpTrack.Condition c) {
                poll(gen, c.interval().toNanos(), () -> apply(key(c), c.weight(), evaluate(c)));
            } else if (t instanceof VrrpTrack.PriorityDelta d) {
                poll(gen, d.interval().toNanos(), () -> router.priorityDelta(key(d), evaluate(d)));
            }
            // Interface tracks are event driven: see linkChanged.
        }
    }

    /** Stops polling; results of scripts still running are ignored. Applied states stay as they are. */
    public void stop() {
        running = false;
        generation++;
        pollers.forEach(p -> p.timer.cancel());
        pollers.clear();
        scriptRunning.clear();
    }

    /**
     * A reload replaced the router's spec and its trackers: stops this set and prepares {@code next} (made
     * for the same router after {@code VrrpRouter.reconfigure}, not yet started) so that trackers present,
     * unchanged, in both keep their state: a script keeps its rise/fall count and result, an interface its
     * last known link state. The effect of every tracker that is gone or changed is withdrawn from the router
     * (its fault cleared, its priority delta removed); a changed one then starts afresh in {@code next}.
     * Call on the loop; then start {@code next} and report the links' state to it.
     */
    public void handOverTo(Trackers next) {
        Objects.requireNonNull(next, "next");
        if (next.router != router) {
            throw new IllegalArgumentException("trackers of " + next.router.name() + " cannot take over from those of "
                    + router.name() + ": a hand-over is within one router");
        }
        stop();
        for (VrrpTrack t : tracks) {
            if (t instanceof VrrpTrack.Interface) {
                continue; // weights per interface are compared below: several tracks may name one interface
            }
            if (next.tracks.contains(t)) {
                if (t instanceof VrrpTrack.Script s && scriptStatus.containsKey(s.name())) {
                    next.inherited.put(s.name(), scriptStatus.get(s.name()));
                }
            } else {
                withdraw(key(t), t.weight());
            }
        }
        for (Map.Entry<String, Integer> e : interfaceWeights.entrySet()) {
            Integer nextWeight = next.interfaceWeights.get(e.getKey());
            if (!e.getValue().equals(nextWeight)) {
                withdraw("interface " + e.getKey(), e.getValue());
            }
        }
    }

    private void withdraw(String key, int weight) {
        if (weight == 0) {
            router.fault(key, false);
        } else {
            router.priorityDelta(key, 0);
        }
    }

    /** The interfaces whose link state matters: the instance's own and every tracked one. */
    public java.util.Set<String> trackedInterfaces() {
        return java.util.Set.copyOf(interfaceWeights.keySet());
    }

    /** A link monitor's report: an interface went up or down. Unknown interfaces are ignored. */
    public void linkChanged(String ifname, boolean up) {
        Integer weight = interfaceWeights.get(ifname);
        if (weight != null) {
            apply("interface " + ifname, weight, up);
        }
    }

    /** Runs {@code action} now and every {@code intervalNanos} until {@link #stop()}; one live timer per poller. */
    private void poll(int gen, long intervalNanos, Runnable action) {
        Poller p = new Poller(gen, intervalNanos, action);
        pollers.add(p);
        p.timer = loop.schedule(0, p);
    }

    private final class Poller implements Runnable {
        final int gen;
        final long intervalNanos;
        final Runnable action;
        EventLoop.Cancellable timer;

        Poller(int gen, long intervalNanos, Runnable action) {
            this.gen = gen;
            this.intervalNanos = intervalNanos;
            this.action = action;
        }

        @Override
        public void run() {
            if (gen != generation) {
                return;
            }
            action.run();
            timer = loop.schedule(intervalNanos, this);
        }
    }

    private void runScript(int gen, VrrpTrack.Script s) {
        if (Boolean.TRUE.equals(scriptRunning.get(s.name()))) {
            LOG.debug("{}: script {} still running, skipping this interval", router.name(), s.name());
            return;
        }
        scriptRunning.put(s.name(), true);
        scripts.run(s.command(), s.timeout(), status -> loop.execute(() -> {
            if (gen != generation) {
                return;
            }
            scriptRunning.put(s.name(), false);
            boolean success = status == 0;
            if (!success) {
                LOG.debug("{}: script {} failed with {}", router.name(), s.name(), describe(status));
            }
            apply(key(s), s.weight(), scriptStatus.get(s.name()).record(success));
        }));
    }

    private boolean evaluate(VrrpTrack.Condition c) {
        try {
            return c.healthy().getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("{}: condition {} threw {}; counting it as failed", router.name(), c.name(), e.toString());
            return false;
        }
    }

    private int evaluate(VrrpTrack.PriorityDelta d) {
        try {
            int v = d.delta().getAsInt();
            return Math.max(-VrrpTrack.MAX_WEIGHT, Math.min(VrrpTrack.MAX_WEIGHT, v));
        } catch (RuntimeException e) {
            LOG.warn("{}: priority supplier {} threw {}; using 0", router.name(), d.name(), e.toString());
            return 0;
        }
    }

    private void apply(String key, int weight, boolean ok) {
        if (weight == 0) {
            router.fault(key, !ok);
        } else if (weight < 0) {
            router.priorityDelta(key, ok ? 0 : weight);
        } else {
            router.priorityDelta(key, ok ? weight : 0);
        }
    }

    private static String key(VrrpTrack t) {
        String kind = t instanceof VrrpTrack.Interface ? "interface"
                : t instanceof VrrpTrack.Script ? "script"
                : t instanceof VrrpTrack.Condition ? "condition" : "priority";
        return kind + " " + t.name();
    }

    private static String describe(int status) {
        if (status == ScriptRunner.TIMED_OUT) {
            return "timeout";
        }
        return status == ScriptRunner.FAILED_TO_START ? "failure to start" : "exit status " + status;
    }
}
