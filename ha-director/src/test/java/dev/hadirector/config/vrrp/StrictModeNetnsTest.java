package dev.hadirector.config.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.Director;
import dev.hadirector.api.VrrpState;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Waiting;
import dev.hadirector.testkit.Rig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vrrp_strict} from a keepalived.conf, through the Director, in namespaces the test creates: with no
 * {@code no_accept} anywhere the master still drops traffic to the VIP, in the table and at the chain priority
 * the global {@code nftables} and {@code nftables_priority} name, as Debian's nft reads them back.
 */
class StrictModeNetnsTest {
    private static final String VIP = "10.82.0.100";
    private static final String TABLE = "strictfw_VI_ST";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aStrictMasterDropsTrafficToItsVipWithoutAnExplicitNoAccept() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("nft");
        Path config = dir.resolve("keepalived.conf");
        Files.writeString(config, """
                global_defs {
                    vrrp_strict
                    nftables strictfw
                    nftables_priority -150
                    nftables_counters
                    nftables_ifindex
                }
                vrrp_instance VI_ST {
                    interface eth0
                    virtual_router_id 82
                    priority 100
                    version 3
                    advert_int 0.1
                    garp_master_delay 0
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(VIP));
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").host("client").host("r1");
            lab.link("client", "lan0", "eth0", "10.82.0.9/24");
            lab.link("r1", "lan0", "eth0", "10.82.0.1/24");
            try (Director director = Director.builder().namespace(lab.nsName("r1")).config(config).start()) {
                until("r1 master with the VIP", () -> director.vrrp("VI_ST").state() == VrrpState.MASTER
                        && lab.addresses("r1", "eth0").contains(VIP + "/24"), director::toString);
                until("VIP blocked on r1", () -> nft(lab, "list", "set", "inet", TABLE, "vips4").contains(VIP),
                        () -> nft(lab, "list", "ruleset"));
                String table = nft(lab, "list", "table", "inet", TABLE);
                // nft names -150 after the standard priority it equals
                assertTrue(table.contains("type filter hook input priority mangle;"), table);
                assertNotEquals(0, lab.exec("client", "ping", "-c", "2", "-W", "1", VIP).exitCode(),
                        "the strict master does not answer for the VIP: no_accept is in force");
                lab.exec("client", "ping", "-c", "1", "-W", "2", "10.82.0.1").ok();
                String counted = nft(lab, "list", "chain", "inet", TABLE, "input");
                assertTrue(counted.contains("ip daddr @vips4 counter packets 2 bytes 168 drop"),
                        "nftables_counters counted the two dropped pings: " + counted);

                Path moved = dir.resolve("moved.conf");
                Files.writeString(moved, Files.readString(config).replace("nftables strictfw", "nftables other"));
                IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                        () -> director.reload(Director.builder().namespace(lab.nsName("r1")).config(moved)));
                assertTrue(refused.getMessage().contains("nftables table other priority -150 with counters differs from"
                        + " the running director's strictfw priority -150 with counters: restart the director to change"
                        + " nftables, nftables_priority or nftables_counters"), refused.getMessage());
                assertTrue(nft(lab, "list", "set", "inet", TABLE, "vips4").contains(VIP), "the refused reload kept it");
            }
            assertEquals("", nft(lab, "list", "ruleset").strip(), "close removes the table");
        }
    }

    private static String nft(NetLab lab, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "nft";
        System.arraycopy(args, 0, command, 1, args.length);
        return lab.exec("r1", command).ok().stdout();
    }

    private static void until(String what, BooleanSupplier condition, Supplier<String> diagnostics)
            throws InterruptedException {
        Waiting.until(what, WAIT, condition, diagnostics);
    }
}
