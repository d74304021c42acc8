package dev.hadirector.vrrp;

import static dev.hadirector.vrrp.RouterHarness.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpTransitionCause;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.vrrp.time.VirtualEventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncGroupTest {
    private final VirtualEventLoop loop = new VirtualEventLoop();
    private final List<VrrpTransition> groupHeard = new ArrayList<>();

    private VrrpRouter router(String name, int vrid, int priority) {
        VrrpInstance spec = VrrpInstance.builder(name).iface("eth0").virtualRouterId(vrid).priority(priority)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(100))
                .virtualAddress("192.0.2." + vrid).build();
        return new VrrpRouter(spec, RouterHarness.ip("192.0.2.100"), loop, (d, b, o, l) -> { }, new VipManager() {
            @Override
            public void add(List<dev.hadirector.api.Vip> vips) {
            }

            @Override
            public void remove(List<dev.hadirector.api.Vip> vips) {
            }
        }, v -> { });
    }

    private final VrrpRouter outside = router("VI_OUT", 1, 150);
    private final VrrpRouter inside = router("VI_IN", 2, 100);

    private SyncGroup group() {
        VrrpSyncGroup spec = new VrrpSyncGroup("G1", List.of("VI_OUT", "VI_IN"), List.of(groupHeard::add));
        return new SyncGroup(spec, Map.of("VI_OUT", outside, "VI_IN", inside));
    }

    @Test
    void membersBecomeMasterTogether() {
        group();
        outside.start();
        inside.start();
        // Priority 150 times out first (Master_Down 341 ms vs 360.9 ms for priority 100).
        loop.runFor(outside.masterDownIntervalNanos());
        assertTrue(loop.nanoTime() < inside.masterDownIntervalNanos());
        loop.runDue();
        assertEquals(VrrpState.MASTER, outside.state());
        assertEquals(VrrpState.MASTER, inside.state(), "followed its group");
        assertEquals(VrrpTransitionCause.SYNC_GROUP, groupHeard.get(0).cause());
        assertEquals("VI_IN", groupHeard.get(0).instance());
    }

    @Test
    void membersFallBackTogether() {
        group();
        outside.start();
        inside.start();
        loop.runFor(ms(400));
        assertEquals(VrrpState.MASTER, outside.state());
        assertEquals(VrrpState.MASTER, inside.state());
        outside.onValidAdvert(RouterHarness.ip("192.0.2.200").getAddress(), 254, ms(100));
        loop.runDue();
        assertEquals(VrrpState.BACKUP, outside.state());
        assertEquals(VrrpState.BACKUP, inside.state());
    }

    @Test
    void oneFaultPutsTheGroupInFaultUntilEveryFaultClears() {
        group();
        outside.start();
        inside.start();
        loop.runFor(ms(400));
        outside.fault("interface eth1", true);
        loop.runDue();
        assertEquals(VrrpState.FAULT, outside.state());
        assertEquals(VrrpState.FAULT, inside.state());
        inside.fault("script chk", true);
        outside.fault("interface eth1", false);
        loop.runDue();
        assertEquals(VrrpState.FAULT, outside.state(), "a member still has a fault");
        inside.fault("script chk", false);
        loop.runDue();
        assertEquals(VrrpState.BACKUP, outside.state());
        assertEquals(VrrpState.BACKUP, inside.state());
        assertTrue(groupHeard.stream().anyMatch(t -> t.instance().equals("VI_IN") && t.to() == VrrpState.FAULT));
    }

    @Test
    void refusesUnknownMembersAndDoubleMembership() {
        VrrpSyncGroup spec = VrrpSyncGroup.of("G2", "VI_OUT", "VI_NOPE");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SyncGroup(spec, Map.of("VI_OUT", outside)));
        assertTrue(e.getMessage().contains("member VI_NOPE unknown"), e.getMessage());
        group();
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new SyncGroup(VrrpSyncGroup.of("G3", "VI_IN"), Map.of("VI_IN", inside)));
        assertTrue(twice.getMessage().contains("at most one sync group"), twice.getMessage());
    }
}
