package dev.hadirector;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.kernel.rtnetlink.RtnetlinkClient;
import dev.hadirector.vrrp.VrrpRouter;
import dev.hadirector.vrrp.kernel.KernelAnnouncer;
import dev.hadirector.vrrp.kernel.AcceptModeFirewallSettings;
import dev.hadirector.vrrp.kernel.KernelVipManager;
import dev.hadirector.vrrp.kernel.VrrpSocket;
import dev.hadirector.vrrp.time.EventLoop;
import dev.hadirector.vrrp.track.ScriptRunner;
import dev.hadirector.vrrp.track.Trackers;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VRRP instance wired to the kernel: its socket, address manager, announcer, router and trackers.
 * Opening removes the instance's virtual addresses left over from a crash (keepalived does the same at
 * start), so a restarted backup does not answer for an address the master now owns.
 */
final class VrrpInstanceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VrrpInstanceRuntime.class);

    final VrrpInstance spec;
    final VrrpRouter router;
    /** Replaced on the loop when a reload changes the instance's trackers. */
    volatile Trackers trackers;
    private final VrrpSocket socket;
    private final KernelVipManager vips;
    private final KernelAnnouncer announcer;

    private VrrpInstanceRuntime(VrrpInstance spec, VrrpRouter router, Trackers trackers, VrrpSocket socket,
                                KernelVipManager vips, KernelAnnouncer announcer) {
        this.spec = spec;
        this.router = router;
        this.trackers = trackers;
        this.socket = socket;
        this.vips = vips;
        this.announcer = announcer;
    }

    /** Opens every kernel resource of {@code spec} in {@code namespace} (null: the JVM's own); all or nothing. */
    static VrrpInstanceRuntime open(VrrpInstance spec, NetNamespace namespace, EventLoop loop, ScriptRunner scripts) {
        return open(spec, namespace, loop, scripts, true, AcceptModeFirewallSettings.DEFAULTS);
    }

    /**
     * As {@link #open(VrrpInstance, NetNamespace, EventLoop, ScriptRunner)}; {@code removeLeftovers} false
     * for an instance that replaces a running one on a reload, whose addresses are the running one's to
     * remove when it stops (removing them now would drop the VIP before anything else happened).
     */
    static VrrpInstanceRuntime open(VrrpInstance spec, NetNamespace namespace, EventLoop loop, ScriptRunner scripts,
                                    boolean removeLeftovers, AcceptModeFirewallSettings firewallSettings) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            KernelVipManager vips = KernelVipManager.open(spec, namespace, firewallSettings);
            opened.add(vips);
            List<Vip> all = new ArrayList<>(spec.virtualAddresses());
            all.addAll(spec.excludedAddresses());
            try {
                if (removeLeftovers) {
                    vips.remove(all);
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: removing left-over virtual addresses failed: {}", spec.name(), e.getMessage());
            }
            InetAddress primary;
            try (RtnetlinkClient rtnetlink = namespace == null ? RtnetlinkClient.open()
                    : namespace.call(RtnetlinkClient::open)) {
                primary = PrimaryAddress.of(spec, rtnetlink);
            }
            VrrpSocket socket = VrrpSocket.open(spec, primary, namespace);
            opened.add(socket);
            KernelAnnouncer announcer = KernelAnnouncer.open(spec, namespace);
            opened.add(announcer);
            VrrpRouter router = new VrrpRouter(spec, primary, loop, socket, vips, announcer);
            Trackers trackers = new Trackers(router, loop, scripts);
            LOG.info("{}: VRID {} on {} from {}, addresses {}", spec.name(), spec.virtualRouterId(), spec.iface(),
                    primary.getHostAddress(), PrimaryAddress.describe(spec));
            return new VrrpInstanceRuntime(spec, router, trackers, socket, vips, announcer);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Starts receiving; the router itself is started on the loop by the director. */
    void startReceiving(EventLoop loop) {
        socket.startReceiving(router, loop);
    }

    long overloadDrops() {
        return socket.overloadDrops();
    }

    @Override
    public void close() {
        closeAll(List.of(socket, announcer, vips));
    }

    static void closeAll(List<? extends AutoCloseable> resources) {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c, e.toString());
            }
        }
    }
}
