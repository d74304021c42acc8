package dev.hadirector.vrrp;

import static dev.hadirector.vrrp.RouterHarness.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTransitionCause;
import dev.hadirector.api.VrrpVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reload's in-place update of a running instance: no transition, only what changed is touched. */
class VrrpRouterReconfigureTest {

    private static VrrpInstance.Builder v3(int priority) {
        return VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).priority(priority)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                .virtualAddress("192.168.1.200/24").excludedAddress("10.9.9.9/32");
    }

    private static RouterHarness master(int priority) {
        RouterHarness h = new RouterHarness(v3(priority).initialState(VrrpState.MASTER), "192.168.1.10");
        h.router.start();
        assertEquals(VrrpState.MASTER, h.router.state());
        return h;
    }

    private static VrrpInstance.Builder respec(RouterHarness h) {
        return h.router.spec().toBuilder();
    }

    @Test
    void aMastersNewPriorityGoesIntoTheNextAdvertWithoutATransition() {
        RouterHarness h = master(150);
        h.loop.runFor(ms(250));
        int transitions = h.transitions.size();
        int adverts = h.sent.size();
        h.log.clear();

        h.router.reconfigure(respec(h).priority(50).build());

        assertEquals(50, h.router.effectivePriority());
        assertEquals(VrrpState.MASTER, h.router.state());
        assertEquals(List.of(), h.log, "nothing sent, added, removed or announced at once");
        h.loop.runFor(ms(100));
        assertEquals(adverts + 1, h.sent.size(), "adverts go on at the same pace");
        assertEquals(50, h.lastSent().priority());
        assertEquals(transitions, h.transitions.size(), "no transition");
        assertEquals(2, h.installed.size(), "the addresses stay");
    }

    @Test
    void aMasterAddsAndAnnouncesNewAddressesRemovesGoneOnesAndKeepsTheRest() {
        RouterHarness h = master(150);
        h.log.clear();
        // keeps 192.168.1.200, adds 192.168.1.201, the excluded 10.9.9.9 is gone
        VrrpInstance noExcluded = VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).priority(150)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100)).initialState(VrrpState.MASTER)
                .virtualAddress("192.168.1.200/24").virtualAddress("192.168.1.201/24").build();

        h.router.reconfigure(noExcludedWithListeners(h, noExcluded));

        assertEquals(List.of("remove 1", "add 1", "announce", "announce", "announce", "announce", "announce"),
                h.log, "only the changed addresses are touched; a burst announces the new one");
        assertEquals(List.of(Vip.parse("192.168.1.200/24"), Vip.parse("192.168.1.201/24")), h.installed);
        h.loop.runFor(ms(100));
        assertEquals(8 + 2 * 4, h.lastSent().bytes().length, "the advert carries both addresses");
        assertEquals(VrrpState.MASTER, h.router.state());
    }

    private static VrrpInstance noExcludedWithListeners(RouterHarness h, VrrpInstance spec) {
        VrrpInstance.Builder b = spec.toBuilder();
        h.router.spec().listeners().forEach(b::onTransition);
        return b.build();
    }

    @Test
    void aBackupWhosePriorityRisesAboveTheMastersPreemptsByTheProtocol() {
        RouterHarness h = new RouterHarness(v3(100), "192.168.1.10");
        h.router.start();
        for (int i = 0; i < 5; i++) {
            h.advert("192.168.1.20", 150, ms(100));
            h.loop.runFor(ms(100));
        }
        assertEquals(VrrpState.BACKUP, h.router.state());

        h.router.reconfigure(respec(h).priority(200).build());
        for (int i = 0; i < 5 && h.router.state() == VrrpState.BACKUP; i++) {
            h.advert("192.168.1.20", 150, ms(100)); // ignored now: lower than ours and preempt is on
            h.loop.runFor(ms(100));
        }
        assertEquals(VrrpState.MASTER, h.router.state());
        assertEquals(VrrpTransitionCause.MASTER_DOWN_TIMER, h.transitions.get(h.transitions.size() - 1).cause());
        assertEquals(200, h.lastSent().priority());
    }

    @Test
    void aMastersNewAdvertIntervalTakesEffectFromTheNextAdvert() {
        RouterHarness h = master(150);
        h.loop.runFor(ms(30));
        long at = h.loop.nanoTime();
        h.router.reconfigure(respec(h).advertInterval(Duration.ofMillis(300)).build());
        h.loop.runFor(ms(299));
        long sentBefore = h.sent.stream().filter(s -> s.at() > at).count();
        assertEquals(0, sentBefore, "the old 100 ms timer was replaced");
        h.loop.runFor(ms(1));
        assertEquals(30, h.lastSent().intervalField(), "300 ms in centiseconds");
        assertEquals(ms(300), h.router.masterAdverIntervalNanos());
    }

    @Test
    void theListenersOfTheNewSpecReplaceThoseOfTheOld() {
        RouterHarness h = master(150);
        List<String> heard = new ArrayList<>();
        List<String> added = new ArrayList<>();
        h.router.addListener(t -> added.add(t.to().name()));
        int oldHeard = h.transitions.size();
        h.router.reconfigure(respec(h).priority(140).build().toBuilder().onTransition(t -> heard.add(t.to().name()))
                .build());
        h.router.stop();
        assertEquals(List.of("INITIALIZE"), heard);
        assertEquals(List.of("INITIALIZE"), added, "a listener added by the director stays");
        assertEquals(oldHeard + 1, h.transitions.size(), "the old spec's listener was kept: the new spec has it too");
    }

    @Test
    void whatFixesTheInstanceOnTheWireIsRefusedAndNothingChanges() {
        RouterHarness h = master(150);
        VrrpInstance before = h.router.spec();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> h.router.reconfigure(respec(h).virtualRouterId(52).priority(10).build()));
        assertTrue(e.getMessage().contains("virtualRouterId 51 -> 52"), e.getMessage());
        assertTrue(e.getMessage().contains("restarted"), e.getMessage());
        assertSame(before, h.router.spec());
        assertEquals(150, h.router.effectivePriority());
    }

    @Test
    void inPlaceRefusalNamesEveryFieldThatNeedsARestart() {
        VrrpInstance a = v3(100).build();
        assertNull(VrrpRouter.inPlaceRefusal(a, a.toBuilder().priority(20).preempt(false)
                .garpMasterRepeat(2).virtualAddress("192.168.1.202/24").build()));
        String why = VrrpRouter.inPlaceRefusal(a, a.toBuilder().iface("eth1").version(VrrpVersion.V2)
                .advertInterval(Duration.ofSeconds(1)).unicastPeer("192.168.1.30").build());
        assertTrue(why.contains("iface eth0 -> eth1"), why);
        assertTrue(why.contains("version V3 -> V2"), why);
        assertTrue(why.contains("unicastPeers [] -> [192.168.1.30]"), why);
        String ipv6Device = VrrpRouter.inPlaceRefusal(a, a.toBuilder().excludedAddress("fd00::1/64 dev eth2").build());
        assertTrue(ipv6Device.contains("virtual addresses on new interfaces [eth2/IPv6]"), ipv6Device);
        assertFalse(ipv6Device.contains("iface"), ipv6Device);
    }
}
