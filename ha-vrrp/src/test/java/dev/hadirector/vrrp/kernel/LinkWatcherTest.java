package dev.hadirector.vrrp.kernel;

import static dev.hadirector.vrrp.LoopCall.onLoop;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.kernel.netns.NetNamespace;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import dev.hadirector.vrrp.VipManager;
import dev.hadirector.vrrp.VrrpRouter;
import dev.hadirector.vrrp.time.RealEventLoop;
import dev.hadirector.vrrp.track.ScriptRunner;
import dev.hadirector.vrrp.track.Trackers;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Real link events drive tracking: a tracked interface going down lowers the priority by its weight,
 * the instance's own interface going down (or being deleted) puts it into FAULT, and coming back clears it.
 */
class LinkWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void linkChangesReachTheTrackers() throws Exception {
        Rig.requireNetns();
        VrrpInstance spec = VrrpInstance.builder("VI_L").iface("eth0").virtualRouterId(62).priority(150)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100)).virtualAddress("10.79.0.100/24")
                .trackInterface("trk0", -30).build();
        try (NetLab lab = NetLab.create()) {
            lab.host("us").lan("lan0");
            lab.link("us", "lan0", "eth0", "10.79.0.2/24");
            // A veth pair inside the namespace stands for a tracked uplink (the host kernel has no dummy module).
            lab.exec("us", "ip", "link", "add", "trk0", "type", "veth", "peer", "name", "trk1").ok();
            lab.exec("us", "ip", "link", "set", "trk1", "up").ok();
            lab.exec("us", "ip", "link", "set", "trk0", "up").ok();
            try (NetNamespace ns = NetNamespace.named(lab.nsName("us"));
                 RealEventLoop loop = new RealEventLoop("vrrp-links-test")) {
                VrrpRouter router = new VrrpRouter(spec, Vip.parseAddress("10.79.0.2"), loop, (d, b, o, l) -> { },
                        new VipManager() {
                            @Override
                            public void add(List<Vip> vips) {
                            }

                            @Override
                            public void remove(List<Vip> vips) {
                            }
                        }, v -> { });
                ScriptRunner noScripts = (command, timeout, onExit) -> {
                    throw new AssertionError("no scripts in this test");
                };
                Trackers trackers = new Trackers(router, loop, noScripts);
                onLoop(loop, () -> {
                    trackers.start();
                    router.start();
                    return null;
                });
                try (LinkWatcher watcher = LinkWatcher.start(ns, loop, List.of(trackers))) {
                    await(loop, router, r -> r.state() == VrrpState.MASTER, "master");

                    lab.exec("us", "ip", "link", "set", "trk0", "down").ok();
                    await(loop, router, r -> r.effectivePriority() == 120, "priority 150 - 30");
                    lab.exec("us", "ip", "link", "set", "trk0", "up").ok();
                    await(loop, router, r -> r.effectivePriority() == 150, "priority restored");

                    lab.exec("us", "ip", "link", "set", "eth0", "down").ok();
                    await(loop, router, r -> r.state() == VrrpState.FAULT, "FAULT on own interface down");
                    lab.exec("us", "ip", "link", "set", "eth0", "up").ok();
                    await(loop, router, r -> r.state() != VrrpState.FAULT, "FAULT cleared");

                    lab.exec("us", "ip", "link", "del", "trk0").ok();
                    await(loop, router, r -> r.effectivePriority() == 120, "deleted tracked link counts as down");
                }
                onLoop(loop, () -> {
                    router.stop();
                    trackers.stop();
                    return null;
                });
            }
        }
    }

    private static void await(RealEventLoop loop, VrrpRouter router, Predicate<VrrpRouter> condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!onLoop(loop, () -> condition.test(router))) {
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + WAIT.toSeconds() + " s: state " + onLoop(loop, router::state)
                        + ", priority " + onLoop(loop, router::effectivePriority) + ", faults "
                        + onLoop(loop, router::ownFaults));
            }
            Thread.sleep(20);
        }
    }
}
