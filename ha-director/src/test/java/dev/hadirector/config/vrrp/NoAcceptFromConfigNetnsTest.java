package dev.hadirector.config.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * {@code no_accept} from a keepalived.conf, end to end through the Director, in namespaces the test creates:
 * the master drops the client's traffic to the VIP, the backup holds an empty set, and every transition
 * (master closes, backup takes over, the first comes back and preempts) moves the blocked address with the
 * address itself, as Debian's nft shows in each router's namespace.
 */
class NoAcceptFromConfigNetnsTest {
    private static final String VIP = "10.81.0.100";
    private static final String TABLE = "hadirector_VI_NA";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path config(int priority) throws Exception {
        Path file = dir.resolve("keepalived-" + priority + ".conf");
        Files.writeString(file, """
                vrrp_instance VI_NA {
                    interface eth0
                    virtual_router_id 81
                    priority %d
                    version 3
                    advert_int 0.1
                    garp_master_delay 0
                    no_accept
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(priority, VIP));
        return file;
    }

    @Test
    void blockedAddressFollowsTheMasterAcrossTransitions() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("nft");
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").host("client").host("r1").host("r2");
            lab.link("client", "lan0", "eth0", "10.81.0.9/24");
            lab.link("r1", "lan0", "eth0", "10.81.0.1/24");
            lab.link("r2", "lan0", "eth0", "10.81.0.2/24");
            try (Director backup = Director.builder().namespace(lab.nsName("r2")).config(config(100)).start()) {
                Director master = Director.builder().namespace(lab.nsName("r1")).config(config(200)).start();
                try {
                    until("r1 master, r2 backup", () -> master.vrrp("VI_NA").state() == VrrpState.MASTER
                            && backup.vrrp("VI_NA").state() == VrrpState.BACKUP, () -> master + " / " + backup);
                    until("VIP blocked on r1", () -> blocked(lab, "r1"), () -> set(lab, "r1"));
                    assertFalse(blocked(lab, "r2"), set(lab, "r2"));
                    assertTrue(lab.addresses("r1", "eth0").contains(VIP + "/24"));
                    assertNotEquals(0, lab.exec("client", "ping", "-c", "2", "-W", "1", VIP).exitCode(),
                            "the no_accept master does not answer for the VIP");
                    lab.exec("client", "ping", "-c", "1", "-W", "2", "10.81.0.1").ok();
                } finally {
                    master.close();
                }
                assertEquals("", nft(lab, "r1", "list", "ruleset").strip(), "close removes r1's table");
                until("r2 master", () -> backup.vrrp("VI_NA").state() == VrrpState.MASTER, backup::toString);
                until("VIP blocked on r2", () -> blocked(lab, "r2"), () -> set(lab, "r2"));
                assertNotEquals(0, lab.exec("client", "ping", "-c", "2", "-W", "1", VIP).exitCode());

                try (Director again = Director.builder().namespace(lab.nsName("r1")).config(config(200)).start()) {
                    until("r1 preempts", () -> again.vrrp("VI_NA").state() == VrrpState.MASTER
                            && backup.vrrp("VI_NA").state() == VrrpState.BACKUP, () -> again + " / " + backup);
                    until("VIP unblocked on r2", () -> !blocked(lab, "r2"), () -> set(lab, "r2"));
                    until("VIP blocked on r1", () -> blocked(lab, "r1"), () -> set(lab, "r1"));
                    assertFalse(lab.addresses("r2", "eth0").contains(VIP + "/24"));
                }
            }
            assertEquals("", nft(lab, "r2", "list", "ruleset").strip(), "close removes r2's table");
        }
    }

    private static boolean blocked(NetLab lab, String host) {
        return set(lab, host).contains(VIP);
    }

    private static String set(NetLab lab, String host) {
        return nft(lab, host, "list", "set", "inet", TABLE, "vips4");
    }

    private static String nft(NetLab lab, String host, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "nft";
        System.arraycopy(args, 0, command, 1, args.length);
        return lab.exec(host, command).ok().stdout();
    }

    private static void until(String what, BooleanSupplier condition, Supplier<String> diagnostics)
            throws InterruptedException {
        Waiting.until(what, WAIT, condition, diagnostics);
    }
}
