package dev.hadirector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** VirtualServer, RealServer, Scheduler, Forwarding, Protocol: built values and the rules their builders enforce. */
class LoadBalancerSpecTest {

    private static void rejects(String expected, Supplier<?> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().contains(expected), () -> "message: " + e.getMessage());
    }

    @Test
    void designExampleBuildsWithKeepalivedDefaults() throws Exception {
        HealthCheck check = HealthCheck.tcp().build();
        VirtualServer vs = VirtualServer.tcp("192.168.1.200", 80)
                .scheduler(Scheduler.WLC).forwarding(Forwarding.DIRECT_ROUTE)
                .realServer(RealServer.of("192.168.1.130", 80).weight(1).check(check))
                .build();
        assertEquals(Protocol.TCP, vs.protocol());
        assertEquals(InetAddress.getByName("192.168.1.200"), vs.address());
        assertEquals(80, vs.port());
        assertFalse(vs.ipv6());
        assertFalse(vs.persistent());
        assertEquals(32, vs.persistencePrefix());
        assertEquals(1, vs.realServers().size());
        assertEquals(List.of(check), vs.realServers().get(0).checks());
        assertEquals("TCP 192.168.1.200:80", vs.toString());

        VirtualServer defaults = VirtualServer.udp("10.0.0.1", 53).build();
        assertEquals(Scheduler.WLC, defaults.scheduler());
        assertEquals(Forwarding.MASQUERADE, defaults.forwarding());
        assertEquals(1, RealServer.of("10.0.0.2", 53).build().weight());
    }

    @Test
    void everyOptionIsKept() {
        VirtualServer vs = VirtualServer.firewallMark(7).ipv6().scheduler(Scheduler.MH)
                .schedulerFlags(Scheduler.Flag.MH_FALLBACK, Scheduler.Flag.MH_PORT)
                .persistent(300).persistencePrefix(64).persistenceEngine("sip")
                .forwarding(Forwarding.tunnel(Forwarding.TunnelType.GUE, 6080, Forwarding.TunnelChecksum.REMOTE_CHECKSUM))
                .realServer(RealServer.of("2001:db8::2", 0).weight(5).upperThreshold(100).lowerThreshold(10)
                        .forwarding(Forwarding.DIRECT_ROUTE))
                .realServer(RealServer.of("10.0.0.3", 0))
                .build();
        assertEquals("FWM 7 IPv6", vs.toString());
        assertEquals(Set.of(Scheduler.Flag.FLAG_1, Scheduler.Flag.FLAG_2), vs.schedulerFlags());
        assertEquals(300, vs.persistenceTimeout());
        assertEquals(64, vs.persistencePrefix());
        assertEquals("sip", vs.persistenceEngine());
        RealServer rs = vs.realServers().get(0);
        assertEquals("[2001:db8::2]:0", rs.toString());
        assertEquals(Forwarding.DIRECT_ROUTE, rs.forwarding());
        assertEquals(100, rs.upperThreshold());
        assertEquals(10, rs.lowerThreshold());
        assertEquals(null, vs.realServers().get(1).forwarding(), "inherits the virtual server's");
        assertEquals(vs, vs.toBuilder().build());
        assertEquals(rs, rs.toBuilder().build());
        assertTrue(VirtualServer.udp("10.0.0.1", 53).onePacket(true).build().onePacket());
        assertEquals(Protocol.SCTP, VirtualServer.sctp("[2001:db8::1]", 5000).build().protocol());
    }

    @Test
    void schedulersByNameAndTheirRules() {
        assertEquals(Scheduler.TWOS, Scheduler.of("twos"));
        assertEquals("custom_1", Scheduler.of("custom_1").name());
        rejects("scheduler name is empty", () -> Scheduler.of(""));
        rejects("is 16 characters: must be at most 15", () -> Scheduler.of("abcdefghijklmnop"));
        rejects("has invalid characters", () -> Scheduler.of("r r"));
        assertEquals(Protocol.UDP, Protocol.ofNumber(17));
        rejects("protocol number 1 is not supported", () -> Protocol.ofNumber(1));
    }

    @Test
    void forwardingRules() {
        rejects("tunnelPort 0 out of range: a GUE tunnel needs a port 1..65535",
                () -> Forwarding.tunnel(Forwarding.TunnelType.GUE, 0, Forwarding.TunnelChecksum.NONE));
        rejects("tunnelPort 5 is not allowed: only a GUE tunnel has a port",
                () -> Forwarding.tunnel(Forwarding.TunnelType.GRE, 5, Forwarding.TunnelChecksum.NONE));
        rejects("an IPIP tunnel has no checksum option",
                () -> Forwarding.tunnel(Forwarding.TunnelType.IPIP, 0, Forwarding.TunnelChecksum.CHECKSUM));
        rejects("tunnel type, port and checksum apply only to TUNNEL",
                () -> new Forwarding(Forwarding.Method.MASQUERADE, Forwarding.TunnelType.GRE, 0,
                        Forwarding.TunnelChecksum.NONE));
    }

    @Test
    void virtualServerRules() {
        rejects("TCP 10.0.0.1:70000: port 70000 out of range: must be 0..65535",
                () -> VirtualServer.tcp("10.0.0.1", 70000).build());
        rejects("virtual server address \"10.0.0\" is not an IPv4 dotted quad", () -> VirtualServer.tcp("10.0.0", 80));
        rejects("octet \"300\" must be 0..255", () -> VirtualServer.tcp("10.0.0.300", 80));
        rejects("is not an IPv6 literal", () -> VirtualServer.tcp("[fe80::1%eth0]", 80));
        rejects("virtual server address is empty", () -> VirtualServer.tcp("", 80));
        rejects("firewallMark 0 out of range", () -> VirtualServer.firewallMark(0));
        rejects("ipv6(): only for firewall-mark services", () -> VirtualServer.tcp("10.0.0.1", 80).ipv6());
        rejects("TCP 10.0.0.1:80: onePacket is only for UDP virtual services",
                () -> VirtualServer.tcp("10.0.0.1", 80).onePacket(true).build());
        rejects("persistenceTimeout -1 out of range", () -> VirtualServer.tcp("10.0.0.1", 80).persistent(-1).build());
        rejects("persistencePrefix 33 out of range: must be 0..32",
                () -> VirtualServer.tcp("10.0.0.1", 80).persistent(60).persistencePrefix(33).build());
        rejects("persistencePrefix 0 out of range: must be 1..128",
                () -> VirtualServer.tcp("::1", 80).persistent(60).persistencePrefix(0).build());
        rejects("persistenceEngine \"\" must be 1..15 characters",
                () -> VirtualServer.tcp("10.0.0.1", 80).persistenceEngine("").build());
        rejects("scheduler is null", () -> VirtualServer.tcp("10.0.0.1", 80).scheduler(null).build());
        rejects("real server 10.0.0.2:80 is listed twice", () -> VirtualServer.tcp("10.0.0.1", 80)
                .realServer(RealServer.of("10.0.0.2", 80)).realServer(RealServer.of("10.0.0.2", 80).weight(3)).build());
        rejects("real server [2001:db8::2]:80 is IPv6 behind an IPv4 service: mixed families need TUNNEL forwarding, "
                + "not MASQUERADE", () -> VirtualServer.tcp("10.0.0.1", 80).realServer(RealServer.of("2001:db8::2", 80))
                .build());
        VirtualServer mixed = VirtualServer.tcp("2001:db8::1", 80).forwarding(Forwarding.TUNNEL)
                .realServer(RealServer.of("10.0.0.2", 80)).build();
        assertTrue(mixed.ipv6());
    }

    @Test
    void realServerRules() {
        rejects("real server 10.0.0.2:80: weight -1 out of range", () -> RealServer.of("10.0.0.2", 80).weight(-1).build());
        rejects("port 65536 out of range", () -> RealServer.of("10.0.0.2", 65536).build());
        rejects("upperThreshold -5 out of range", () -> RealServer.of("10.0.0.2", 80).upperThreshold(-5).build());
        rejects("lowerThreshold 10 exceeds upperThreshold 5",
                () -> RealServer.of("10.0.0.2", 80).upperThreshold(5).lowerThreshold(10).build());
        rejects("lowerThreshold 3 exceeds upperThreshold 0", () -> RealServer.of("10.0.0.2", 80).lowerThreshold(3).build());
        rejects("a health check is null", () -> RealServer.of("10.0.0.2", 80).check((HealthCheck) null).build());
        rejects("forwarding is null", () -> RealServer.of("10.0.0.2", 80).forwarding(null));
        rejects("real server address \"host.example\" is not an IPv4 dotted quad",
                () -> RealServer.of("host.example", 80));
    }

    @Test
    void poolPolicyDefaultsAreKeepalivedsAndOptionsAreKept() {
        VirtualServer plain = VirtualServer.tcp("10.0.0.1", 80).build();
        assertEquals(PoolPolicy.DEFAULT, plain.policy());
        assertEquals(1, plain.policy().quorum());
        assertEquals(0, plain.policy().hysteresis());

        RealServer sorry = RealServer.of("10.0.0.9", 80).build();
        VirtualServer vs = VirtualServer.tcp("10.0.0.1", 80)
                .quorum(5).hysteresis(2).quorumUp("/bin/echo", "up").quorumDown("/bin/echo", "down")
                .sorryServer(sorry, true).omega(true).haSuspend(true).virtualHost("www.example")
                .realServer(RealServer.of("10.0.0.2", 80).weight(3).inhibitOnFailure(true)
                        .notifyUp("/bin/true").notifyDown("/bin/false", "x").virtualHost("rs.example"))
                .build();
        PoolPolicy p = vs.policy();
        assertEquals(5, p.quorum());
        assertEquals(2, p.hysteresis());
        assertEquals(7, p.regainAt());
        assertEquals(3, p.loseBelow());
        assertEquals(List.of("/bin/echo", "up"), p.quorumUp());
        assertEquals(List.of("/bin/echo", "down"), p.quorumDown());
        assertEquals(sorry, p.sorryServer());
        assertTrue(p.sorryServerInhibit() && p.omega() && p.haSuspend());
        assertEquals("www.example", p.virtualHost());
        RealServer rs = vs.realServers().get(0);
        assertTrue(rs.inhibitOnFailure());
        assertEquals(List.of("/bin/true"), rs.notifyUp());
        assertEquals(List.of("/bin/false", "x"), rs.notifyDown());
        assertEquals("rs.example", rs.virtualHost());
        assertEquals(vs, vs.toBuilder().build());
        assertEquals(rs, rs.toBuilder().build());
        // The original constructors still build, with the defaults.
        RealServer old = new RealServer(rs.address(), 80, 1, null, 0, 0, List.of());
        assertFalse(old.inhibitOnFailure());
        assertEquals(List.of(), old.notifyUp());
    }

    @Test
    void poolPolicyRules() {
        rejects("quorum -1 out of range: must be >= 0", () -> VirtualServer.tcp("10.0.0.1", 80).quorum(-1));
        rejects("hysteresis -2 out of range", () -> VirtualServer.tcp("10.0.0.1", 80).hysteresis(-2));
        rejects("quorumUp program \"\" is blank", () -> VirtualServer.tcp("10.0.0.1", 80).quorumUp(""));
        rejects("sorryServerInhibit true invalid: needs a sorryServer",
                () -> new PoolPolicy(1, 0, List.of(), List.of(), null, true, false, false, null));
        rejects("sorryServer 10.0.0.2:80 is also a real server", () -> VirtualServer.tcp("10.0.0.1", 80)
                .realServer(RealServer.of("10.0.0.2", 80)).sorryServer(RealServer.of("10.0.0.2", 80).build(), false)
                .build());
        rejects("sorryServer [::2]:80 is IPv6 behind an IPv4 service", () -> VirtualServer.tcp("10.0.0.1", 80)
                .sorryServer(RealServer.of("::2", 80).build(), false).build());
        rejects("virtualHost \"a b\" invalid", () -> VirtualServer.tcp("10.0.0.1", 80).virtualHost("a b"));
        rejects("real server 10.0.0.2:80: notifyDown program \" \" is blank",
                () -> RealServer.of("10.0.0.2", 80).notifyDown(" ").build());
    }
}
