package dev.hadirector.config.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hadirector.api.AddressText;
import dev.hadirector.api.ConnectionSync;
import dev.hadirector.config.ConfigException;
import dev.hadirector.config.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSyncMapperTest {
    private static final String INSTANCES = """
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              virtual_ipaddress {
                10.0.0.100/24
              }
            }
            """;

    @TempDir
    Path dir;

    private Optional<ConnectionSync> map(String text) throws Exception {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text);
        return ConnectionSyncMapper.map(ConfigReader.standard().read(file));
    }

    private String refused(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> map(text));
        return e.getMessage();
    }

    @Test
    void noSyncDaemonWithoutTheKeyword() throws Exception {
        assertEquals(Optional.empty(), map(INSTANCES));
    }

    @Test
    void everyOptionOfTheGlobalKeyword() throws Exception {
        ConnectionSync s = map("global_defs {\n  lvs_sync_daemon eth1 inst VI_1 id 9 maxlen 1400 port 8849 ttl 3"
                + " group 224.0.0.82\n}\n" + INSTANCES).orElseThrow();
        assertEquals("eth1", s.iface());
        assertEquals(Optional.of("VI_1"), s.instance());
        assertEquals(OptionalInt.of(9), s.syncId());
        assertEquals(OptionalInt.of(1400), s.maxLength());
        assertEquals(OptionalInt.of(8849), s.port());
        assertEquals(OptionalInt.of(3), s.ttl());
        assertEquals("224.0.0.82", AddressText.format(s.group().orElseThrow()));
    }

    @Test
    void theInstanceMayComeBareAfterTheInterfaceOrNotAtAll() throws Exception {
        ConnectionSync bare = map("global_defs {\n  lvs_sync_daemon eth1 VI_1 id 4\n}\n" + INSTANCES).orElseThrow();
        assertEquals(Optional.of("VI_1"), bare.instance());
        assertEquals(OptionalInt.of(4), bare.syncId());
        ConnectionSync none = map("global_defs {\n  lvs_sync_daemon eth1\n}\n" + INSTANCES).orElseThrow();
        assertEquals(Optional.empty(), none.instance());
        assertEquals(OptionalInt.empty(), none.syncId());
    }

    @Test
    void theOlderInstanceKeywordFollowsItsInstance() throws Exception {
        ConnectionSync s = map(INSTANCES.replace("interface eth0\n", "interface eth0\n  lvs_sync_daemon_interface eth2\n"))
                .orElseThrow();
        assertEquals("eth2", s.iface());
        assertEquals(Optional.of("VI_1"), s.instance());
        assertEquals(OptionalInt.empty(), s.syncId(), "the director fills in the VRID");
    }

    @Test
    void refusalsCarryFileLineFieldValueAndRule() {
        String conf = "global_defs {\n  lvs_sync_daemon eth1 inst VI_9\n}\n" + INSTANCES;
        assertEquals(dir.resolve("keepalived.conf") + ":2: lvs_sync_daemon instance VI_9 unknown: no vrrp_instance"
                + " has that name", refused(conf));
        assertEquals(dir.resolve("keepalived.conf") + ":2: lvs_sync_daemon id 256 out of range: must be 0..255",
                refused("global_defs {\n  lvs_sync_daemon eth1 VI_1 id 256\n}\n" + INSTANCES));
        assertEquals(dir.resolve("keepalived.conf") + ":2: lvs_sync_daemon maxlen \"big\" is not an integer: must"
                + " be 1..65507", refused("global_defs {\n  lvs_sync_daemon eth1 maxlen big\n}\n" + INSTANCES));
        assertEquals(dir.resolve("keepalived.conf") + ":2: lvs_sync_daemon ttl needs a value",
                refused("global_defs {\n  lvs_sync_daemon eth1 VI_1 ttl\n}\n" + INSTANCES));
        assertEquals(dir.resolve("keepalived.conf") + ":2: lvs_sync_daemon option \"mtu\" unknown: must be one of"
                + " inst, id, maxlen, port, ttl, group",
                refused("global_defs {\n  lvs_sync_daemon eth1 VI_1 mtu 1500\n}\n" + INSTANCES));
        assertEquals(dir.resolve("keepalived.conf") + ":2: lvs_sync_daemon: connection sync: group 10.1.1.1"
                + " invalid: must be a multicast address",
                refused("global_defs {\n  lvs_sync_daemon eth1 group 10.1.1.1\n}\n" + INSTANCES));
        assertEquals(dir.resolve("keepalived.conf") + ":2: lvs_sync_daemon: connection sync: iface"
                + " \"interface-name-too-long\" invalid: must be 1..15 characters",
                refused("global_defs {\n  lvs_sync_daemon interface-name-too-long\n}\n" + INSTANCES));
    }

    @Test
    void aSecondSyncDaemonIsRefusedNamingTheFirst() {
        String conf = "global_defs {\n  lvs_sync_daemon eth1 VI_1\n}\n"
                + INSTANCES.replace("interface eth0\n", "interface eth0\n  lvs_sync_daemon_interface eth2\n");
        assertEquals(dir.resolve("keepalived.conf") + ":6: lvs_sync_daemon_interface: the sync daemon is already"
                + " configured at " + dir.resolve("keepalived.conf") + ":2: the kernel runs one master and one"
                + " backup daemon", refused(conf));
    }
}
