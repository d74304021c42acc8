package dev.hadirector.config.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpState;
import dev.hadirector.api.VrrpTrack;
import dev.hadirector.api.VrrpTransition;
import dev.hadirector.api.VrrpTransitionCause;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import dev.hadirector.config.ConfigTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VrrpConfigMapperTest {
    private static final Path FILE = Path.of("/etc/keepalived/keepalived.conf");

    @TempDir
    Path dir;

    private static VrrpConfig map(String text) throws ConfigException {
        ConfigTree tree = ConfigReader.standard().parse(FILE, text);
        return VrrpConfigMapper.map(tree);
    }

    private static List<String> problems(String text) throws ConfigException {
        return map(text).problems().stream().map(ConfigException::getMessage).toList();
    }

    @Test
    void aFullInstanceMapsOntoTheSpecWithKeepalivedSemantics() throws Exception {
        VrrpConfig c = map("""
                global_defs {
                    router_id LVS_1
                    vrrp_version 3
                    vrrp_garp_master_delay 2
                    vrrp_garp_master_repeat 3
                    vrrp_garp_master_refresh 60
                }
                vrrp_script chk_nginx {
                    script "/usr/bin/pgrep -x nginx"
                    interval 2
                    timeout 1.5
                    weight -20
                    rise 2
                    fall 3
                    init_fail
                }
                vrrp_instance VI_1 {
                    state MASTER
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    advert_int 0.1
                    virtual_ipaddress {
                        192.168.1.200/24 dev eth0 label eth0:1 scope global
                        192.168.1.201
                    }
                    virtual_ipaddress_excluded {
                        2001:db8::1/64
                    }
                    unicast_src_ip 192.168.1.10
                    unicast_peer {
                        192.168.1.11
                        192.168.1.12
                    }
                    nopreempt
                    preempt_delay 5
                    track_interface {
                        eth1 weight -30
                        eth2
                    }
                    track_script {
                        chk_nginx weight -50
                    }
                    garp_master_repeat 4
                    garp_master_refresh_repeat 2
                }
                """);
        assertEquals(List.of(), c.problems());
        assertEquals(Optional.of("LVS_1"), c.routerId());
        VrrpInstance i = c.instances().get(0);
        assertEquals("VI_1", i.name());
        assertEquals(VrrpState.MASTER, i.initialState());
        assertEquals("eth0", i.iface());
        assertEquals(51, i.virtualRouterId());
        assertEquals(150, i.priority());
        assertEquals(VrrpVersion.V3, i.version());
        assertEquals(Duration.ofMillis(100), i.advertInterval());
        assertEquals(List.of(Vip.parse("192.168.1.200/24 dev eth0 label eth0:1"), Vip.parse("192.168.1.201/32")),
                i.virtualAddresses());
        assertEquals(List.of(Vip.parse("2001:db8::1/64")), i.excludedAddresses());
        assertEquals(Optional.of(Vip.parseAddress("192.168.1.10")), i.unicastSrcIp());
        assertEquals(List.of(Vip.parseAddress("192.168.1.11"), Vip.parseAddress("192.168.1.12")), i.unicastPeers());
        assertFalse(i.preempt());
        assertEquals(Duration.ofSeconds(5), i.preemptDelay());
        assertEquals(Duration.ofSeconds(2), i.garpMasterDelay(), "global default applies");
        assertEquals(4, i.garpMasterRepeat(), "the instance's own value wins over the global one");
        assertEquals(Duration.ofSeconds(60), i.garpMasterRefresh());
        assertEquals(2, i.garpMasterRefreshRepeat());
        assertEquals(List.of(new VrrpTrack.Interface("eth1", -30), new VrrpTrack.Interface("eth2", 0),
                new VrrpTrack.Script("chk_nginx", List.of("/usr/bin/pgrep", "-x", "nginx"), Duration.ofSeconds(2),
                        Duration.ofMillis(1500), 2, 3, -50, true)), i.tracks());
    }

    @Test
    void keepalivedDefaultsAndV2Authentication() throws Exception {
        VrrpInstance i = map("""
                vrrp_instance VI_2 {
                    interface eth0
                    virtual_router_id 7
                    virtual_ipaddress {
                        10.0.0.1/24
                    }
                    authentication {
                        auth_type PASS
                        auth_pass secret123456
                    }
                }
                """).orThrow().get(0);
        assertEquals(VrrpVersion.V2, i.version());
        assertEquals(100, i.priority());
        assertEquals(Duration.ofSeconds(1), i.advertInterval());
        assertTrue(i.preempt());
        assertEquals(VrrpState.BACKUP, i.initialState());
        assertEquals(Optional.of("secret12"), i.authPass(), "keepalived keeps the first 8 characters");
        assertEquals(Duration.ofSeconds(5), i.garpMasterDelay());
        assertEquals(5, i.garpMasterRepeat());
    }

    @Test
    void acceptModeIsKeepalivedsDefaultAndNoAcceptTurnsItOff() throws Exception {
        String instance = """
                vrrp_instance VI_%s {
                    interface eth0
                    virtual_router_id %d
                    virtual_ipaddress {
                        10.0.0.%d/24
                    }
                    %s
                }
                """;
        List<VrrpInstance> all = map(instance.formatted("D", 1, 1, "")
                + instance.formatted("N", 2, 2, "no_accept")
                + instance.formatted("A", 3, 3, "accept")
                + instance.formatted("L", 4, 4, "no_accept\n    accept")).orThrow();
        assertTrue(all.get(0).acceptMode(), "keepalived accepts unless no_accept (or vrrp_strict) is given");
        assertFalse(all.get(1).acceptMode());
        assertTrue(all.get(2).acceptMode());
        assertTrue(all.get(3).acceptMode(), "the last of accept/no_accept wins, as in keepalived");
        List<String> p = problems(instance.formatted("X", 5, 5, "no_accept yes"));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith(FILE + ":7: no_accept"), p.toString());
    }

    @Test
    void everyRefusalCarriesFileLineFieldValueAndRule() throws Exception {
        List<String> p = problems("""
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 300
                    priority high
                    advert_int 0.5
                    virtual_ipaddress {
                        10.0.0.1/24 brd 10.0.0.255
                    }
                    track_script {
                        nosuch
                    }
                    authentication {
                        auth_type AH
                    }
                }
                vrrp_sync_group G {
                    group {
                        VI_1
                        VI_9
                    }
                }
                """);
        assertTrue(p.contains(FILE + ":3: virtual_router_id 300 out of range: must be 1..255"), p.toString());
        assertTrue(p.contains(FILE + ":4: priority \"high\" is not an integer: must be 1..255"), p.toString());
        assertTrue(p.contains(FILE + ":5: advert_int 0.5 out of range: must be 1..255 seconds"), p.toString());
        assertTrue(p.stream().anyMatch(m -> m.startsWith(FILE + ":7: virtual address 10.0.0.1/24: option brd")), p.toString());
        assertTrue(p.contains(FILE + ":10: track_script nosuch unknown: no vrrp_script has that name"), p.toString());
        assertTrue(p.stream().anyMatch(m -> m.startsWith(FILE + ":13: auth_type AH not supported")), p.toString());
        assertTrue(p.contains(FILE + ":19: vrrp_sync_group G: member VI_9 unknown: no vrrp_instance has that name"),
                p.toString());
        ConfigException e = assertThrows(ConfigException.class, () -> map("vrrp_instance VI_1 {\n interface eth0\n}\n").orThrow());
        assertEquals(FILE + ":1: VRRP instance VI_1: virtualRouterId 0 out of range: must be 1..255; virtualAddress"
                + " missing: an advert carries at least one address (RFC 5798 5.2.6)", e.getMessage());
    }

    @Test
    void v3AcceptsCentisecondsAndGlobalVersionCanBeOverridden() throws Exception {
        List<VrrpInstance> list = map("""
                global_defs {
                    vrrp_version 3
                }
                vrrp_instance A {
                    interface eth0
                    virtual_router_id 1
                    advert_int 0.01
                    virtual_ipaddress {
                        10.0.0.1
                    }
                }
                vrrp_instance B {
                    interface eth0
                    version 2
                    virtual_router_id 2
                    advert_int 3
                    virtual_ipaddress {
                        10.0.0.2
                    }
                }
                """).orThrow();
        assertEquals(Duration.ofMillis(10), list.get(0).advertInterval());
        assertEquals(VrrpVersion.V2, list.get(1).version());
        assertEquals(Duration.ofSeconds(3), list.get(1).advertInterval());
    }

    @Test
    void notifyProgramsRunWithoutAShellWithKeepalivedsArguments() throws Exception {
        Path out = dir.resolve("notify.log");
        Path script = dir.resolve("record.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$0 $*\" >> " + out + "\n");
        script.toFile().setExecutable(true);
        VrrpConfig c = map("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n virtual_ipaddress {\n"
                + "  10.0.0.1\n }\n notify_master \"" + script + " became-master\"\n notify " + script + "\n}\n"
                + "vrrp_sync_group G1 {\n group {\n  VI_1\n }\n notify " + script + "\n}\n");
        VrrpInstance i = c.orThrow().get(0);
        assertEquals(2, i.listeners().size(), "the instance's notifier and its group's");
        VrrpTransition t = new VrrpTransition("VI_1", VrrpState.BACKUP, VrrpState.MASTER,
                VrrpTransitionCause.MASTER_DOWN_TIMER, 100, 0);
        i.listeners().forEach(l -> l.onTransition(t));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while ((!Files.exists(out) || Files.readAllLines(out).size() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<String> lines = Files.readAllLines(out).stream().sorted().toList();
        assertEquals(List.of(script + " GROUP G1 MASTER 0", script + " INSTANCE VI_1 MASTER 100",
                script + " became-master"), lines);
    }

    @Test
    void quotedProgramWordsKeepTheirBlanks() {
        var node = dev.hadirector.config.ConfigNode.leaf("notify", List.of("/bin/x 'a b' c"),
                new dev.hadirector.config.SourceLocation(FILE, 3));
        assertEquals(List.of("/bin/x", "a b", "c"), Args.command(node));
        var unclosed = dev.hadirector.config.ConfigNode.leaf("notify", List.of("/bin/x 'a"),
                new dev.hadirector.config.SourceLocation(FILE, 4));
        Refusal r = assertThrows(Refusal.class, () -> Args.command(unclosed));
        assertTrue(r.getMessage().startsWith(FILE + ":4: notify"), r.getMessage());
    }
}
