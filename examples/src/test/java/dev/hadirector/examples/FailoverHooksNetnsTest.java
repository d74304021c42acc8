package dev.hadirector.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import dev.hadirector.Director;
import dev.hadirector.api.VrrpState;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The custom trackers of FailoverHooks move the live priority: the maintenance flag costs 60 points while it exists. */
class FailoverHooksNetnsTest {

    @TempDir
    Path dir;

    @Test
    void theMaintenanceFlagLowersThePriorityAndItsRemovalRestoresIt() throws Exception {
        Rig.requireNetns();
        Path flag = dir.resolve("maintenance");
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan").host("h").link("h", "lan", "eth0", "10.0.0.1/24");
            try (Director director = FailoverHooks.start(ExampleArgs.parse("--namespace", lab.nsName("h"), "--iface", "eth0",
                    "--vip", "10.0.0.100/24"), flag)) {
                assertTrue(eventually(() -> director.vrrp("VI_HOOKS").state() == VrrpState.MASTER), director.snapshotJson());
                int healthy = director.vrrp("VI_HOOKS").effectivePriority();
                int bonus = FailoverHooks.spareHeapBonus();
                assertTrue(healthy >= 120 && healthy <= 130, "base 120 plus a heap bonus of 0..10: " + healthy + " (bonus now " + bonus + ")");
                Files.createFile(flag);
                assertTrue(eventually(() -> director.vrrp("VI_HOOKS").effectivePriority() <= healthy - 50),
                        "flag present: priority " + director.vrrp("VI_HOOKS").effectivePriority() + ", was " + healthy);
                Files.delete(flag);
                assertTrue(eventually(() -> director.vrrp("VI_HOOKS").effectivePriority() >= 120),
                        "flag gone: priority " + director.vrrp("VI_HOOKS").effectivePriority());
                assertEquals(VrrpState.MASTER, director.vrrp("VI_HOOKS").state(), "alone on its LAN it stays master");
            }
        }
    }

    /** Polls for up to 15 s: trackers run every second, the first election takes about three adverts. */
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
