package dev.hadirector.config.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hadirector.Director;
import dev.hadirector.config.ConfigException;
import dev.hadirector.testkit.ExecResult;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's keepalived as the reference for what {@code vrrp_strict} refuses: each configuration below is checked
 * by {@code keepalived -t} in a namespace where its interface exists, and the director refuses exactly those
 * keepalived's check refuses.
 */
class StrictModeAgainstKeepalivedNetnsTest {
    private static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");

    @TempDir
    Path dir;

    /** Instance bodies (after interface and virtual_router_id), keyed by what they try. */
    private static Map<String, String> cases() {
        Map<String, String> c = new LinkedHashMap<>();
        String vip = " virtual_ipaddress {\n  10.83.0.100/24\n }\n";
        c.put("plain", " priority 100\n" + vip);
        c.put("owner as master", " priority 255\n state MASTER\n" + vip);
        c.put("master without owning", " priority 100\n state MASTER\n" + vip);
        c.put("owner as backup", " priority 255\n state BACKUP\n" + vip);
        c.put("authentication", " priority 100\n authentication {\n  auth_type PASS\n  auth_pass secret\n }\n" + vip);
        c.put("preempt_delay", " priority 100\n preempt_delay 5\n" + vip);
        c.put("preempt_delay 0", " priority 100\n preempt_delay 0\n" + vip);
        c.put("accept in v2", " priority 100\n accept\n" + vip);
        c.put("accept in v2 by the owner", " priority 255\n accept\n" + vip);
        c.put("accept in v3", " version 3\n priority 100\n accept\n" + vip);
        c.put("no_accept", " priority 100\n no_accept\n" + vip);
        c.put("unicast peer", " priority 100\n unicast_peer {\n  10.83.0.2\n }\n" + vip);
        c.put("v3 IPv6 link-local first", " version 3\n priority 100\n virtual_ipaddress {\n  fe80::100/64\n"
                + "  2001:db8::100/64\n }\n");
        c.put("v3 IPv6 global first", " version 3\n priority 100\n virtual_ipaddress {\n  2001:db8::100/64\n"
                + "  fe80::100/64\n }\n");
        c.put("strict_mode off with authentication", " strict_mode off\n priority 100\n authentication {\n"
                + "  auth_type PASS\n  auth_pass secret\n }\n" + vip);
        return c;
    }

    @Test
    void theDirectorRefusesWhatKeepalivedsCheckRefuses() throws Exception {
        Rig.requireNetns();
        if (!Files.isExecutable(KEEPALIVED)) {
            Rig.missing(KEEPALIVED + " (Debian package keepalived) is not installed");
        }
        List<String> disagreements = new ArrayList<>();
        List<String> refusedByKeepalived = new ArrayList<>();
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").host("r1");
            lab.link("r1", "lan0", "eth0", "10.83.0.1/24");
            int n = 0;
            for (Map.Entry<String, String> c : cases().entrySet()) {
                Path file = dir.resolve("case" + (n++) + ".conf");
                Files.writeString(file, "global_defs {\n vrrp_strict\n}\nvrrp_instance VI_1 {\n interface eth0\n"
                        + " virtual_router_id 83\n" + c.getValue() + "}\n");
                ExecResult keepalived = lab.exec("r1", KEEPALIVED.toString(), "-t", "-l", "-n", "-f",
                        file.toString());
                boolean keepalivedRefuses = keepalived.exitCode() != 0;
                if (keepalivedRefuses) {
                    refusedByKeepalived.add(c.getKey());
                }
                String ours;
                try {
                    Director.builder().config(file);
                    ours = null;
                } catch (ConfigException e) {
                    ours = e.getMessage();
                }
                if (keepalivedRefuses != (ours != null)) {
                    disagreements.add(c.getKey() + ": keepalived -t exit " + keepalived.exitCode() + " ("
                            + (keepalived.stdout() + keepalived.stderr()).strip() + "), director "
                            + (ours == null ? "accepts" : "refuses: " + ours));
                }
            }
        }
        assertEquals(List.of(), disagreements);
        // keepalived 2.2.7's verdicts, so a keepalived that did not really check shows up here
        assertEquals(List.of("master without owning", "owner as backup", "authentication", "preempt_delay",
                "accept in v2", "v3 IPv6 global first"), refusedByKeepalived);
    }
}
