package dev.hadirector.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class TrackersTest {
    private final VirtualEventLoop loop = new VirtualEventLoop();
    private final Deque<IntConsumer> pendingScripts = new ArrayDeque<>();
    private final List<List<String>> started = new ArrayList<>();
    private final ScriptRunner fakeRunner = (command, timeout, onExit) -> {
        started.add(command);
        pendingScripts.add(onExit);
    };

    private VrrpRouter router(VrrpInstance.Builder b) {
        VrrpInstance spec = b.iface("eth0").virtualRouterId(1).version(VrrpVersion.V3)
                .advertInterval(Duration.ofMillis(100)).virtualAddress("192.0.2.1").build();
        return new VrrpRouter(spec, Vip.parseAddress("192.0.2.10"), loop, (d, buf, o, l) -> { }, new VipManager() {
            @Override
            public void add(List<Vip> vips) {
            }

            @Override
            public void remove(List<Vip> vips) {
            }
        }, v -> { });
    }

    private static VrrpInstance.Builder spec() {
        return VrrpInstance.builder("VI_1").priority(100);
    }

    @Test
    void ownInterfaceDownMeansFault() {
        VrrpRouter r = router(spec());
        Trackers t = new Trackers(r, loop, fakeRunner);
        t.start();
        r.start();
        t.linkChanged("eth0", false);
        assertEquals(VrrpState.FAULT, r.state());
        t.linkChanged("eth9", false);
        t.linkChanged("eth0", true);
        assertEquals(VrrpState.BACKUP, r.state());
    }

    @Test
    void trackedInterfaceWeightsLowerPriorityOrForceFault() {
        VrrpRouter r = router(spec().trackInterface("eth1", -30).trackInterface("eth2", 0));
        Trackers t = new Trackers(r, loop, fakeRunner);
        t.start();
        r.start();
        t.linkChanged("eth1", false);
        assertEquals(70, r.effectivePriority());
        assertEquals(VrrpState.BACKUP, r.state());
        t.linkChanged("eth1", true);
        assertEquals(100, r.effectivePriority());
        t.linkChanged("eth2", false);
        assertEquals(VrrpState.FAULT, r.state());
    }

    @Test
    void scriptRiseAndFallWithWeight() {
        VrrpTrack.Script chk = VrrpTrack.Script.of("chk", List.of("/usr/local/bin/check", "--quick"))
                .withInterval(Duration.ofSeconds(2)).withRiseFall(2, 3).withWeight(-20);
        VrrpRouter r = router(spec().track(chk));
        Trackers t = new Trackers(r, loop, fakeRunner);
        t.start();
        r.start();
        loop.runDue();
        assertEquals(List.of(List.of("/usr/local/bin/check", "--quick")), started, "first run at start");
        int[] results = {1, 1, 0, 1, 1, 1, 0, 0};
        int[] expected = {100, 100, 100, 100, 100, 80, 80, 100};
        for (int i = 0; i < results.length; i++) {
            pendingScripts.poll().accept(results[i]);
            loop.runDue();
            assertEquals(expected[i], r.effectivePriority(), "after result " + i);
            loop.runFor(Duration.ofSeconds(2).toNanos());
        }
        assertEquals(results.length + 1, started.size(), "one run per interval");
    }

    @Test
    void slowScriptsAreNotStartedTwiceAndTimeoutsCountAsFailures() {
        VrrpTrack.Script chk = VrrpTrack.Script.of("chk", List.of("check")).withInterval(Duration.ofSeconds(1));
        VrrpRouter r = router(spec().track(chk));
        Trackers t = new Trackers(r, loop, fakeRunner);
        t.start();
        r.start();
        loop.runFor(Duration.ofSeconds(5).toNanos());
        assertEquals(1, started.size(), "still running: no overlapping run");
        pendingScripts.poll().accept(ScriptRunner.TIMED_OUT);
        loop.runDue();
        assertEquals(VrrpState.FAULT, r.state(), "weight 0 and failed");
        loop.runFor(Duration.ofSeconds(1).toNanos());
        assertEquals(2, started.size());
        pendingScripts.poll().accept(0);
        loop.runDue();
        assertEquals(VrrpState.BACKUP, r.state());
    }

    @Test
    void initFailStartsInFaultUntilTheFirstSuccess() {
        VrrpTrack.Script chk = VrrpTrack.Script.of("chk", List.of("check")).withInitFail(true);
        VrrpRouter r = router(spec().track(chk));
        Trackers t = new Trackers(r, loop, fakeRunner);
        t.start();
        r.start();
        assertEquals(VrrpState.FAULT, r.state());
        loop.runDue();
        pendingScripts.poll().accept(0);
        loop.runDue();
        assertEquals(VrrpState.BACKUP, r.state());
    }

    @Test
    void positiveWeightIsAddedWhileSucceeding() {
        VrrpTrack.Script chk = VrrpTrack.Script.of("chk", List.of("check")).withWeight(50);
        VrrpRouter r = router(spec().track(chk));
        Trackers t = new Trackers(r, loop, fakeRunner);
        t.start();
        assertEquals(150, r.effectivePriority());
        loop.runDue();
        pendingScripts.poll().accept(1);
        loop.runDue();
        assertEquals(100, r.effectivePriority());
    }

    @Test
    void javaConditionsAndPrioritySuppliersArePolled() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        AtomicInteger delta = new AtomicInteger(0);
        VrrpRouter r = router(spec()
                .track(new VrrpTrack.Condition("db", healthy::get, Duration.ofMillis(500), -40))
                .track(new VrrpTrack.PriorityDelta("load", delta::get, Duration.ofSeconds(1))));
        Trackers t = new Trackers(r, loop, fakeRunner);
        t.start();
        r.start();
        loop.runDue();
        assertEquals(100, r.effectivePriority());
        healthy.set(false);
        loop.runFor(Duration.ofMillis(499).toNanos());
        assertEquals(100, r.effectivePriority(), "not polled yet");
        loop.runFor(Duration.ofMillis(1).toNanos());
        assertEquals(60, r.effectivePriority());
        delta.set(1000);
        loop.runFor(Duration.ofSeconds(1).toNanos());
        assertEquals(254, r.effectivePriority(), "clamped");
        healthy.set(true);
        delta.set(0);
        t.stop();
        loop.runFor(Duration.ofSeconds(10).toNanos());
        assertEquals(254, r.effectivePriority(), "no polling after stop");
    }

    @Test
    void throwingSuppliersCountAsFailureOrZero() {
        VrrpRouter r = router(spec()
                .track(new VrrpTrack.Condition("bad", () -> {
                    throw new IllegalStateException("boom");
                }, Duration.ofSeconds(1), 0))
                .track(new VrrpTrack.PriorityDelta("worse", () -> {
                    throw new IllegalStateException("boom");
                }, Duration.ofSeconds(1))));
        Trackers t = new Trackers(r, loop, fakeRunner);
        t.start();
        r.start();
        loop.runDue();
        assertEquals(VrrpState.FAULT, r.state());
        assertEquals(100, r.effectivePriority());
        assertTrue(r.ownFaults().contains("condition bad"));
        assertFalse(r.ownFaults().contains("priority worse"));
    }

    @Test
    void riseFallHysteresis() {
        RiseFall rf = new RiseFall(2, 3, true);
        boolean[] in = {false, false, true, false, false, false, true, false, true, true};
        boolean[] out = {true, true, true, true, true, false, false, false, false, true};
        for (int i = 0; i < in.length; i++) {
            assertEquals(out[i], rf.record(in[i]), "step " + i);
        }
    }
}
