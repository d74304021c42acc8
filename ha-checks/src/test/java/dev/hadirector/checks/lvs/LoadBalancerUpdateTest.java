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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link LoadBalancer#update}: a reload keeps the health of unchanged real servers and their running checks. */
class LoadBalancerUpdateTest {
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final List<List<VirtualServer>> writes = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private FakeChecks checks;

    private final LoadBalancerListener recorder = new LoadBalancerListener() {
        @Override
        public void onRealServerUp(RealServerEvent e) {
            events.add("up " + e.realServer());
        }

        @Override
        public void onRealServerDown(RealServerEvent e) {
            events.add("down " + e.realServer());
        }

        @Override
        public void onQuorumLost(QuorumEvent e) {
            events.add("quorum lost " + e.virtualServer());
        }

        @Override
        public void onQuorumRegained(QuorumEvent e) {
            events.add("quorum regained " + e.virtualServer());
        }
    };

    @AfterEach
    void stopLoop() {
        loop.shutdownNow();
    }

    private LoadBalancer start(VirtualServer... vs) {
        return LoadBalancer.builder(List.of(vs), table -> {
            writes.add(table);
            return new ReconcileResult(List.of(), List.of(), List.of());
        }).checks(listener -> checks = new FakeChecks(listener)).listener(recorder).eventLoop(loop)
                .writeCoalescing(Duration.ZERO).start();
    }

    private void settle() throws Exception {
        LoadBalancerFixtures.settle(loop);
    }

    private Map<String, String> lastTable() {
        return LoadBalancerFixtures.lastTable(writes);
    }

    private static VirtualServer.Builder web() {
        return VirtualServer.tcp("10.0.0.1", 80).realServer(rs("10.0.0.2", 1)).realServer(rs("10.0.0.3", 1));
    }

    @Test
    void aDownServerStaysDownAcrossAReloadAndItsCheckKeepsRunning() throws Exception {
        try (LoadBalancer lb = start(web().build())) {
            settle();
            checks.down("10.0.0.2:80", 0);
            settle();
            int started = checks.started.size();
            events.clear();

            // a real server added, the down one unchanged, another one's weight changed
            lb.update(List.of(VirtualServer.tcp("10.0.0.1", 80).realServer(rs("10.0.0.2", 1))
                    .realServer(rs("10.0.0.3", 4)).realServer(rs("10.0.0.4", 1)).build()));
            settle();

            assertEquals(Map.of("TCP 10.0.0.1:80", "10.0.0.3:80=4,10.0.0.4:80=1"), lastTable(),
                    "10.0.0.2 still down, 10.0.0.3 with its new weight, 10.0.0.4 new (not alpha: up)");
            assertEquals(started + 1, checks.started.size(), "only the new server's check started");
            assertEquals(List.of(), events, "no up/down reported for servers whose state did not change");
            RealServerState down = lb.state().get(0).realServers().get(0);
            assertEquals(HealthState.DOWN, down.health());
            assertEquals("connect refused", down.lastReason());

            checks.up("10.0.0.2:80", 0); // the check that kept running still drives the server
            settle();
            assertEquals("10.0.0.2:80=1,10.0.0.3:80=4,10.0.0.4:80=1", lastTable().get("TCP 10.0.0.1:80"));
            assertEquals(List.of("up 10.0.0.2:80"), events);
        }
    }

    @Test
    void aServerWhoseCheckChangedStartsAfreshAndAlphaStartsDown() throws Exception {
        try (LoadBalancer lb = start(web().build())) {
            settle();
            checks.down("10.0.0.2:80", 0);
            settle();
            List<FakeChecks.Started> old = checks.of("10.0.0.2:80");

            lb.update(List.of(VirtualServer.tcp("10.0.0.1", 80)
                    .realServer(RealServer.of("10.0.0.2", 80).check(HealthCheck.tcp().every(Duration.ofSeconds(3))
                            .build()))
                    .realServer(rs("10.0.0.3", 1))
                    .realServer(RealServer.of("10.0.0.5", 80).check(HealthCheck.tcp().alpha(true).build()))
                    .build()));
            settle();

            assertTrue(old.get(0).isStopped(), "the old check of the changed server stopped");
            assertEquals(1, checks.of("10.0.0.2:80").size(), "a new check runs instead");
            assertEquals(Map.of("TCP 10.0.0.1:80", "10.0.0.2:80=1,10.0.0.3:80=1"), lastTable(),
                    "the changed server starts up as at startup; the alpha one starts down");
        }
    }

    @Test
    void removedVirtualServersStopTheirChecksAndLeaveTheTableUnchangedOnesAreUntouched() throws Exception {
        VirtualServer mail = VirtualServer.tcp("10.0.0.1", 25).realServer(RealServer.of("10.0.0.7", 25)
                .check(HealthCheck.tcp().build())).build();
        try (LoadBalancer lb = start(web().build(), mail)) {
            settle();
            List<FakeChecks.Started> mailChecks = checks.of("10.0.0.7:25");
            int started = checks.started.size();

            lb.update(List.of(web().build(), VirtualServer.tcp("10.0.0.1", 443).realServer(rs("10.0.0.2", 1)).build()));
            settle();

            assertTrue(mailChecks.get(0).isStopped());
            assertEquals(Map.of("TCP 10.0.0.1:80", "10.0.0.2:80=1,10.0.0.3:80=1",
                    "TCP 10.0.0.1:443", "10.0.0.2:80=1"), lastTable());
            assertEquals(started + 1, checks.started.size(), "only the new virtual server's check started");
            assertEquals(2, lb.state().size());
        }
    }

    @Test
    void quorumCarriesOverAndIsReevaluatedUnderTheNewPolicy() throws Exception {
        try (LoadBalancer lb = start(web().build())) {
            settle();
            checks.down("10.0.0.2:80", 0);
            settle();
            lb.update(List.of(web().quorum(2).build()));
            settle();
            assertFalse(lb.state().get(0).quorumUp(), "live weight 1 < quorum 2");
            assertEquals(List.of("down 10.0.0.2:80", "quorum lost TCP 10.0.0.1:80"), events);
        }
    }

    @Test
    void aListWithADuplicateIsRefusedAndNothingChanges() throws Exception {
        try (LoadBalancer lb = start(web().build())) {
            settle();
            int writesBefore = writes.size();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> lb.update(List.of(web().build(), web().build())));
            assertEquals("virtual server TCP 10.0.0.1:80 is listed twice", e.getMessage());
            settle();
            assertEquals(writesBefore, writes.size());
            assertEquals(2, checks.of("10.0.0.2:80").size() + checks.of("10.0.0.3:80").size());
        }
    }

    @Test
    void aClosedLoadBalancerRefusesAnUpdate() {
        LoadBalancer lb = start(web().build());
        lb.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lb.update(List.of()));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
