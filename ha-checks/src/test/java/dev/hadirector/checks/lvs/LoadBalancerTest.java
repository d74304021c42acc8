package dev.hadirector.checks.lvs;

import static dev.hadirector.checks.lvs.LoadBalancerFixtures.rs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.checks.HealthState;
import dev.hadirector.ipvs.reconcile.ReconcileResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadBalancerTest {

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final List<List<VirtualServer>> writes = new CopyOnWriteArrayList<>();
    private final List<String> programs = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private FakeChecks checks;
    private volatile int failWrites;

    private final TableWriter writer = table -> {
        writes.add(table);
        if (failWrites > 0) {
            failWrites--;
            throw new IllegalStateException("EIO: socket broke");
        }
        return new ReconcileResult(List.of(), List.of(), List.of());
    };

    private final ProgramLauncher launcher = new ProgramLauncher() {
        @Override
        public void launch(List<String> command, String purpose) {
            if (!command.isEmpty()) {
                programs.add(String.join(" ", command));
            }
        }

        @Override
        public void close() {
        }
    };

    private final LoadBalancerListener recorder = new LoadBalancerListener() {
        @Override
        public void onRealServerUp(RealServerEvent e) {
            events.add("up " + e.realServer() + " w=" + e.weight() + " (" + e.reason() + ")");
        }

        @Override
        public void onRealServerDown(RealServerEvent e) {
            events.add("down " + e.realServer() + " w=" + e.weight() + " (" + e.reason() + ")");
        }

        @Override
        public void onQuorumLost(QuorumEvent e) {
            events.add("quorum lost " + e.virtualServer() + " live=" + e.liveWeight());
        }

        @Override
        public void onQuorumRegained(QuorumEvent e) {
            events.add("quorum regained " + e.virtualServer() + " live=" + e.liveWeight());
        }
    };

    @AfterEach
    void stopLoop() {
        loop.shutdownNow();
    }

    /** A load balancer writing right after the results already queued, so {@link #settle()} sees the write. */
    private LoadBalancer start(VirtualServer... vs) {
        LoadBalancer lb = LoadBalancer.builder(List.of(vs), writer)
                .checks(listener -> checks = new FakeChecks(listener))
                .programs(launcher).listener(recorder).eventLoop(loop).writeCoalescing(Duration.ZERO).start();
        return lb;
    }

    private void settle() throws Exception {
        LoadBalancerFixtures.settle(loop);
    }

    private Map<String, String> lastTable() {
        return LoadBalancerFixtures.lastTable(writes);
    }

    @Test
    void failingRealServerLeavesAndReturnsWithItsWeight() throws Exception {
        try (LoadBalancer lb = start(VirtualServer.tcp("10.0.0.1", 80)
                .realServer(rs("10.0.0.2", 3).notifyUp("/bin/up", "a").notifyDown("/bin/down", "b"))
                .realServer(rs("10.0.0.3", 1)).build())) {
            settle();
            assertEquals(Map.of("TCP 10.0.0.1:80", "10.0.0.2:80=3,10.0.0.3:80=1"), lastTable());

            checks.down("10.0.0.2:80", 0);
            settle();
            assertEquals(Map.of("TCP 10.0.0.1:80", "10.0.0.3:80=1"), lastTable());
            assertEquals(List.of("/bin/down b"), programs);
            assertEquals(List.of("down 10.0.0.2:80 w=0 (connect refused)"), events);
            RealServerState state = lb.state().get(0).realServers().get(0);
            assertEquals(HealthState.DOWN, state.health());
            assertFalse(state.inTable());
            assertEquals("connect refused", state.lastReason());
            assertEquals(1, lb.state().get(0).liveWeight());

            checks.up("10.0.0.2:80", 0);
            settle();
            assertEquals(Map.of("TCP 10.0.0.1:80", "10.0.0.2:80=3,10.0.0.3:80=1"), lastTable());
            assertEquals(List.of("/bin/down b", "/bin/up a"), programs);
            assertEquals("up 10.0.0.2:80 w=3 (connected)", events.get(1));
            assertEquals(new RealServerState(lb.state().get(0).spec().realServers().get(0), HealthState.UP, 3, true,
                    "connected"), lb.state().get(0).realServers().get(0));
        }
        assertTrue(checks.closed);
        assertEquals(List.of(), writes.get(writes.size() - 1), "close withdraws the virtual servers");
    }

    @Test
    void inhibitOnFailureKeepsTheServerAtWeightZero() throws Exception {
        try (LoadBalancer lb = start(VirtualServer.tcp("10.0.0.1", 80)
                .realServer(rs("10.0.0.2", 5).inhibitOnFailure(true)).realServer(rs("10.0.0.3", 1)).build())) {
            settle();
            checks.down("10.0.0.2:80", 0);
            settle();
            assertEquals(Map.of("TCP 10.0.0.1:80", "10.0.0.2:80=0,10.0.0.3:80=1"), lastTable());
            RealServerState s = lb.state().get(0).realServers().get(0);
            assertTrue(s.inTable());
            assertEquals(0, s.weight());
            checks.up("10.0.0.2:80", 0);
            settle();
            assertEquals(Map.of("TCP 10.0.0.1:80", "10.0.0.2:80=5,10.0.0.3:80=1"), lastTable());
        }
    }

    @Test
    void severalChecksMeanDownWhenAnyIsDownUpWhenAllAreUp() throws Exception {
        try (LoadBalancer lb = start(VirtualServer.tcp("10.0.0.1", 80)
                .realServer(RealServer.of("10.0.0.2", 80).check(HealthCheck.tcp().build(),
                        HealthCheck.http("/").build()))
                .realServer(rs("10.0.0.3", 1)).build())) {
            settle();
            assertEquals(2, checks.of("10.0.0.2:80").size());
            checks.down("10.0.0.2:80", 1);
            settle();
            assertEquals("10.0.0.3:80=1", lastTable().get("TCP 10.0.0.1:80"));
            checks.down("10.0.0.2:80", 0);
            checks.up("10.0.0.2:80", 1);
            settle();
            assertEquals("10.0.0.3:80=1", lastTable().get("TCP 10.0.0.1:80"), "still down: TCP_CHECK is down");
            checks.up("10.0.0.2:80", 0);
            settle();
            assertEquals("10.0.0.2:80=1,10.0.0.3:80=1", lastTable().get("TCP 10.0.0.1:80"));
            assertEquals(2, events.size(), "one down and one up, not one per check: " + events);
        }
    }

    @Test
    void quorumWithHysteresisAndSorryServer() throws Exception {
        RealServer sorry = RealServer.of("10.0.0.9", 80).build();
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).quorum(4).hysteresis(1)
                .quorumUp("/bin/qup").quorumDown("/bin/qdown").sorryServer(sorry, false)
                .realServer(rs("10.0.0.2", 2)).realServer(rs("10.0.0.3", 2)).realServer(rs("10.0.0.4", 2)).build();
        try (LoadBalancer lb = start(vs)) {
            settle();
            assertEquals("10.0.0.2:80=2,10.0.0.3:80=2,10.0.0.4:80=2", lastTable().get(vs.toString()));
            checks.down("10.0.0.2:80", 0);
            settle(); // live 4 >= 4 - 1: quorum holds
            assertTrue(lb.state().get(0).quorumUp());
            checks.down("10.0.0.3:80", 0);
            settle(); // live 2 < 3: lost; the sorry server replaces the pool
            assertFalse(lb.state().get(0).quorumUp());
            assertTrue(lb.state().get(0).sorryActive());
            assertEquals("10.0.0.9:80=1", lastTable().get(vs.toString()));
            assertTrue(events.contains("quorum lost TCP 10.0.0.1:80 live=2"), events::toString);
            assertTrue(programs.contains("/bin/qdown"));
            checks.up("10.0.0.3:80", 0);
            settle(); // live 4 < 4 + 1: still lost (hysteresis)
            assertFalse(lb.state().get(0).quorumUp());
            assertEquals("10.0.0.9:80=1", lastTable().get(vs.toString()));
            checks.up("10.0.0.2:80", 0);
            settle(); // live 6 >= 5: regained
            assertTrue(lb.state().get(0).quorumUp());
            assertEquals("10.0.0.2:80=2,10.0.0.3:80=2,10.0.0.4:80=2", lastTable().get(vs.toString()));
            assertTrue(events.contains("quorum regained TCP 10.0.0.1:80 live=6"), events::toString);
            assertEquals(List.of("/bin/qdown", "/bin/qup"), programs);
        }
    }

    @Test
    void sorryServerInhibitKeepsItAtWeightZeroWhileUnused() throws Exception {
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80)
                .sorryServer(RealServer.of("10.0.0.9", 80).weight(7).build(), true)
                .realServer(rs("10.0.0.2", 1).inhibitOnFailure(true)).build();
        try (LoadBalancer lb = start(vs)) {
            settle();
            assertEquals("10.0.0.2:80=1,10.0.0.9:80=0", lastTable().get(vs.toString()));
            checks.down("10.0.0.2:80", 0);
            settle();
            assertEquals("10.0.0.2:80=0,10.0.0.9:80=7", lastTable().get(vs.toString()));
            checks.up("10.0.0.2:80", 0);
            settle();
            assertEquals("10.0.0.2:80=1,10.0.0.9:80=0", lastTable().get(vs.toString()));
        }
    }

    @Test
    void dynamicWeightSetsTheTableWeightAndTheLiveWeight() throws Exception {
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).quorum(5)
                .realServer(RealServer.of("10.0.0.2", 80).weight(10).check(HealthCheck.misc("/bin/true").build()))
                .build();
        try (LoadBalancer lb = start(vs)) {
            settle();
            checks.weight("10.0.0.2:80", 0, 3);
            settle();
            assertEquals("10.0.0.2:80=3", lastTable().get(vs.toString()));
            assertEquals(3, lb.state().get(0).liveWeight());
            assertFalse(lb.state().get(0).quorumUp());
            checks.weight("10.0.0.2:80", 0, 8);
            settle();
            assertTrue(lb.state().get(0).quorumUp());
            assertEquals("10.0.0.2:80=8", lastTable().get(vs.toString()));
        }
    }

    @Test
    void alphaServersStartDownAndQuorumIsLostAtStart() throws Exception {
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).quorumDown("/bin/qdown")
                .realServer(RealServer.of("10.0.0.2", 80).check(HealthCheck.tcp().alpha(true).build())).build();
        try (LoadBalancer lb = start(vs)) {
            settle();
            assertEquals("", lastTable().get(vs.toString()));
            assertFalse(lb.state().get(0).quorumUp());
            assertEquals(List.of("/bin/qdown"), programs);
            checks.up("10.0.0.2:80", 0);
            settle();
            assertEquals("10.0.0.2:80=1", lastTable().get(vs.toString()));
            assertTrue(lb.state().get(0).quorumUp());
        }
    }

    @Test
    void haSuspendPausesOnlyThoseChecksAndRestartsThemFresh() throws Exception {
        VirtualServer suspending = VirtualServer.tcp("10.0.0.1", 80).haSuspend(true).realServer(rs("10.0.0.2", 1))
                .build();
        VirtualServer steady = VirtualServer.tcp("10.0.0.1", 81).realServer(rs("10.0.0.3", 1)).build();
        try (LoadBalancer lb = start(suspending, steady)) {
            settle();
            FakeChecks.Started before = checks.of("10.0.0.2:80").get(0);
            checks.down("10.0.0.2:80", 0);
            settle();
            lb.suspend();
            assertTrue(before.isStopped());
            assertTrue(checks.of("10.0.0.2:80").isEmpty());
            assertEquals(1, checks.of("10.0.0.3:80").size(), "a virtual server without ha_suspend keeps checking");
            assertTrue(lb.state().get(0).suspended());
            checks.report(before, HealthState.DOWN, HealthState.UP, "late result");
            settle();
            assertEquals(HealthState.DOWN, lb.state().get(0).realServers().get(0).health(), "a stopped check is ignored");

            lb.resume();
            settle();
            assertFalse(lb.state().get(0).suspended());
            assertEquals(1, checks.of("10.0.0.2:80").size());
            assertFalse(checks.of("10.0.0.2:80").get(0).checkId().equals(before.checkId()));
            assertEquals(HealthState.UP, lb.state().get(0).realServers().get(0).health(), "restarted as at startup");
            checks.down("10.0.0.2:80", 0);
            settle();
            assertEquals("", lastTable().get(suspending.toString()));
        }
    }

    @Test
    void omegaRunsDownNotifiersAndQuorumDownOnClose() throws Exception {
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).omega(true).quorumDown("/bin/qdown")
                .realServer(rs("10.0.0.2", 1).notifyDown("/bin/down2"))
                .realServer(rs("10.0.0.3", 1).notifyDown("/bin/down3")).build();
        VirtualServer plain = VirtualServer.tcp("10.0.0.1", 81).quorumDown("/bin/never")
                .realServer(rs("10.0.0.4", 1).notifyDown("/bin/never")).build();
        LoadBalancer lb = start(vs, plain);
        settle();
        checks.down("10.0.0.3:80", 0);
        settle();
        programs.clear();
        lb.close();
        assertEquals(List.of("/bin/down2", "/bin/qdown"), programs);
    }

    @Test
    void listenersPerVirtualAndRealServer() throws Exception {
        VirtualServer a = VirtualServer.tcp("10.0.0.1", 80).realServer(rs("10.0.0.2", 1)).realServer(rs("10.0.0.3", 1))
                .build();
        VirtualServer b = VirtualServer.tcp("10.0.0.1", 81).realServer(rs("10.0.0.2", 1)).build();
        List<String> perVs = new CopyOnWriteArrayList<>();
        List<String> perRs = new CopyOnWriteArrayList<>();
        LoadBalancer lb = LoadBalancer.builder(List.of(a, b), writer).checks(l -> checks = new FakeChecks(l))
                .programs(launcher).eventLoop(loop).writeCoalescing(Duration.ZERO)
                .listener(b, new LoadBalancerListener() {
                    @Override
                    public void onRealServerDown(RealServerEvent e) {
                        perVs.add(e.virtualServer() + " " + e.realServer());
                    }
                })
                .listener(a, a.realServers().get(1), new LoadBalancerListener() {
                    @Override
                    public void onRealServerDown(RealServerEvent e) {
                        perRs.add(e.virtualServer() + " " + e.realServer());
                    }

                    @Override
                    public void onQuorumLost(QuorumEvent e) {
                        perRs.add("quorum " + e.virtualServer());
                    }
                })
                .listener(a, new LoadBalancerListener() {
                    @Override
                    public void onQuorumLost(QuorumEvent e) {
                        perVs.add("quorum " + e.virtualServer());
                    }
                }).start();
        try (lb) {
            settle();
            for (FakeChecks.Started s : List.copyOf(checks.started)) {
                checks.report(s, HealthState.UP, HealthState.DOWN, "refused");
            }
            settle();
            assertEquals(Set.of("TCP 10.0.0.1:81 10.0.0.2:80", "quorum TCP 10.0.0.1:80"), Set.copyOf(perVs));
            assertEquals(2, perVs.size());
            assertEquals(List.of("TCP 10.0.0.1:80 10.0.0.3:80"), perRs);
        }
    }

    @Test
    void failedWriteIsRetried() throws Exception {
        failWrites = 1;
        try (LoadBalancer lb = start(VirtualServer.tcp("10.0.0.1", 80).realServer(rs("10.0.0.2", 1)).build())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (writes.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, writes.size(), "the write that failed was sent again");
            assertEquals(writes.get(0), writes.get(1));
        }
    }

    @Test
    void theChangesOfOneCoalescingWindowGoInOneWrite() throws Exception {
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).realServer(rs("10.0.0.2", 1)).realServer(rs("10.0.0.3", 1))
                .realServer(rs("10.0.0.4", 1)).realServer(rs("10.0.0.5", 1)).build();
        try (LoadBalancer lb = LoadBalancer.builder(List.of(vs), writer).checks(l -> checks = new FakeChecks(l))
                .programs(launcher).listener(recorder).eventLoop(loop).writeCoalescing(Duration.ofSeconds(2)).start()) {
            settle();
            assertEquals(1, writes.size(), "the first table is written at once");
            // The three results are queued behind a blocked loop, so they land within one window whatever the load.
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            loop.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            checks.down("10.0.0.2:80", 0);
            checks.down("10.0.0.3:80", 0);
            checks.down("10.0.0.4:80", 0);
            release.countDown();
            settle();
            assertEquals(3, events.size(), "listeners hear each change without waiting for the window");
            for (int i = 0; i < 300 && writes.size() < 2; i++) {
                Thread.sleep(100); // a hang guard, not a timing assertion
            }
            settle();
            assertEquals(2, writes.size(), "one write for the three changes");
            assertEquals(Map.of("TCP 10.0.0.1:80", "10.0.0.5:80=1"), lastTable());
            assertEquals(1, lb.state().get(0).liveWeight());
        }
    }

    @Test
    void refusesABadCoalescingWindow() {
        var b = LoadBalancer.builder(List.of(), writer);
        assertEquals("writeCoalescing PT-0.001S out of range: must be 0..10 s", assertThrows(
                IllegalArgumentException.class, () -> b.writeCoalescing(Duration.ofMillis(-1))).getMessage());
        assertEquals("writeCoalescing PT11S out of range: must be 0..10 s", assertThrows(
                IllegalArgumentException.class, () -> b.writeCoalescing(Duration.ofSeconds(11))).getMessage());
    }

    @Test
    void refusesDuplicatesAndNulls() {
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadBalancer.builder(List.of(vs, vs), writer).checks(FakeChecks::new).programs(launcher)
                        .eventLoop(loop).start());
        assertEquals("virtual server TCP 10.0.0.1:80 is listed twice", e.getMessage());
        List<VirtualServer> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> LoadBalancer.builder(withNull, writer));
        assertThrows(IllegalArgumentException.class, () -> LoadBalancer.builder(List.of(), writer)
                .programTimeout(java.time.Duration.ZERO));
    }

    @Test
    void virtualHostFallsBackFromRealToVirtualServer() throws Exception {
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).virtualHost("vs.example")
                .realServer(rs("10.0.0.2", 1).virtualHost("rs.example")).realServer(rs("10.0.0.3", 1)).build();
        try (LoadBalancer lb = start(vs)) {
            settle();
            assertEquals("rs.example", checks.of("10.0.0.2:80").get(0).target().virtualHost().orElseThrow());
            assertEquals("vs.example", checks.of("10.0.0.3:80").get(0).target().virtualHost().orElseThrow());
        }
    }

    @Test
    void aCheckThatCannotStartFailsTheStartAndReleasesTheRunner() {
        FakeChecks[] made = new FakeChecks[1];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LoadBalancer.builder(
                List.of(VirtualServer.tcp("10.0.0.1", 80).realServer(rs("10.0.0.2", 1)).build()), writer)
                .checks(l -> made[0] = new FakeChecks(l) {
                    @Override
                    public Running start(String checkId, dev.hadirector.checks.CheckTarget target, HealthCheck spec) {
                        throw new IllegalStateException("PING_CHECK needs ICMP sockets");
                    }
                }).programs(launcher).eventLoop(loop).start());
        assertEquals("PING_CHECK needs ICMP sockets", e.getMessage());
        assertTrue(made[0].closed);
    }
}
