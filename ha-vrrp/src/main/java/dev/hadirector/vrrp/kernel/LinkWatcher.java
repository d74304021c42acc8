package dev.hadirector.vrrp.kernel;

import dev.hadirector.kernel.KernelException;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.rtnetlink.Link;
import dev.hadirector.kernel.rtnetlink.OperState;
import dev.hadirector.kernel.rtnetlink.RtnetlinkEvent;
import dev.hadirector.kernel.rtnetlink.RtnetlinkMonitor;
import dev.hadirector.vrrp.time.EventLoop;
import dev.hadirector.vrrp.track.Trackers;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds link state from rtnetlink to the {@link Trackers} of VRRP instances: a thread polls an
 * {@link RtnetlinkMonitor} and, on the event loop, reports each tracked interface going up or down. A link
 * counts as up when it is administratively up and its operational state is neither DOWN nor
 * LOWER_LAYER_DOWN; a link that does not exist counts as down (keepalived faults an instance whose interface
 * is missing). The state at start is reported at once, so an interface that is already down faults its
 * instances before they can become master.
 */
public final class LinkWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkWatcher.class);
    private static final int POLL_MILLIS = 200;

    private final RtnetlinkMonitor monitor;
    private final EventLoop loop;
    private final List<Trackers> trackers;
    private final Set<String> watched = new HashSet<>();
    /** Last reported state per interface name (watcher thread only). */
    private final Map<String, Boolean> reported = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private LinkWatcher(RtnetlinkMonitor monitor, EventLoop loop, List<Trackers> trackers) {
        this.monitor = monitor;
        this.loop = loop;
        this.trackers = List.copyOf(trackers);
        this.trackers.forEach(t -> watched.addAll(t.trackedInterfaces()));
        this.thread = new Thread(this::run, "vrrp-links");
        this.thread.setDaemon(true);
    }

    /** Opens the monitor in {@code namespace} (null: the JVM's own) and starts watching. */
    public static LinkWatcher start(NetNamespace namespace, EventLoop loop, List<Trackers> trackers) {
        Objects.requireNonNull(loop, "loop");
        RtnetlinkMonitor monitor = namespace == null ? RtnetlinkMonitor.open() : namespace.call(RtnetlinkMonitor::open);
        LinkWatcher w = new LinkWatcher(monitor, loop, trackers);
        w.reportAll();
        w.thread.start();
        return w;
    }

    private void run() {
        while (running) {
            try {
                monitor.poll(POLL_MILLIS, this::onEvent);
            } catch (KernelException e) {
                if (running) {
                    LOG.warn("link monitor failed: {}; reporting the state from a fresh view", e.getMessage());
                    reportAll();
                }
            }
        }
    }

    private void onEvent(RtnetlinkEvent event) {
        if (event instanceof RtnetlinkEvent.LinkChanged changed) {
            report(changed.link().name(), usable(changed.link()));
        } else if (event instanceof RtnetlinkEvent.LinkRemoved removed) {
            report(removed.link().name(), false);
        } else if (event instanceof RtnetlinkEvent.Overrun) {
            reportAll();
        }
    }

    private void reportAll() {
        for (String name : watched) {
            report(name, monitor.link(name).map(LinkWatcher::usable).orElse(false));
        }
    }

    private void report(String name, boolean up) {
        if (!watched.contains(name) || Boolean.valueOf(up).equals(reported.get(name))) {
            return;
        }
        reported.put(name, up);
        LOG.info("interface {} is {}", name, up ? "up" : "down");
        loop.execute(() -> trackers.forEach(t -> t.linkChanged(name, up)));
    }

    private static boolean usable(Link link) {
        return link.isUp() && link.operState() != OperState.DOWN && link.operState() != OperState.LOWER_LAYER_DOWN;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5L * POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        monitor.close();
    }
}
