package dev.hadirector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.ConnectionSync;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpSyncGroup;
import dev.hadirector.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the builder refuses before touching the kernel (no root needed). */
class DirectorBuilderTest {
    @TempDir
    Path dir;

    private static VrrpInstance.Builder instance(String name, String iface, int vrid) {
        return VrrpInstance.builder(name).iface(iface).virtualRouterId(vrid).virtualAddress("10.0.0.100/24");
    }

    @Test
    void problemsOfThePartsTogetherAreListedWithFieldValueAndRule() {
        Director.Builder b = Director.builder()
                .vrrp(instance("A", "eth0", 51))
                .vrrp(instance("B", "eth0", 51))
                .vrrp(instance("B", "eth1", 52))
                .vrrp(instance("C", "eth0", 300))
                .syncGroup(VrrpSyncGroup.of("G1", "A", "Z"))
                .syncGroup(VrrpSyncGroup.of("G2", "A"));
        List<String> p = b.problems();
        assertTrue(p.contains("VRRP instance C: virtualRouterId 300 out of range: must be 1..255"), p.toString());
        assertTrue(p.contains("VRRP instance B: virtualRouterId 51 already used by instance A on eth0: a VRID is"
                + " unique per interface and address family"), p.toString());
        assertTrue(p.contains("VRRP instance B listed twice: instance names must be unique"), p.toString());
        assertTrue(p.contains("sync group G1: member Z unknown: no VRRP instance has that name"), p.toString());
        assertTrue(p.contains("sync group G2: member A already in sync group G1: an instance belongs to at most"
                + " one group"), p.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::start);
        assertTrue(e.getMessage().startsWith("director not started: "), e.getMessage());
    }

    @Test
    void connectionSyncMustFollowAKnownInstanceAndRunOnce() {
        Director.Builder b = Director.builder().vrrp(instance("A", "eth0", 51))
                .connectionSync(ConnectionSync.on("eth1").followInstance("Z"))
                .connectionSync(ConnectionSync.on("eth1").ttl(0));
        assertEquals(List.of("connection sync: ttl 0 out of range: must be 1..255",
                "connection sync on eth1: instance Z unknown: this director runs [A]"), b.problems());
        Director.Builder twice = Director.builder().vrrp(instance("A", "eth0", 51))
                .connectionSync(ConnectionSync.on("eth1").followInstance("A"))
                .connectionSync(ConnectionSync.on("eth2").build());
        assertEquals(List.of("connection sync configured 2 times: the kernel runs one master and one backup sync"
                + " daemon per namespace"), twice.problems());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, twice::start);
        assertTrue(e.getMessage().startsWith("director not started: connection sync configured 2 times"),
                e.getMessage());
    }

    @Test
    void aConfigsSyncDaemonReachesTheBuilder() throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "global_defs {\n  lvs_sync_daemon eth1 inst VI_1 port 8849\n}\n"
                + "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
                + "  virtual_ipaddress {\n    10.0.0.1/24\n  }\n}\n");
        Director.Builder b = Director.builder().config(conf);
        assertEquals(List.of(), b.problems());
        ConnectionSync sync = b.connectionSync().orElseThrow();
        assertEquals(Optional.of("VI_1"), sync.instance());
        assertEquals(java.util.OptionalInt.of(8849), sync.port());
    }

    @Test
    void anEmptyDirectorHasNothingToRun() {
        assertEquals(List.of("nothing to run: a director needs at least one VRRP instance or virtual server"),
                Director.builder().problems());
    }

    @Test
    void sameVridOnAnotherFamilyOrInterfaceIsFine() {
        Director.Builder b = Director.builder().vrrp(instance("A", "eth0", 51)).vrrp(instance("B", "eth1", 51))
                .vrrp(VrrpInstance.builder("C").iface("eth0").virtualRouterId(51)
                        .version(dev.hadirector.api.VrrpVersion.V3).virtualAddress("2001:db8::1/64"));
        assertEquals(List.of(), b.problems());
    }

    @Test
    void configErrorsCarryFileAndLineAndUnsupportedKeywordsAreRefused() throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, "vrrp_instance VI_1 {\n  interface eth0\n  use_vmac\n  virtual_router_id 51\n"
                + "  virtual_ipaddress {\n    10.0.0.1/24\n  }\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Director.builder().config(conf));
        assertEquals(conf + ":3: keyword 'use_vmac' in vrrp_instance is not yet supported", e.getMessage());
        Files.writeString(conf, "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
                + "  priority 0\n  virtual_ipaddress {\n    10.0.0.1/24\n  }\n}\n");
        e = assertThrows(ConfigException.class, () -> Director.builder().config(conf));
        assertEquals(conf + ":4: priority 0 out of range: must be 1..255", e.getMessage());
        Files.writeString(conf, "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
                + "  virtual_ipaddress {\n    10.0.0.1/24\n  }\n}\n");
        Director.Builder ok = Director.builder().config(conf);
        assertEquals(1, ok.vrrpInstances().size());
        assertEquals(List.of(), ok.problems());
    }

    @Test
    void snapshotJsonEscapesStrings() {
        StringBuilder b = new StringBuilder();
        SnapshotJson.string(b, "a\"b\\c\nd\u0001");
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", b.toString());
        assertEquals("{\"namespace\":null,\"vrrp\":[],\"virtualServers\":[]}",
                SnapshotJson.write(Optional.empty(), List.of(), List.of()));
    }
}
