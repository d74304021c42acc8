package dev.hadirector.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

import dev.hadirector.Director;
import dev.hadirector.api.VrrpState;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The fluent-API example, run briefly in a namespace of its own inside User-Mode-Linux (it programs IPVS). */
@Tag("uml")
class FluentDirectorUmlTest {

    @Test
    void theFluentExampleTakesTheVipAndProgramsIpvsAndRemovesBothWhenClosed() throws Exception {
        Rig.requireNetns();
        Rig.requireIpvs();
        Rig.requireCommand("ipvsadm");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan").host("d1").link("d1", "lan", "eth0", "10.0.0.1/24");
            ExampleArgs args = ExampleArgs.parse("--namespace", lab.nsName("d1"), "--iface", "eth0",
                    "--vip", "10.0.0.100/24", "--seconds", "5");
            Director director = FluentDirector.start(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                assertTrue(eventually(() -> director.vrrp("VI_1").state() == VrrpState.MASTER),
                        "alone on its LAN it must become MASTER: " + director.snapshotJson());
                assertTrue(eventually(() -> lab.addresses("d1", "eth0").contains("10.0.0.100/24")),
                        "VIP installed: " + lab.addresses("d1", "eth0"));
                String table = lab.exec("d1", "ipvsadm", "-Ln").ok().stdout();
                assertTrue(table.contains("TCP  10.0.0.100:80 rr"), table);
                assertTrue(printed.toString(StandardCharsets.UTF_8).contains("MASTER"), printed.toString(StandardCharsets.UTF_8));
                assertTrue(LiveStats.table(director).contains("10.0.0.100:80"), LiveStats.table(director));
            } finally {
                director.close();
            }
            assertFalse(lab.addresses("d1", "eth0").contains("10.0.0.100/24"), "VIP removed at close");
            String after = lab.exec("d1", "ipvsadm", "-Ln").ok().stdout();
            assertFalse(after.contains("10.0.0.100:80"), after);
        }
    }

    /** Polls {@code condition} for up to 15 s: the first VRRP master election alone takes about 3 advert intervals. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
