package dev.hadirector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VrrpInstanceTest {

    private static VrrpInstance.Builder valid() {
        return VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(51).virtualAddress("192.168.1.200/24");
    }

    private static String refused(UnaryOperator<VrrpInstance.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(valid()).build());
        assertTrue(e.getMessage().startsWith("VRRP instance "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void keepalivedDefaults() {
        VrrpInstance i = valid().build();
        assertEquals(VrrpVersion.V2, i.version());
        assertEquals(100, i.priority());
        assertEquals(Duration.ofSeconds(1), i.advertInterval());
        assertTrue(i.preempt());
        assertEquals(Duration.ZERO, i.preemptDelay());
        assertEquals(Duration.ofSeconds(5), i.garpMasterDelay());
        assertEquals(5, i.garpMasterRepeat());
        assertEquals(Duration.ZERO, i.garpMasterRefresh());
        assertEquals(1, i.garpMasterRefreshRepeat());
        assertEquals(VrrpState.BACKUP, i.initialState());
        assertTrue(i.acceptMode());
        assertFalse(i.unicast());
        assertFalse(i.ipv6());
        assertEquals(Optional.empty(), i.authPass());
    }

    @Test
    void fullSpecRoundTripsThroughToBuilder() {
        VrrpTransitionListener l = t -> { };
        VrrpInstance i = VrrpInstance.builder("VI_6").iface("eth1").virtualRouterId(7).priority(255)
                .version(VrrpVersion.V3).advertInterval(Duration.ofMillis(10))
                .virtualAddress("2001:db8::1/64 dev eth1").virtualAddress("fe80::1")
                .excludedAddress("192.0.2.5/24 label eth1:x").unicastSrcIp("fe80::10").unicastPeer("fe80::11")
                .preempt(false).preemptDelay(Duration.ofSeconds(30)).acceptMode(false)
                .initialState(VrrpState.MASTER).garpMasterRefresh(Duration.ofSeconds(60))
                .trackInterface("eth2", -10)
                .track(VrrpTrack.Script.of("chk", List.of("/bin/true")).withWeight(5)).onTransition(l).build();
        assertTrue(i.ipv6());
        assertTrue(i.unicast());
        assertTrue(i.addressOwner());
        assertEquals(128, i.virtualAddresses().get(1).prefixLength());
        assertEquals(Optional.of("eth1"), i.virtualAddresses().get(0).dev());
        assertEquals(Optional.of("eth1:x"), i.excludedAddresses().get(0).label());
        assertEquals(i, i.toBuilder().build());
        assertThrows(UnsupportedOperationException.class, () -> i.virtualAddresses().add(Vip.parse("fe80::2")));
    }

    @ParameterizedTest
    @CsvSource({"0", "256", "-1", "300"})
    void virtualRouterIdRange(int vrid) {
        assertTrue(refused(b -> b.virtualRouterId(vrid)).contains("virtualRouterId " + vrid
                + " out of range: must be 1..255"));
    }

    @Test
    void priorityRange() {
        assertTrue(refused(b -> b.priority(0)).contains("priority 0 out of range: must be 1..254, or 255 for the"
                + " address owner (0 is reserved for a master that resigns)"));
        assertTrue(refused(b -> b.priority(256)).contains("priority 256 out of range"));
        assertEquals(255, valid().priority(255).build().priority());
    }

    @ParameterizedTest
    @CsvSource({
            "V2, 0, advertInterval 0 s out of range: must be 1 s..255 s for VRRP V2",
            "V2, 256000, advertInterval 256 s out of range: must be 1 s..255 s for VRRP V2",
            "V2, 1500, advertInterval 1500 ms invalid: VRRP V2 counts in steps of 1 s",
            "V3, 5, advertInterval 5 ms out of range: must be 10 ms..40950 ms for VRRP V3",
            "V3, 40960, advertInterval 40960 ms out of range: must be 10 ms..40950 ms for VRRP V3",
            "V3, 15, advertInterval 15 ms invalid: VRRP V3 counts in steps of 10 ms"})
    void advertIntervalBoundsOfEachVersion(VrrpVersion version, long millis, String message) {
        assertTrue(refused(b -> b.version(version).advertInterval(Duration.ofMillis(millis))).contains(message));
    }

    @Test
    void advertIntervalExtremesAreAccepted() {
        valid().version(VrrpVersion.V3).advertInterval(Duration.ofMillis(10)).build();
        valid().version(VrrpVersion.V3).advertInterval(Duration.ofMillis(40_950)).build();
        valid().advertInterval(Duration.ofSeconds(255)).build();
    }

    @Test
    void familiesAndVersions() {
        assertTrue(refused(b -> VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(1)
                .virtualAddress("2001:db8::1")).contains("virtualAddress 2001:db8:0:0:0:0:0:1/128 is IPv6: VRRP version"
                + " 2 carries IPv4 only (RFC 3768); use version V3"));
        assertTrue(refused(b -> b.version(VrrpVersion.V3).virtualAddress("2001:db8::1"))
                .contains("all virtual addresses of an instance must be IPv4 like the first"));
        assertTrue(refused(b -> b.unicastPeer("2001:db8::2")).contains("unicastPeer 2001:db8:0:0:0:0:0:2 is of the"
                + " wrong family: the instance is IPv4"));
        assertTrue(refused(b -> b.unicastSrcIp("fe80::1")).contains("unicastSrcIp fe80:0:0:0:0:0:0:1 is of the"
                + " wrong family"));
        // Excluded addresses may be of any family, as in keepalived.
        valid().excludedAddress("2001:db8::9/64").build();
    }

    @Test
    void missingOrMalformedFields() {
        assertTrue(refused(b -> VrrpInstance.builder("VI_1").virtualRouterId(1).virtualAddress("10.0.0.1"))
                .contains("iface missing"));
        assertTrue(refused(b -> VrrpInstance.builder("VI_1").iface("eth0").virtualRouterId(1))
                .contains("virtualAddress missing"));
        assertTrue(refused(b -> b.iface("an-interface-name-too-long")).contains("iface 'an-interface-name-too-long'"
                + " invalid"));
        assertTrue(refused(b -> b.virtualAddress("192.168.1.200/24")).contains("virtualAddress 192.168.1.200"
                + " listed twice"));
        assertTrue(refused(b -> b.virtualAddress("224.0.0.5")).contains("must be a unicast address"));
        assertTrue(refused(b -> b.unicastSrcIp("10.0.0.1").unicastPeer("10.0.0.1")).contains("equals unicastSrcIp"));
        assertTrue(refused(b -> b.initialState(VrrpState.FAULT)).contains("initialState FAULT invalid"));
        assertTrue(refused(b -> b.preemptDelay(Duration.ofSeconds(1001))).contains("preemptDelay PT16M41S out of"
                + " range: must be 0..1000 s"));
        assertTrue(refused(b -> b.garpMasterRepeat(0)).contains("garpMasterRepeat 0 out of range"));
        assertTrue(refused(b -> b.garpMasterDelay(Duration.ofSeconds(-1))).contains("garpMasterDelay PT-1S invalid"));
        assertTrue(refused(b -> b.trackInterface("eth1", 1).trackInterface("eth1", 2)).contains("track eth1 listed"
                + " twice"));
    }

    @Test
    void authenticationRules() {
        assertEquals(Optional.of("secret"), valid().authPass("secret").build().authPass());
        assertTrue(refused(b -> b.authPass("123456789")).contains("authPass of length 9 invalid: must be 1..8 ASCII"));
        assertTrue(refused(b -> b.authPass("")).contains("authPass of length 0 invalid"));
        assertTrue(refused(b -> b.authPass("pässwd")).contains("ASCII"));
        assertTrue(refused(b -> b.version(VrrpVersion.V3).advertInterval(Duration.ofSeconds(1)).authPass("x"))
                .contains("authPass set with version V3"));
    }

    @Test
    void unparsableTextIsReportedAtBuildWithItsField() {
        VrrpInstance.Builder b = valid().virtualAddress("10.0.0.256/24").unicastPeer("peer.example")
                .unicastSrcIp("1.2.3").priority(0);
        String m = assertThrows(IllegalArgumentException.class, b::build).getMessage();
        assertTrue(m.contains("virtualAddress '10.0.0.256/24' invalid: address '10.0.0.256' invalid: IPv4 octet 256"
                + " out of range 0..255"), m);
        assertTrue(m.contains("unicastPeer 'peer.example' invalid: address 'peer.example' invalid: must be an IPv4"
                + " or IPv6 literal (host names are not resolved)"), m);
        assertTrue(m.contains("unicastSrcIp '1.2.3' invalid"), m);
        assertTrue(m.contains("priority 0 out of range"), m);
        String only = assertThrows(IllegalArgumentException.class, () -> VrrpInstance.builder("VI_1").iface("eth0")
                .virtualRouterId(1).virtualAddress("bogus").build()).getMessage();
        assertFalse(only.contains("virtualAddress missing"), only);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String m = refused(b -> b.virtualRouterId(0).priority(0).advertInterval(Duration.ofMillis(1500)));
        assertTrue(m.contains("virtualRouterId 0") && m.contains("priority 0") && m.contains("advertInterval 1500 ms"),
                m);
    }

    @Test
    void syncGroupValidation() {
        assertEquals(List.of("A", "B"), VrrpSyncGroup.of("G", "A", "B").members());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VrrpSyncGroup.of("G")).getMessage()
                .contains("group empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VrrpSyncGroup.of("G", "A", "A")).getMessage()
                .contains("member A listed twice"));
    }

    @Test
    void trackValidation() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new VrrpTrack.Interface("eth1", 254))
                .getMessage().contains("weight 254 out of range: must be -253..253"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VrrpTrack.Script.of("s", List.of()))
                .getMessage().contains("command empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VrrpTrack.Script.of("s", List.of("x"))
                .withRiseFall(0, 1)).getMessage().contains("rise 0 out of range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VrrpTrack.Script.of("s", List.of("x"))
                .withInterval(Duration.ZERO)).getMessage().contains("interval PT0S invalid: must be positive"));
    }

    @Test
    void transitionRecord() {
        VrrpTransition t = new VrrpTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER,
                VrrpTransitionCause.MASTER_DOWN_TIMER, 100, 5);
        assertTrue(t.becameMaster());
        assertFalse(t.leftMaster());
        assertThrows(IllegalArgumentException.class, () -> new VrrpTransition("VI_1", VrrpState.MASTER,
                VrrpState.MASTER, VrrpTransitionCause.STARTUP, 1, 0));
        assertEquals(VrrpVersion.V3, VrrpVersion.ofNumber(3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VrrpVersion.ofNumber(4)).getMessage()
                .contains("version 4 unknown: must be 2 or 3"));
    }
}
