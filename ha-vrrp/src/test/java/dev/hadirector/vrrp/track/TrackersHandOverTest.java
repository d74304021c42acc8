package dev.hadirector.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTrack;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.vrrp.VipManager;
import dev.hadirector.vrrp.VrrpRouter;
import dev.hadirector.vrrp.time.VirtualEventLoop;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** A reload replaces an instance's trackers: unchanged ones keep their state, gone ones leave no effect. */
class TrackersHandOverTest {
    private final VirtualEventLoop loop = new VirtualEventLoop();
    private final Deque<IntConsumer> pendingScripts = new ArrayDeque<>();
    private final List<List<String>> started = new ArrayList<>();
    private final ScriptRunner fakeRunner = (command, timeout, onExit) -> {
        started.add(command);
        pendingScripts.add(onExit);
    };
    private final VrrpTrack.Script failingCheck = VrrpTrack.Script.of("chk", List.of("check")).withWeight(-30);

    private static VrrpInstance.Builder spec() {
        return VrrpInstance.builder("VI_1").priority(100).iface("eth0").virtualRouterId(1).version(VrrpVersion.V3)
                .advertInterval(Duration.ofMillis(100)).virtualAddress("192.0.2.1");
    }

    private VrrpRouter router(VrrpInstance spec) {
        return new VrrpRouter(spec, Vip.parseAddress("192.0.2.10"), loop, (d, buf, o, l) -> { }, new VipManager() {
            @Override
            public void add(List<Vip> vips) {
            }

            @Override
            public void remove(List<Vip> vips) {
            }
        }, v -> { });
    }

    /** Starts the router with its trackers, makes the script fail once (fall 1): priority 100 - 30. */
    private Trackers runningWithFailedScript(VrrpRouter r) {
        Trackers t = new Trackers(r, loop, fakeRunner);
        t.start();
        r.start();
        loop.runFor(0);
        pendingScripts.poll().accept(1);
        loop.runFor(0);
        assertEquals(70, r.effectivePriority());
        return t;
    }

    @Test
    void anUnchangedScriptKeepsItsFailedStateAcrossTheHandOver() {
        VrrpRouter r = router(spec().track(failingCheck).build());
        Trackers old = runningWithFailedScript(r);

        VrrpInstance next = r.spec().toBuilder().priority(120).build();
        Trackers fresh = new Trackers(r, next, loop, fakeRunner);
        r.reconfigure(next);
        old.handOverTo(fresh);
        fresh.start();
        loop.runFor(0);

        assertEquals(90, r.effectivePriority(), "still failed: 120 - 30, not reset to the initial success");
        pendingScripts.poll().accept(0);
        loop.runFor(0);
        assertEquals(120, r.effectivePriority(), "the new set drives it");
    }

    @Test
    void aRemovedTrackerLeavesNoEffectAndAChangedOneStartsAfresh() {
        VrrpRouter r = router(spec().track(failingCheck).trackInterface("eth1", 0).build());
        Trackers old = runningWithFailedScript(r);
        old.linkChanged("eth1", false);
        assertEquals(VrrpState.FAULT, r.state());

        VrrpInstance next = spec().track(failingCheck.withWeight(-10)).build(); // eth1 no longer tracked
        Trackers fresh = new Trackers(r, next, loop, fakeRunner);
        r.reconfigure(next);
        old.handOverTo(fresh);
        assertEquals(VrrpState.BACKUP, r.state(), "the fault of the untracked interface is withdrawn");
        assertEquals(100, r.effectivePriority(), "the changed script's old delta is withdrawn");
        fresh.start();
        loop.runFor(0);
        assertEquals(100, r.effectivePriority(), "the changed script starts as succeeded (no init_fail)");
        pendingScripts.poll().accept(1);
        loop.runFor(0);
        assertEquals(90, r.effectivePriority());
    }

    @Test
    void aHandOverIsWithinOneRouter() {
        VrrpRouter a = router(spec().build());
        VrrpRouter b = router(spec().build());
        Trackers ta = new Trackers(a, loop, fakeRunner);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ta.handOverTo(new Trackers(b, loop, fakeRunner)));
        assertEquals("trackers of VI_1 cannot take over from those of VI_1: a hand-over is within one router",
                e.getMessage());
    }
}
