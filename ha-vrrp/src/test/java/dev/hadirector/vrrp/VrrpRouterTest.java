package dev.hadirector.vrrp;

import static dev.hadirector.vrrp.RouterHarness.ms;
import static dev.hadirector.vrrp.RouterHarness.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransitionCause;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.vrrp.codec.AdvertWriter;
import dev.hadirector.vrrp.codec.VrrpPacket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every transition of RFC 5798 section 6.4 (and the v2 variants), in virtual time. */
class VrrpRouterTest {

    private static VrrpInstance.Builder v3(int priority) {
        return VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).priority(priority)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                .virtualAddress("192.168.1.200/24").excludedAddress("10.9.9.9/32");
    }

    private static VrrpInstance.Builder v2(int priority) {
        return VrrpInstance.builder("VI_2").iface("eth0").virtualRouterId(52).priority(priority)
                .virtualAddress("192.168.1.201/24");
    }

    // ---------------------------------------------------------------- timers

    @Test
    void v3TimersFollowTheRfcFormulas() {
        RouterHarness h = new RouterHarness(v3(100), "192.168.1.10");
        // Skew = (256-100) x 100 ms / 256 = 60.9375 ms; Master_Down = 300 ms + skew.
        assertEquals(ms(100) * 156 / 256, h.router.skewTimeNanos());
        assertEquals(ms(300) + ms(100) * 156 / 256, h.router.masterDownIntervalNanos());
    }

    @Test
    void v2SkewIsInSecondsIndependentOfTheInterval() {
        RouterHarness h = new RouterHarness(v2(200).advertInterval(Duration.ofSeconds(3)), "192.168.1.10");
        assertEquals(s(1) * 56 / 256, h.router.skewTimeNanos());
        assertEquals(s(9) + s(1) * 56 / 256, h.router.masterDownIntervalNanos());
    }

    // ---------------------------------------------------------------- Initialize

    @Test
    void startupGoesToBackupAndTakesOverAfterMasterDownInterval() {
        RouterHarness h = new RouterHarness(v3(100), "192.168.1.10");
        h.router.start();
        assertEquals(VrrpState.BACKUP, h.router.state());
        assertEquals(VrrpTransitionCause.STARTUP, h.transitions.get(0).cause());
        assertTrue(h.sent.isEmpty(), "a backup is silent");
        long down = h.router.masterDownIntervalNanos();
        h.loop.runFor(down - 1);
        assertEquals(VrrpState.BACKUP, h.router.state());
        h.loop.runFor(1);
        assertEquals(VrrpState.MASTER, h.router.state());
        assertEquals(VrrpTransitionCause.MASTER_DOWN_TIMER, h.transitions.get(1).cause());
        assertEquals(down, h.transitions.get(1).monotonicNanos());
        // Order: advert, addresses, announcements (garp_master_repeat 5), then the listener.
        assertEquals(List.of("listener INITIALIZE->BACKUP", "send prio 100", "add 2", "announce", "announce",
                "announce", "announce", "announce", "listener BACKUP->MASTER"), h.log);
        assertEquals(2, h.installed.size(), "virtual and excluded addresses");
    }

    @Test
    void addressOwnerStartsAsMasterAtOnce() {
        RouterHarness h = new RouterHarness(v3(255), "192.168.1.10");
        h.router.start();
        assertEquals(VrrpState.MASTER, h.router.state());
        assertEquals(VrrpTransitionCause.STARTUP_AS_MASTER, h.transitions.get(0).cause());
        assertEquals(255, h.lastSent().priority());
    }

    @Test
    void initialStateMasterStartsAsMaster() {
        RouterHarness h = new RouterHarness(v3(100).initialState(VrrpState.MASTER), "192.168.1.10");
        h.router.start();
        assertEquals(VrrpState.MASTER, h.router.state());
    }

    // ---------------------------------------------------------------- Backup

    @Test
    void backupResetsItsTimerOnEachAdvertFromAHigherMaster() {
        RouterHarness h = new RouterHarness(v3(100), "192.168.1.10");
        h.router.start();
        for (int i = 0; i < 50; i++) {
            h.loop.runFor(ms(100));
            h.advert("192.168.1.20", 200, ms(100));
        }
        assertEquals(VrrpState.BACKUP, h.router.state());
        assertEquals(1, h.transitions.size());
    }

    @Test
    void v3BackupLearnsTheMastersInterval() {
        RouterHarness h = new RouterHarness(v3(100), "192.168.1.10");
        h.router.start();
        h.advert("192.168.1.20", 200, s(1));
        assertEquals(s(1), h.router.masterAdverIntervalNanos());
        assertEquals(s(3) + s(1) * 156 / 256, h.router.masterDownIntervalNanos());
        h.loop.runFor(s(3));
        assertEquals(VrrpState.BACKUP, h.router.state(), "the learnt, longer interval applies");
        h.loop.runFor(s(1));
        assertEquals(VrrpState.MASTER, h.router.state());
        // A master advertises its own configured interval, not the learnt one.
        assertEquals(10, h.lastSent().intervalField());
    }

    @Test
    void v2BackupDoesNotLearnTheInterval() {
        RouterHarness h = new RouterHarness(v2(100), "192.168.1.10");
        h.router.start();
        h.advert("192.168.1.20", 200, s(5));
        assertEquals(s(1), h.router.masterAdverIntervalNanos());
    }

    @Test
    void backupHearingPriorityZeroTakesOverAfterSkewTime() {
        RouterHarness h = new RouterHarness(v3(100), "192.168.1.10");
        h.router.start();
        h.advert("192.168.1.20", 200, ms(100));
        h.advert("192.168.1.20", 0, ms(100));
        long skew = h.router.skewTimeNanos();
        h.loop.runFor(skew - 1);
        assertEquals(VrrpState.BACKUP, h.router.state());
        h.loop.runFor(1);
        assertEquals(VrrpState.MASTER, h.router.state());
    }

    @Test
    void preemptingBackupIgnoresALowerMasterAndTakesOver() {
        RouterHarness h = new RouterHarness(v3(150), "192.168.1.10");
        h.router.start();
        long start = h.loop.nanoTime();
        for (int i = 0; i < 10 && h.router.state() == VrrpState.BACKUP; i++) {
            h.advert("192.168.1.20", 100, ms(100));
            h.loop.runFor(ms(100));
        }
        assertEquals(VrrpState.MASTER, h.router.state());
        assertEquals(start + h.router.masterDownIntervalNanos(), h.transitions.get(1).monotonicNanos());
    }

    @Test
    void nonPreemptingBackupStaysBehindALowerMaster() {
        RouterHarness h = new RouterHarness(v3(150).preempt(false), "192.168.1.10");
        h.router.start();
        for (int i = 0; i < 100; i++) {
            h.advert("192.168.1.20", 100, ms(100));
            h.loop.runFor(ms(100));
        }
        assertEquals(VrrpState.BACKUP, h.router.state());
    }

    @Test
    void preemptDelayHoldsBackPreemptionUntilItExpires() {
        RouterHarness h = new RouterHarness(v3(150).preemptDelay(Duration.ofSeconds(2)), "192.168.1.10");
        h.router.start();
        while (h.router.state() == VrrpState.BACKUP && h.loop.nanoTime() < s(10)) {
            h.advert("192.168.1.20", 100, ms(100));
            h.loop.runFor(ms(100));
        }
        assertEquals(VrrpState.MASTER, h.router.state());
        long at = h.transitions.get(1).monotonicNanos();
        assertTrue(at >= s(2), "preempted at " + at + " before preempt_delay");
        assertTrue(at <= s(2) + h.router.masterDownIntervalNanos() + ms(100), "preempted late at " + at);
    }

    @Test
    void stopInBackupCancelsTheTimer() {
        RouterHarness h = new RouterHarness(v3(100), "192.168.1.10");
        h.router.start();
        h.router.stop();
        assertEquals(VrrpState.INITIALIZE, h.router.state());
        assertEquals(VrrpTransitionCause.SHUTDOWN, h.transitions.get(1).cause());
        h.loop.runFor(s(10));
        assertEquals(2, h.transitions.size());
        assertTrue(h.sent.isEmpty());
        h.router.start();
        assertEquals(VrrpState.BACKUP, h.router.state(), "restartable");
    }

    // ---------------------------------------------------------------- Backup after a stall of its own

    /** A backup at 10 ms that has heard the master steadily for 100 ms; the clock is then at the last advert. */
    private static RouterHarness steadyBackupAt10Ms() {
        RouterHarness h = new RouterHarness(v3(100).advertInterval(Duration.ofMillis(10)), "192.168.1.10");
        h.router.start();
        for (int i = 0; i < 10; i++) {
            h.advert("192.168.1.20", 200, ms(10));
            h.loop.runFor(ms(10));
        }
        h.advert("192.168.1.20", 200, ms(10));
        return h;
    }

    @Test
    void backupStalledPastItsTimerReadsTheAdvertsThatWaitedBeforeTakingOver() {
        RouterHarness h = steadyBackupAt10Ms();
        // A 50 ms GC pause of the backup's JVM: the master's adverts at +10..+50 ms wait in the socket, and the
        // receive thread hands them over only after the pause, behind the Master_Down_Timer (due at +36.1 ms).
        h.loop.stall(ms(50));
        h.loop.runDue();
        assertEquals(VrrpState.BACKUP, h.router.state(), "a late timer waits for the adverts read after the stall");
        assertEquals(1, h.router.stallGraces());
        for (int i = 0; i < 5; i++) {
            h.advert("192.168.1.20", 200, ms(10)); // the receive thread catching up
        }
        for (int i = 0; i < 20; i++) {
            h.loop.runFor(ms(10));
            h.advert("192.168.1.20", 200, ms(10));
        }
        assertEquals(VrrpState.BACKUP, h.router.state());
        assertEquals(1, h.transitions.size(), "no transition but the startup one");
        assertTrue(h.sent.isEmpty(), "the backup never advertised");
    }

    @Test
    void stalledBackupWhoseMasterIsGoneTakesOverAfterOneGrace() {
        RouterHarness h = steadyBackupAt10Ms();
        long lastAdvert = h.loop.nanoTime();
        long stallEnd = lastAdvert + ms(60);
        h.loop.stall(ms(60)); // the master died right after its last advert; the backup was stalled meanwhile
        assertEquals(ms(5), VrrpRouter.STALL_GRACE_NANOS);
        h.loop.runFor(VrrpRouter.STALL_GRACE_NANOS - 1);
        assertEquals(VrrpState.BACKUP, h.router.state());
        h.loop.runFor(1);
        assertEquals(VrrpState.MASTER, h.router.state());
        assertEquals(stallEnd + ms(5), h.transitions.get(1).monotonicNanos(), "one grace after the stall, no more");
        assertEquals(VrrpTransitionCause.MASTER_DOWN_TIMER, h.transitions.get(1).cause());
    }

    @Test
    void timerLateByLessThanTheToleranceTakesOverAtOnce() {
        RouterHarness h = steadyBackupAt10Ms();
        long due = h.loop.nanoTime() + h.router.masterDownIntervalNanos();
        h.loop.stall(h.router.masterDownIntervalNanos() + ms(1)); // an ordinary late wake-up, not a stall
        h.loop.runDue();
        assertEquals(VrrpState.MASTER, h.router.state());
        assertEquals(due + ms(1), h.transitions.get(1).monotonicNanos());
        assertEquals(0, h.router.stallGraces());
    }

    @Test
    void timerOnTimeTakesOverAtTheMasterDownIntervalWithoutGrace() {
        RouterHarness h = steadyBackupAt10Ms();
        long lastAdvert = h.loop.nanoTime();
        h.loop.runFor(h.router.masterDownIntervalNanos());
        assertEquals(VrrpState.MASTER, h.router.state());
        assertEquals(lastAdvert + h.router.masterDownIntervalNanos(), h.transitions.get(1).monotonicNanos());
        assertEquals(0, h.router.stallGraces());
    }

    @Test
    void stallOfTheLoopWhileAdvertsAreQueuedInOrderNeedsNoGrace() {
        RouterHarness h = steadyBackupAt10Ms();
        // Only the loop thread was descheduled: the receive thread queued each advert when it came, so they
        // are due before the timer and run first.
        for (int i = 0; i < 5; i++) {
            h.loop.schedule(ms(10) * (i + 1),
                    () -> h.advert("192.168.1.20", 200, ms(10)));
        }
        h.loop.stall(ms(50));
        h.loop.runDue();
        assertEquals(VrrpState.BACKUP, h.router.state());
        assertEquals(0, h.router.stallGraces(), "the adverts restarted the timer before it was due");
    }

    // ---------------------------------------------------------------- Master

    private static RouterHarness master(VrrpInstance.Builder b, String primary) {
        RouterHarness h = new RouterHarness(b, primary);
        h.router.start();
        h.loop.runFor(h.router.masterDownIntervalNanos());
        assertEquals(VrrpState.MASTER, h.router.state());
        h.log.clear();
        return h;
    }

    @Test
    void masterAdvertisesEveryInterval() {
        RouterHarness h = master(v3(100), "192.168.1.10");
        int before = h.sent.size();
        h.loop.runFor(s(1));
        assertEquals(before + 10, h.sent.size());
        RouterHarness.Sent last = h.lastSent();
        assertEquals(3, last.version());
        assertEquals(51, last.vrid());
        assertEquals(100, last.priority());
        assertEquals(10, last.intervalField());
        assertEquals("224.0.0.18", last.destination().getHostAddress());
    }

    @Test
    void masterYieldsToHigherPriorityAndRunsListenersBeforeRemovingAddresses() {
        RouterHarness h = master(v3(100), "192.168.1.10");
        h.advert("192.168.1.20", 101, ms(200));
        assertEquals(VrrpState.BACKUP, h.router.state());
        assertEquals(VrrpTransitionCause.HIGHER_PRIORITY_ADVERT, h.transitions.get(2).cause());
        assertEquals(List.of("listener MASTER->BACKUP", "remove 2"), h.log);
        assertTrue(h.installed.isEmpty());
        assertEquals(ms(200), h.router.masterAdverIntervalNanos(), "learnt on yielding");
        int sent = h.sent.size();
        h.loop.runFor(ms(500));
        assertEquals(sent, h.sent.size(), "a backup is silent");
    }

    @Test
    void equalPriorityTieBreaksOnTheHigherPrimaryAddress() {
        RouterHarness lower = master(v3(100), "192.168.1.10");
        lower.advert("192.168.1.9", 100, ms(100));
        assertEquals(VrrpState.MASTER, lower.router.state(), "lower address does not win");
        lower.advert("192.168.1.11", 100, ms(100));
        assertEquals(VrrpState.BACKUP, lower.router.state(), "higher address wins");
        RouterHarness unsigned = master(v3(100), "192.168.1.10");
        unsigned.advert("10.0.0.1", 100, ms(100));
        assertEquals(VrrpState.MASTER, unsigned.router.state(), "compared as unsigned: 192 > 10");
    }

    @Test
    void masterDiscardsLowerPriorityAdverts() {
        RouterHarness h = master(v3(100), "192.168.1.10");
        h.advert("192.168.1.250", 99, ms(100));
        assertEquals(VrrpState.MASTER, h.router.state());
        assertTrue(h.log.isEmpty());
    }

    @Test
    void masterAnswersPriorityZeroWithAnImmediateAdvert() {
        RouterHarness h = master(v3(100), "192.168.1.10");
        h.loop.runFor(ms(50));
        int sent = h.sent.size();
        h.advert("192.168.1.20", 0, ms(100));
        assertEquals(sent + 1, h.sent.size());
        assertEquals(VrrpState.MASTER, h.router.state());
        // The advert timer restarts from now.
        h.loop.runFor(ms(99));
        assertEquals(sent + 1, h.sent.size());
        h.loop.runFor(ms(1));
        assertEquals(sent + 2, h.sent.size());
    }

    @Test
    void stopFromMasterResignsWithPriorityZeroThenRemovesAddresses() {
        RouterHarness h = master(v3(100), "192.168.1.10");
        h.router.stop();
        assertEquals(VrrpState.INITIALIZE, h.router.state());
        assertEquals(List.of("send prio 0", "listener MASTER->INITIALIZE", "remove 2"), h.log);
        int sent = h.sent.size();
        h.loop.runFor(s(20));
        assertEquals(sent, h.sent.size(), "no adverts or announcements after stop");
    }

    @Test
    void garpBurstsFollowKeepalivedDefaultsAndRefresh() {
        RouterHarness h = new RouterHarness(v3(100).garpMasterRefresh(Duration.ofSeconds(60))
                .garpMasterRefreshRepeat(2), "192.168.1.10");
        h.router.start();
        h.loop.runFor(h.router.masterDownIntervalNanos());
        assertEquals(5, h.announcements);
        h.loop.runFor(s(5) - 1);
        assertEquals(5, h.announcements);
        h.loop.runFor(1);
        assertEquals(10, h.announcements, "second burst after garp_master_delay");
        h.loop.runFor(s(55));
        assertEquals(12, h.announcements, "refresh of 2 after 60 s");
        for (int i = 0; i < 1200; i++) {
            h.advert("192.168.1.20", 200, ms(100));
            h.loop.runFor(ms(100));
        }
        assertEquals(VrrpState.BACKUP, h.router.state());
        assertEquals(12, h.announcements, "no refresh after leaving master");
    }

    @Test
    void unicastPeersEachGetAnAdvertWithTheirOwnChecksum() {
        RouterHarness h = master(v3(100).unicastSrcIp("192.168.1.10").unicastPeer("192.168.1.11")
                .unicastPeer("192.168.1.12"), "192.168.1.10");
        h.sent.clear();
        h.loop.runFor(ms(100));
        assertEquals(2, h.sent.size());
        assertEquals("192.168.1.11", h.sent.get(0).destination().getHostAddress());
        assertEquals("192.168.1.12", h.sent.get(1).destination().getHostAddress());
        for (RouterHarness.Sent s : h.sent) {
            VrrpPacket p = new VrrpPacket().wrap(ByteBuffer.wrap(s.bytes()), 0, s.bytes().length, 4);
            assertTrue(p.checksumValid(RouterHarness.ip("192.168.1.10").getAddress(), s.destination().getAddress()));
        }
        assertTrue(h.sent.get(0).checksum() != h.sent.get(1).checksum());
    }

    // ---------------------------------------------------------------- Fault and priority

    @Test
    void faultFromMasterResignsAndRecoveryReturnsToBackup() {
        RouterHarness h = master(v3(100), "192.168.1.10");
        h.router.fault("interface eth0", true);
        assertEquals(VrrpState.FAULT, h.router.state());
        assertEquals(List.of("send prio 0", "listener MASTER->FAULT", "remove 2"), h.log);
        h.advert("192.168.1.20", 50, ms(100));
        h.loop.runFor(s(5));
        assertEquals(VrrpState.FAULT, h.router.state(), "adverts and timers do nothing in FAULT");
        h.router.fault("interface eth0", false);
        assertEquals(VrrpState.BACKUP, h.router.state());
        assertEquals(VrrpTransitionCause.FAULT_CLEARED, h.transitions.get(h.transitions.size() - 1).cause());
    }

    @Test
    void addressOwnerLeavesFaultStraightToMaster() {
        RouterHarness h = new RouterHarness(v3(255), "192.168.1.10");
        h.router.start();
        h.router.fault("interface eth0", true);
        assertEquals(VrrpState.FAULT, h.router.state());
        assertEquals(0, h.lastSent().priority(), "resigned on entering FAULT");
        h.router.fault("interface eth0", false);
        assertEquals(VrrpState.MASTER, h.router.state());
        assertEquals(255, h.lastSent().priority());
    }

    @Test
    void startWithAnActiveFaultGoesToFault() {
        RouterHarness h = new RouterHarness(v3(100), "192.168.1.10");
        h.router.fault("script chk", true);
        assertEquals(VrrpState.INITIALIZE, h.router.state(), "a fault does not start the instance");
        h.router.start();
        assertEquals(VrrpState.FAULT, h.router.state());
        h.router.fault("other", true);
        h.router.fault("script chk", false);
        assertEquals(VrrpState.FAULT, h.router.state(), "one condition still active");
        h.router.fault("other", false);
        assertEquals(VrrpState.BACKUP, h.router.state());
    }

    @Test
    void priorityDeltasAreSummedClampedAndAdvertised() {
        RouterHarness h = master(v3(100), "192.168.1.10");
        h.router.priorityDelta("a", -30);
        h.router.priorityDelta("b", -20);
        assertEquals(50, h.router.effectivePriority());
        h.loop.runFor(ms(100));
        assertEquals(50, h.lastSent().priority());
        h.router.priorityDelta("a", -200);
        assertEquals(1, h.router.effectivePriority());
        h.router.priorityDelta("a", 0);
        h.router.priorityDelta("b", 253);
        assertEquals(254, h.router.effectivePriority());
        RouterHarness owner = new RouterHarness(v3(255), "192.168.1.10");
        owner.router.priorityDelta("a", -50);
        assertEquals(255, owner.router.effectivePriority(), "an address owner's priority is fixed");
    }

    // ---------------------------------------------------------------- robustness

    @Test
    void commandsFromListenersRunAfterTheTransitionCompletes() {
        RouterHarness[] ref = new RouterHarness[1];
        RouterHarness h = new RouterHarness(v3(100).onTransition(t -> {
            if (t.to() == VrrpState.MASTER) {
                ref[0].router.stop();
                assertEquals(VrrpState.MASTER, ref[0].router.state(), "stop is deferred");
            }
        }), "192.168.1.10");
        ref[0] = h;
        h.router.start();
        h.loop.runFor(h.router.masterDownIntervalNanos());
        assertEquals(VrrpState.INITIALIZE, h.router.state());
        assertTrue(h.installed.isEmpty());
    }

    @Test
    void throwingListenersAndFailingKernelCallsDoNotStopTheStateMachine() {
        VrrpInstance spec = v3(100).onTransition(t -> {
            throw new IllegalStateException("listener bug");
        }).build();
        RouterHarness.ip("192.168.1.10");
        var loop = new dev.hadirector.vrrp.time.VirtualEventLoop();
        int[] sent = {0};
        VrrpRouter r = new VrrpRouter(spec, RouterHarness.ip("192.168.1.10"), loop, (d, b, o, l) -> {
            sent[0]++;
            throw new IllegalStateException("ENETUNREACH");
        }, new VipManager() {
            @Override
            public void add(List<dev.hadirector.api.Vip> vips) {
                throw new IllegalStateException("EPERM");
            }

            @Override
            public void remove(List<dev.hadirector.api.Vip> vips) {
                throw new IllegalStateException("EPERM");
            }
        }, v -> {
            throw new IllegalStateException("ENODEV");
        });
        r.start();
        loop.runFor(s(1));
        assertEquals(VrrpState.MASTER, r.state());
        assertTrue(sent[0] > 5, "keeps advertising");
        assertEquals(sent[0], r.sendFailures());
        r.stop();
        assertEquals(VrrpState.INITIALIZE, r.state());
    }

    @Test
    void invalidAdvertsNeverChangeState() {
        RouterHarness h = new RouterHarness(v3(100), "192.168.1.10");
        h.router.start();
        AdvertWriter w = new AdvertWriter(3, 51, List.of(RouterHarness.ip("192.168.1.200")), Optional.empty());
        ByteBuffer buf = ByteBuffer.allocate(64);
        byte[] src = RouterHarness.ip("192.168.1.20").getAddress();
        byte[] dst = RouterHarness.ip("224.0.0.18").getAddress();
        w.write(buf, 0, 200, 10, src, dst);
        h.router.receive(buf, 0, w.length(), 254, src, dst); // TTL 254
        buf.put(7, (byte) (buf.get(7) ^ 1));
        h.router.receive(buf, 0, w.length(), 255, src, dst); // bad checksum
        h.loop.runFor(h.router.masterDownIntervalNanos());
        assertEquals(VrrpState.MASTER, h.router.state(), "the invalid adverts did not reset the timer");
        assertEquals(1, h.router.discards().count(DiscardReason.TTL_NOT_255));
        assertEquals(1, h.router.discards().count(DiscardReason.BAD_CHECKSUM));
        // And a valid one through the same path does make it yield.
        w.write(buf, 0, 200, 10, src, dst);
        h.router.receive(buf, 0, w.length(), 255, src, dst);
        assertEquals(VrrpState.BACKUP, h.router.state());
        assertEquals(1, h.router.advertsAccepted());
    }

    @Test
    void refusesAPrimaryAddressOfTheWrongFamily() {
        VipManager noVips = new VipManager() {
            @Override
            public void add(List<dev.hadirector.api.Vip> vips) {
            }

            @Override
            public void remove(List<dev.hadirector.api.Vip> vips) {
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VrrpRouter(
                v3(100).build(), RouterHarness.ip("fe80::1"), new dev.hadirector.vrrp.time.VirtualEventLoop(),
                (d, b, o, l) -> { }, noVips, v -> { }));
        assertTrue(e.getMessage().contains("primaryAddress fe80:0:0:0:0:0:0:1 is of the wrong family: the instance"
                + " is IPv4"), e.getMessage());
    }
}
