package dev.hadirector.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.RealServer;
import dev.hadirector.api.VirtualServer;
import dev.hadirector.api.VrrpState;
import dev.hadirector.checks.lvs.LoadBalancerListener.QuorumEvent;
import dev.hadirector.checks.lvs.LoadBalancerListener.RealServerEvent;
import org.junit.jupiter.api.Test;

/** keepalived 2.2's subjects and bodies, word for word. */
class AlertComposerTest {
    private final AlertComposer composer = new AlertComposer("LVS_1");

    @Test
    void vrrpInstanceTexts() {
        assertEquals(new Alert("[LVS_1] VRRP Instance VI_1 - Entering MASTER state",
                "=> VRRP Instance is now owning VRRP VIPs <="), composer.instance("VI_1", VrrpState.MASTER));
        assertEquals(new Alert("[LVS_1] VRRP Instance VI_1 - Entering BACKUP state",
                "=> VRRP Instance is no longer owning VRRP VIPs <="), composer.instance("VI_1", VrrpState.BACKUP));
        assertEquals(new Alert("[LVS_1] VRRP Instance VI_1 - Entering FAULT state",
                "=> VRRP Instance is no longer owning VRRP VIPs <="), composer.instance("VI_1", VrrpState.FAULT));
        assertEquals(new Alert("[LVS_1] VRRP Instance VI_1 - Stopping", "=> VRRP Instance stopping <="),
                composer.instance("VI_1", VrrpState.INITIALIZE));
    }

    @Test
    void syncGroupTexts() {
        assertEquals(new Alert("[LVS_1] VRRP Group VG_1 - Entering MASTER state",
                "=> All VRRP group instances are now in MASTER state <="),
                composer.syncGroup("VG_1", VrrpState.MASTER));
        assertEquals(new Alert("[LVS_1] VRRP Group VG_1 - Entering FAULT state",
                "=> All VRRP group instances are now in FAULT state <="), composer.syncGroup("VG_1", VrrpState.FAULT));
        assertEquals(new Alert("[LVS_1] VRRP Group VG_1 - Stopping", "=> All VRRP group instances are now stopping <="),
                composer.syncGroup("VG_1", VrrpState.INITIALIZE));
    }

    private static RealServer rs(String ip, HealthCheck... checks) {
        return RealServer.of(ip, 8080).check(checks).build();
    }

    @Test
    void realServerSubjectsUseKeepalivedsAddressFormat() {
        RealServer tcp = rs("192.168.1.2", HealthCheck.tcp().build());
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80).realServer(tcp).build();
        assertEquals(new Alert("[LVS_1] Realserver [192.168.1.2]:tcp:8080 of virtual server [10.0.0.1]:tcp:80 - DOWN",
                "=> TCP CHECK failed on service <="),
                composer.realServer(new RealServerEvent(vs, tcp, false, 0, "connection refused")));
        assertEquals(new Alert("[LVS_1] Realserver [192.168.1.2]:tcp:8080 of virtual server [10.0.0.1]:tcp:80 - UP",
                "=> TCP CHECK succeed on service <="),
                composer.realServer(new RealServerEvent(vs, tcp, true, 1, "connected")));

        RealServer v6 = RealServer.of("2001:db8::2", 53).check(HealthCheck.ping().build()).build();
        VirtualServer udp6 = VirtualServer.udp("2001:db8::1", 53).realServer(v6).build();
        assertEquals("[LVS_1] Realserver [2001:db8::2]:udp:53 of virtual server [2001:db8::1]:udp:53 - DOWN",
                composer.realServer(new RealServerEvent(udp6, v6, false, 0, "")).subject());

        VirtualServer fwm = VirtualServer.firewallMark(7).realServer(tcp).build();
        assertEquals("[LVS_1] Realserver [192.168.1.2]:tcp:8080 of virtual server FWM 7 - UP",
                composer.realServer(new RealServerEvent(fwm, tcp, true, 1, "")).subject());
    }

    @Test
    void bodiesNameTheCheckerLikeKeepalived() {
        assertEquals("=> ICMP CHECK failed on service <=",
                AlertComposer.checkerBody(rs("10.1.1.1", HealthCheck.ping().build()), false, "timeout"));
        assertEquals("=> MISC CHECK succeed on service <=",
                AlertComposer.checkerBody(rs("10.1.1.1", HealthCheck.misc("/bin/true").build()), true, ""));
        assertEquals("=> CHECK failed on service : HTTP request failed <=",
                AlertComposer.checkerBody(rs("10.1.1.1", HealthCheck.http("/").build()), false, "status 500"));
        assertEquals("=> CHECK succeed on service <=",
                AlertComposer.checkerBody(rs("10.1.1.1", HealthCheck.http("/").build()), true, ""));
        assertEquals("=> UDP CHECK failed on service <=",
                AlertComposer.checkerBody(rs("10.1.1.1", HealthCheck.udp().build()), false, ""));
        // checkers of two kinds: the generic text, with the reason of the change
        assertEquals("=> CHECK failed on service : connect: refused <=", AlertComposer.checkerBody(
                rs("10.1.1.1", HealthCheck.tcp().build(), HealthCheck.ping().build()), false, "connect:\nrefused"));
        assertEquals("=> CHECK failed on service <=", AlertComposer.checkerBody(rs("10.1.1.1"), false, ""));
    }

    @Test
    void quorumTextsCarryQuorumHysteresisThresholdAndLiveWeight() {
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 443).realServer(rs("192.168.1.2")).build();
        assertEquals(new Alert("[LVS_1] Virtualserver [10.0.0.1]:tcp:443 - DOWN", "=> Lost quorum 3+1=2 <= 1 <="),
                composer.quorum(new QuorumEvent(vs, false, 1, 3, 1)));
        assertEquals(new Alert("[LVS_1] Virtualserver [10.0.0.1]:tcp:443 - UP", "=> Gained quorum 3+1=4 <= 5 <="),
                composer.quorum(new QuorumEvent(vs, true, 5, 3, 1)));
    }
}
