package dev.hadirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar ha-director.jar -f FILE} in a namespace reloads FILE on SIGHUP, as keepalived does: a
 * VIP added to the file appears without the other one ever leaving, a broken file is refused with its
 * file:line while the director runs on, and SIGTERM still stops it gracefully afterwards.
 */
class ReloadSignalJarIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String VIP = "10.84.0.100/24";
    private static final String VIP2 = "10.84.0.101/24";

    @TempDir
    Path dir;

    private static String conf(String virtualRouterId, String... vips) {
        return """
                global_defs {
                    vrrp_version 3
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id %s
                    priority 150
                    advert_int 0.1
                    virtual_ipaddress {
                        %s
                    }
                }
                """.formatted(virtualRouterId, String.join("\n        ", vips));
    }

    private static void hangUp(LabProcess p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).redirectErrorStream(true).start();
        assertEquals(0, kill.waitFor(), new String(kill.getInputStream().readAllBytes()));
    }

    private static void await(String what, java.util.function.BooleanSupplier condition,
                              java.util.function.Supplier<String> diagnostics) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": " + diagnostics.get());
            }
            Thread.sleep(20);
        }
    }

    @Test
    void sighupReloadsTheFileAndABrokenOneIsRefusedWhileTheDirectorRunsOn() throws Exception {
        Rig.requireNetns();
        String jar = System.getProperty("ha.director.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "ha.director.jar missing: " + jar);
        Path file = Files.writeString(dir.resolve("keepalived.conf"), conf("84", VIP));
        try (NetLab lab = NetLab.create()) {
            lab.lan("lan0").host("r1");
            lab.link("r1", "lan0", "eth0", "10.84.0.1/24");
            LabProcess director = lab.spawn("r1", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar, "-f", file.toString());
            LabProcess monitor = null;
            try {
                assertTrue(director.awaitOutput(l -> l.contains("SIGHUP reloads " + file), WAIT).isPresent(),
                        "the jar did not start: " + director.output());
                await("VIP on r1", () -> lab.addresses("r1", "eth0").contains(VIP),
                        () -> lab.addresses("r1", "eth0") + "\n" + director.output());
                monitor = lab.spawn("r1", "ip", "-o", "monitor", "address");
                Thread.sleep(300); // the monitor subscribes; the VIP2 line below proves it listened in time

                Files.writeString(file, conf("84", VIP, VIP2));
                hangUp(director);
                String expected = "ha-director: " + file + ": reload: VRRP instance VI_1 updated: virtualAddresses +["
                        + VIP2 + "]";
                assertTrue(director.awaitOutput(l -> l.equals(expected), WAIT).isPresent(),
                        "reload summary: " + director.output());
                await("VIP2 on r1", () -> lab.addresses("r1", "eth0").contains(VIP2),
                        () -> lab.addresses("r1", "eth0").toString());
                LabProcess m = monitor;
                assertTrue(monitor.awaitOutput(l -> l.contains("10.84.0.101"), WAIT).isPresent(), m::output);

                Files.writeString(file, conf("300", VIP, VIP2));
                hangUp(director);
                assertTrue(director.awaitOutput(l -> l.contains(file + ":6: virtual_router_id 300"), WAIT).isPresent(),
                        "the problem with its file:line: " + director.output());
                assertTrue(director.awaitOutput(l -> l.contains("reload refused; still running the previous"), WAIT)
                        .isPresent(), director.output());
                assertTrue(director.isAlive(), director.output());
                assertTrue(lab.addresses("r1", "eth0").containsAll(java.util.List.of(VIP, VIP2)),
                        lab.addresses("r1", "eth0").toString());
                assertFalse(monitor.output().contains("Deleted"), "no address left during the reloads: "
                        + monitor.output());

                ProcessHandle.of(director.pid()).ifPresent(ProcessHandle::destroy);
                OptionalInt exit = director.waitFor(WAIT);
                assertEquals(OptionalInt.of(0), exit, director.output());
                assertFalse(lab.addresses("r1", "eth0").contains(VIP), lab.addresses("r1", "eth0").toString());
            } finally {
                if (monitor != null) {
                    monitor.stop();
                }
                director.stop();
            }
        }
    }
}
