package dev.hadirector.ipvs.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Forwarding;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.Scheduler;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.ipvs.FakeIpvsKernelAccess;
import dev.hadirector.ipvs.Ipvs;
import dev.hadirector.ipvs.IpvsClient;
import dev.hadirector.ipvs.IpvsException;
import dev.hadirector.ipvs.IpvsOperation;
import dev.hadirector.ipvs.IpvsService;
import dev.hadirector.ipvs.IpvsService.ServiceKey;
import dev.hadirector.ipvs.text.IpvsadmFormat;
import dev.hadirector.kernel.Errno;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpvsReconcilerTest {
    private final FakeIpvsKernelAccess kernel = new FakeIpvsKernelAccess();
    private final IpvsClient client = kernel.client();
    private final List<Difference> drift = new ArrayList<>();
    private final IpvsReconciler reconciler = new IpvsReconciler(client, drift::add);

    private static VirtualServer.Builder web() {
        return VirtualServer.tcp("10.0.0.1", 80).scheduler(Scheduler.WLC).forwarding(Forwarding.MASQUERADE)
                .realServer(RealServer.of("10.0.1.1", 8080).weight(1))
                .realServer(RealServer.of("10.0.1.2", 8080).weight(2));
    }

    private static VirtualServer dns() {
        return VirtualServer.udp("10.0.0.1", 53).scheduler(Scheduler.RR).onePacket(true)
                .forwarding(Forwarding.DIRECT_ROUTE).realServer(RealServer.of("10.0.2.1", 5353)).build();
    }

    private List<Integer> changesSince(int before) {
        List<Integer> all = kernel.changeCommands();
        return all.subList(before, all.size());
    }

    @Test
    void firstApplyAddsEverythingInOneBatchAndASecondSendsNothing() {
        ReconcileResult first = reconciler.apply(List.of(web().build(), dns()));
        assertTrue(first.ok(), first::summary);
        assertEquals(List.of(Ipvs.CMD_NEW_SERVICE, Ipvs.CMD_NEW_DEST, Ipvs.CMD_NEW_DEST, Ipvs.CMD_NEW_SERVICE,
                Ipvs.CMD_NEW_DEST), kernel.changeCommands());
        assertEquals("""
                -A -t 10.0.0.1:80 -s wlc
                -a -t 10.0.0.1:80 -r 10.0.1.1:8080 -m -w 1
                -a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 2
                -A -u 10.0.0.1:53 -s rr -o
                -a -u 10.0.0.1:53 -r 10.0.2.1:53 -g -w 1
                """, IpvsadmFormat.save(client.table()), "a routed real server keeps the service port");

        int changes = kernel.changeCommands().size();
        int datagrams = kernel.datagrams();
        ReconcileResult second = reconciler.apply(List.of(web().build(), dns()));
        assertTrue(second.changedNothing());
        assertEquals(changes, kernel.changeCommands().size());
        assertEquals(datagrams, kernel.datagrams(),
                "nothing changed since the kernel acked it: nothing is sent, not even a read");
    }

    @Test
    void aSmallChangeIsSentWithoutReadingAnythingBack() {
        List<VirtualServer> table = new ArrayList<>(List.of(web().build(), dns()));
        for (int port = 81; port <= 88; port++) {
            table.add(VirtualServer.tcp("10.0.0.1", port).realServer(RealServer.of("10.0.3.1", port)).build());
        }
        reconciler.apply(table);
        int datagrams = kernel.datagrams();
        int before = kernel.changeCommands().size();
        table.set(0, web().clearRealServers()
                .realServer(RealServer.of("10.0.1.1", 8080).weight(1))
                .realServer(RealServer.of("10.0.1.2", 8080).weight(7)).build());
        assertTrue(reconciler.apply(table).ok());
        assertEquals(List.of(Ipvs.CMD_SET_DEST), changesSince(before));
        assertEquals(datagrams + 1, kernel.datagrams(),
                "the change is diffed against the remembered table: one batch, no read");
        int requests = kernel.requestCount();
        table.add(VirtualServer.tcp("10.0.0.2", 80).realServer(RealServer.of("10.0.3.2", 80)).build());
        table.remove(dns());
        assertTrue(reconciler.apply(table).ok());
        assertEquals(List.of(Ipvs.CMD_DEL_SERVICE, Ipvs.CMD_NEW_SERVICE, Ipvs.CMD_NEW_DEST),
                kernel.commands().subList(requests, kernel.requestCount()),
                "a new service is presumed absent and a dropped one present: no read either");
        assertEquals("""
                -A -t 10.0.0.2:80 -s wlc
                -a -t 10.0.0.2:80 -r 10.0.3.2:80 -m -w 1
                """, IpvsadmFormat.save(client.table()).lines().filter(l -> l.contains("10.0.0.2:80"))
                .map(l -> l + "\n").reduce("", String::concat));
    }

    @Test
    void aRefusalCausedByADestinationRemovedBehindOurBackIsRepairedAndReported() {
        reconciler.apply(List.of(web().build(), dns()));
        ServiceKey webKey = VirtualServerMapping.toDesired(web().build()).service().key();
        client.deleteDestination(webKey, client.destinations(webKey).get(0).destination()); // as ipvsadm -d would
        int requests = kernel.requestCount();

        VirtualServer heavier = web().clearRealServers()
                .realServer(RealServer.of("10.0.1.1", 8080).weight(5))
                .realServer(RealServer.of("10.0.1.2", 8080).weight(6)).build();
        ReconcileResult result = reconciler.apply(List.of(heavier, dns()));
        assertTrue(result.ok(), result::summary);
        assertEquals(List.of(Ipvs.CMD_SET_DEST, Ipvs.CMD_SET_DEST, Ipvs.CMD_GET_SERVICE, Ipvs.CMD_GET_DEST,
                Ipvs.CMD_NEW_DEST), kernel.commands().subList(requests, kernel.requestCount()),
                "the edit of the missing destination is refused (ENOENT): only that service is read back");
        assertEquals(List.of("destination 10.0.1.1:8080 of TCP 10.0.0.1:80 is missing"),
                drift.stream().map(Difference::toString).toList());
        assertEquals(2, result.applied().size(), "the edit that went through and the repairing add");
        assertTrue(result.differences().containsAll(drift), "drift is part of the result's differences");
        assertEquals("""
                -A -t 10.0.0.1:80 -s wlc
                -a -t 10.0.0.1:80 -r 10.0.1.1:8080 -m -w 5
                -a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 6
                -A -u 10.0.0.1:53 -s rr -o
                -a -u 10.0.0.1:53 -r 10.0.2.1:53 -g -w 1
                """, IpvsadmFormat.save(client.table()));
        int after = kernel.requestCount();
        assertTrue(reconciler.apply(List.of(heavier, dns())).changedNothing());
        assertEquals(after, kernel.requestCount(), "the repaired service is remembered again");
    }

    @Test
    void aServiceDeletedOrCreatedBehindOurBackIsRepairedFromTheRefusal() {
        reconciler.apply(List.of(web().build()));
        ServiceKey webKey = VirtualServerMapping.toDesired(web().build()).service().key();
        client.deleteService(webKey);
        ServiceKey dnsKey = VirtualServerMapping.toDesired(dns()).service().key();
        client.addService(IpvsService.of(dnsKey, Scheduler.WLC)); // someone else's, with our next service's key

        VirtualServer rr = web().scheduler(Scheduler.RR).build();
        ReconcileResult result = reconciler.apply(List.of(rr, dns()));
        assertTrue(result.ok(), result::summary);
        assertEquals(List.of("service TCP 10.0.0.1:80 is missing",
                        "service UDP 10.0.0.1:53 differs: scheduler wlc -> rr, flags 0x0 -> 0x4"),
                drift.stream().map(Difference::toString).toList(),
                "ESRCH for the edit of ours; EEXIST for the add of the new one, whose destination went in");
        assertEquals("""
                -A -t 10.0.0.1:80 -s rr
                -a -t 10.0.0.1:80 -r 10.0.1.1:8080 -m -w 1
                -a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 2
                -A -u 10.0.0.1:53 -s rr -o
                -a -u 10.0.0.1:53 -r 10.0.2.1:53 -g -w 1
                """, IpvsadmFormat.save(client.table()));
    }

    @Test
    void refusalsExplainedByAnEarlierRefusalAreNotDrift() {
        VirtualServer unknownScheduler = web().scheduler(Scheduler.of("nosuch")).build();
        reconciler.apply(List.of(dns()));
        int requests = kernel.requestCount();
        ReconcileResult result = reconciler.apply(List.of(dns(), unknownScheduler));
        assertEquals(3, result.failed().size(), result::summary);
        assertEquals(List.of(Errno.ENOENT, Errno.ESRCH, Errno.ESRCH),
                result.failed().stream().map(IpvsException::errno).toList());
        assertTrue(drift.isEmpty(), "destinations of a service whose add failed cannot be added: not drift");
        assertEquals(3, kernel.requestCount() - requests, "nothing is read back");

        int next = kernel.requestCount();
        assertEquals(3, reconciler.apply(List.of(dns(), unknownScheduler)).failed().size());
        assertEquals(3, kernel.requestCount() - next, "the next apply tries again, still without reading");
    }

    @Test
    void aRefusalRepeatedDuringTheRepairIsReportedAndTheNextApplyReadsTheServiceAgain() {
        reconciler.apply(List.of(web().build()));
        VirtualServer heavier = web().clearRealServers()
                .realServer(RealServer.of("10.0.1.1", 8080).weight(1))
                .realServer(RealServer.of("10.0.1.2", 8080).weight(4)).build();
        int requests = kernel.requestCount();
        // The edit is refused as if the service vanished, and again when resent after the read back.
        kernel.failRequest(requests, Errno.ESRCH);
        kernel.failRequest(requests + 3, Errno.ESRCH);
        ReconcileResult result = reconciler.apply(List.of(heavier));
        assertFalse(result.ok());
        assertEquals(1, result.failed().size(), "the first refusal was superseded by the repair's: " + result.summary());
        assertEquals(List.of("destination 10.0.1.2:8080 of TCP 10.0.0.1:80 differs: weight 2 -> 4"),
                drift.stream().map(Difference::toString).toList());

        int next = kernel.requestCount();
        assertTrue(reconciler.apply(List.of(heavier)).ok());
        assertEquals(List.of(Ipvs.CMD_GET_SERVICE, Ipvs.CMD_GET_DEST, Ipvs.CMD_SET_DEST),
                kernel.commands().subList(next, kernel.requestCount()), "read again, then converge");
        assertEquals(4, client.destinations(VirtualServerMapping.toDesired(heavier).service().key()).get(1)
                .destination().weight());
    }

    @Test
    void applyLeavesUntouchedServicesToTheDriftCheck() {
        reconciler.apply(List.of(web().build(), dns()));
        ServiceKey dnsKey = VirtualServerMapping.toDesired(dns()).service().key();
        var behindOurBack = client.destinations(dnsKey).get(0).destination();
        client.deleteDestination(dnsKey, behindOurBack);

        VirtualServer heavier = web().clearRealServers()
                .realServer(RealServer.of("10.0.1.1", 8080).weight(3))
                .realServer(RealServer.of("10.0.1.2", 8080).weight(2)).build();
        assertTrue(reconciler.apply(List.of(heavier, dns())).ok());
        assertTrue(client.destinations(dnsKey).isEmpty(), "apply reads back only what it changes");

        ReconcileResult repaired = reconciler.checkDrift();
        assertTrue(repaired.ok());
        assertEquals(1, drift.size(), drift::toString);
        assertEquals(1, client.destinations(dnsKey).size(), "the drift check reads everything and repairs it");
    }

    @Test
    void changesAreEditedInPlaceNotDeletedAndReAdded() {
        reconciler.apply(List.of(web().build()));
        int before = kernel.changeCommands().size();
        VirtualServer changed = web().scheduler(Scheduler.RR).persistent(300).persistencePrefix(24)
                .clearRealServers()
                .realServer(RealServer.of("10.0.1.1", 8080).weight(5).upperThreshold(100).lowerThreshold(50))
                .realServer(RealServer.of("10.0.1.2", 8080).weight(2)).build();
        ReconcileResult result = reconciler.apply(List.of(changed));
        assertTrue(result.ok());
        assertEquals(List.of(Ipvs.CMD_SET_SERVICE, Ipvs.CMD_SET_DEST), changesSince(before));
        assertEquals("""
                -A -t 10.0.0.1:80 -s rr -p 300 -M 255.255.255.0
                -a -t 10.0.0.1:80 -r 10.0.1.1:8080 -m -w 5
                -a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 2
                """, IpvsadmFormat.save(client.table()));
    }

    @Test
    void forwardingChangeIsAnEditAndRealServerSetChangesTouchOnlyThoseServers() {
        VirtualServer.Builder base = VirtualServer.tcp("10.0.0.1", 80).forwarding(Forwarding.MASQUERADE);
        reconciler.apply(List.of(base.realServer(RealServer.of("10.0.1.1", 80))
                .realServer(RealServer.of("10.0.1.2", 80)).build()));
        int before = kernel.changeCommands().size();
        VirtualServer next = base.clearRealServers()
                .realServer(RealServer.of("10.0.1.1", 80).forwarding(
                        Forwarding.tunnel(Forwarding.TunnelType.GUE, 6080, Forwarding.TunnelChecksum.CHECKSUM)))
                .realServer(RealServer.of("10.0.1.3", 80)).build();
        assertTrue(reconciler.apply(List.of(next)).ok());
        assertEquals(List.of(Ipvs.CMD_DEL_DEST, Ipvs.CMD_SET_DEST, Ipvs.CMD_NEW_DEST), changesSince(before));
        assertEquals("""
                -A -t 10.0.0.1:80 -s wlc
                -a -t 10.0.0.1:80 -r 10.0.1.1:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum
                -a -t 10.0.0.1:80 -r 10.0.1.3:80 -m -w 1
                """, IpvsadmFormat.save(client.table()));
    }

    @Test
    void foreignServicesAreLeftAloneAndDroppedOnesDeleted() throws Exception {
        IpvsService foreign = IpvsService.of(ServiceKey.firewallMark(42, false), Scheduler.RR);
        client.addService(foreign);
        reconciler.apply(List.of(web().build(), dns()));
        int before = kernel.changeCommands().size();
        ReconcileResult result = reconciler.apply(List.of(dns()));
        assertEquals(List.of(Ipvs.CMD_DEL_SERVICE), changesSince(before));
        assertEquals(List.of(new IpvsOperation.DeleteService(VirtualServerMapping.toDesired(web().build())
                .service().key())), result.applied());
        assertEquals("""
                -A -u 10.0.0.1:53 -s rr -o
                -a -u 10.0.0.1:53 -r 10.0.2.1:53 -g -w 1
                -A -f 42 -s rr
                """, IpvsadmFormat.save(client.table()));
        assertEquals(1, reconciler.managed().size());
        reconciler.apply(List.of());
        assertEquals("-A -f 42 -s rr\n", IpvsadmFormat.save(client.table()));
    }

    @Test
    void driftIsReportedAndRepaired() {
        reconciler.apply(List.of(web().build(), dns()));
        assertTrue(reconciler.checkDrift().changedNothing());
        assertTrue(drift.isEmpty(), "no drift when nobody touched the table");

        client.flush(); // as ipvsadm -C would
        ServiceKey webKey = VirtualServerMapping.toDesired(web().build()).service().key();
        ReconcileResult repaired = reconciler.checkDrift();
        assertTrue(repaired.ok());
        assertEquals(2, drift.size());
        assertEquals(Difference.Kind.SERVICE_MISSING, drift.get(0).kind());
        assertEquals(webKey, drift.get(0).service());
        assertEquals("service TCP 10.0.0.1:80 is missing", drift.get(0).toString());
        assertEquals(5, repaired.applied().size());

        drift.clear();
        var d = client.destinations(webKey).get(0).destination();
        client.editDestination(webKey, d.withWeight(9));
        reconciler.checkDrift();
        assertEquals(1, drift.size());
        assertEquals("destination 10.0.1.1:8080 of TCP 10.0.0.1:80 differs: weight 9 -> 1", drift.get(0).toString());
        assertEquals(1, client.destinations(webKey).get(0).destination().weight());
    }

    @Test
    void aFailureInTheMiddleIsReportedAndTheNextApplyConverges() {
        // Requests: 0 = service dump; then the batch: 1 add service, 2 add dest, 3 add dest.
        kernel.failRequest(kernel.requestCount() + 2);
        ReconcileResult result = reconciler.apply(List.of(web().build()));
        assertFalse(result.ok());
        assertEquals(2, result.applied().size());
        assertEquals(1, result.failed().size());
        assertTrue(result.summary().contains("not applied: add destination 10.0.1.1:8080 to TCP 10.0.0.1:80: EINVAL"),
                result.summary());

        int before = kernel.changeCommands().size();
        ReconcileResult next = reconciler.apply(List.of(web().build()));
        assertTrue(next.ok());
        assertEquals(List.of(Ipvs.CMD_NEW_DEST), changesSince(before));
        assertTrue(reconciler.apply(List.of(web().build())).changedNothing());
    }

    @Test
    void aBatchLostHalfWayMakesTheNextApplyReadEverythingAgainAndConverge() {
        reconciler.apply(List.of(dns()));
        int requests = kernel.requestCount();
        kernel.loseAtRequest(requests + 2); // add service, add first destination, then the socket fails
        assertThrows(RuntimeException.class, () -> reconciler.apply(List.of(dns(), web().build())));

        int next = kernel.requestCount();
        ReconcileResult result = reconciler.apply(List.of(dns(), web().build()));
        assertTrue(result.ok(), result::summary);
        List<Integer> commands = kernel.commands().subList(next, kernel.requestCount());
        assertEquals(Ipvs.CMD_GET_SERVICE, commands.get(0), "nothing is known after a lost batch: read first");
        assertEquals(List.of(Ipvs.CMD_NEW_DEST), kernel.changeCommands().subList(kernel.changeCommands().size() - 1,
                kernel.changeCommands().size()), "only the destination the lost batch did not add is sent");
        assertEquals("""
                -A -t 10.0.0.1:80 -s wlc
                -a -t 10.0.0.1:80 -r 10.0.1.1:8080 -m -w 1
                -a -t 10.0.0.1:80 -r 10.0.1.2:8080 -m -w 2
                -A -u 10.0.0.1:53 -s rr -o
                -a -u 10.0.0.1:53 -r 10.0.2.1:53 -g -w 1
                """, IpvsadmFormat.save(client.table()));
        assertTrue(drift.isEmpty(), "a lost batch is not drift: " + drift);
    }

    @Test
    void planIsMinimalForAPureWeightChange() {
        DesiredService before = VirtualServerMapping.toDesired(web().build());
        DesiredService after = VirtualServerMapping.toDesired(web().clearRealServers()
                .realServer(RealServer.of("10.0.1.1", 8080).weight(0))
                .realServer(RealServer.of("10.0.1.2", 8080).weight(2)).build());
        IpvsClient c = FakeIpvsKernelAccess.newClient();
        c.addService(before.service());
        before.destinations().forEach(d -> c.addDestination(before.service().key(), d));
        ReconcilePlan plan = IpvsDiff.plan(List.of(after), c.table(), java.util.Set.of());
        assertEquals(List.of(new IpvsOperation.EditDestination(after.service().key(), after.destinations().get(0))),
                plan.operations());
    }

    @Test
    void mappingCoversEveryServiceOption() {
        VirtualServer vs = VirtualServer.firewallMark(7).ipv6().scheduler(Scheduler.MH)
                .schedulerFlags(Scheduler.Flag.MH_FALLBACK, Scheduler.Flag.MH_PORT).persistent(120)
                .persistencePrefix(64).persistenceEngine("sip").forwarding(Forwarding.DIRECT_ROUTE)
                .realServer(RealServer.of("2001:db8::5", 0).weight(3))
                .realServer(RealServer.of("10.0.0.5", 0).forwarding(Forwarding.TUNNEL)).build();
        DesiredService d = VirtualServerMapping.toDesired(vs);
        assertEquals(ServiceKey.firewallMark(7, true), d.service().key());
        assertEquals(Ipvs.SVC_F_PERSISTENT | Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2, d.service().flags());
        assertEquals(120, d.service().timeout());
        assertEquals(64, d.service().netmask());
        assertEquals("sip", d.service().persistenceEngine());
        assertEquals(Forwarding.DIRECT_ROUTE, d.destinations().get(0).forwarding());
        assertEquals(Forwarding.TUNNEL, d.destinations().get(1).forwarding());
        assertEquals(0xfffff000, VirtualServerMapping.toDesired(VirtualServer.tcp("10.0.0.1", 80).persistent(60)
                .persistencePrefix(20).build()).service().netmask());
        assertEquals(0xffffffff, VirtualServerMapping.toDesired(VirtualServer.tcp("10.0.0.1", 80).build())
                .service().netmask());
    }

    @Test
    void periodicDriftChecksRunOnTheGivenLoop() throws Exception {
        java.util.concurrent.ScheduledExecutorService loop = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            java.util.concurrent.CompletableFuture<ReconcileResult> applied = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> reconciler.apply(List.of(dns())), loop);
            assertTrue(applied.get(30, java.util.concurrent.TimeUnit.SECONDS).ok());
            java.util.concurrent.CountDownLatch repaired = new java.util.concurrent.CountDownLatch(1);
            List<Difference> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            IpvsReconciler watched = new IpvsReconciler(kernel.client(), d -> {
                seen.add(d);
                repaired.countDown();
            });
            java.util.concurrent.CompletableFuture.runAsync(() -> watched.apply(List.of(dns())), loop).get(30,
                    java.util.concurrent.TimeUnit.SECONDS);
            java.util.concurrent.CompletableFuture.runAsync(client::flush, loop).get(30,
                    java.util.concurrent.TimeUnit.SECONDS);
            var task = watched.scheduleDriftChecks(loop, java.time.Duration.ofMillis(10));
            assertTrue(repaired.await(60, java.util.concurrent.TimeUnit.SECONDS), "a scheduled check found the drift");
            task.cancel(false);
            assertEquals(Difference.Kind.SERVICE_MISSING, seen.get(0).kind());
            assertThrows(IllegalArgumentException.class,
                    () -> watched.scheduleDriftChecks(loop, java.time.Duration.ZERO));
        } finally {
            loop.shutdownNow();
        }
    }
}
