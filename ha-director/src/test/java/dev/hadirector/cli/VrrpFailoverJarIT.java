package dev.hadirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.testkit.Capture;
import dev.hadirector.testkit.LabProcess;
import dev.hadirector.testkit.NetLab;
import dev.hadirector.testkit.Rig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover between separate processes, each running one keepalived.conf in its own namespace on a bridge,
 * seen from a client namespace: {@code java -jar ha-director.jar} against itself (kill -9 and SIGTERM) and
 * against Debian's keepalived running the very same file (each side master in turn). The file is shared;
 * {@code -i high} / {@code -i low} select each side's priority through keepalived's conditional lines.
 */
class VrrpFailoverJarIT {
    private static final String VIP = "10.80.0.100";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path config() throws Exception {
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                    router_id jar_it
                    vrrp_version 3
                    vrrp_garp_master_delay 1
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 81
                @high    priority 200
                @low     priority 100
                    advert_int 0.1
                    virtual_ipaddress {
                        %s/24 dev eth0 label eth0:vip
                    }
                }
                """.formatted(VIP));
        return conf;
    }

    private static NetLab lab() {
        NetLab lab = NetLab.create();
        lab.lan("lan0").host("client").host("r1").host("r2");
        lab.link("client", "lan0", "eth0", "10.80.0.9/24");
        lab.link("r1", "lan0", "eth0", "10.80.0.1/24");
        lab.link("r2", "lan0", "eth0", "10.80.0.2/24");
        return lab;
    }

    private static LabProcess ours(NetLab lab, String host, Path conf, String id) throws Exception {
        String jar = System.getProperty("ha.director.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "ha.director.jar missing: " + jar);
        LabProcess p = lab.spawn(host, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "-f", conf.toString(), "-i", id);
        assertTrue(p.awaitOutput(l -> l.contains("ha-director: running"), WAIT).isPresent(),
                "the jar did not start: " + p.output());
        return p;
    }

    private LabProcess keepalived(NetLab lab, String host, Path conf, String id) throws Exception {
        Path run = Files.createDirectories(dir.resolve("ka-" + host));
        return lab.spawn(host, "keepalived", "-n", "-l", "-D", "-P", "-f", conf.toString(), "-i", id,
                "-p", run.resolve("k.pid").toString(), "-r", run.resolve("v.pid").toString());
    }

    private static boolean hasVip(NetLab lab, String host) {
        return lab.addresses(host, "eth0").contains(VIP + "/24");
    }

    private static void await(String what, BooleanSupplier condition, Supplier<String> diagnostics) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": " + diagnostics.get());
            }
            Thread.sleep(20);
        }
    }

    private static void pingable(NetLab lab) {
        lab.exec("client", "ping", "-c1", "-W2", VIP).ok();
    }

    private static int exitAfterSigterm(LabProcess p) throws Exception {
        ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy);
        OptionalInt exit = p.waitFor(WAIT);
        assertTrue(exit.isPresent(), "did not stop on SIGTERM: " + p.output());
        return exit.getAsInt();
    }

    @Test
    void directorProcessesFailOverOnKillMinus9AndOnSigterm() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("tcpdump");
        Path conf = config();
        try (NetLab lab = lab()) {
            LabProcess low = ours(lab, "r2", conf, "low");
            LabProcess high = ours(lab, "r1", conf, "high");
            await("VIP on r1 only", () -> hasVip(lab, "r1") && !hasVip(lab, "r2"),
                    () -> lab.addresses("r1", "eth0") + " / " + lab.addresses("r2", "eth0") + "\n" + high.output());
            pingable(lab);

            try (Capture capture = Capture.start(lab, "client", "eth0", "arp")) {
                ProcessHandle.of(high.pid()).ifPresent(ProcessHandle::destroyForcibly); // kill -9: no goodbye
                await("VIP on r2 after kill -9", () -> hasVip(lab, "r2"), low::output);
                assertTrue(capture.awaitLine(l -> l.contains("who-has " + VIP) && l.contains("tell " + VIP), WAIT)
                        .isPresent(), "gratuitous ARP from the new master: " + capture.lines());
            }
            pingable(lab);
            assertTrue(hasVip(lab, "r1"), "a process killed with -9 leaves its VIP behind, as keepalived's does");

            // Restarted, r1 first removes the left-over VIP, then preempts (priority 200 > 100).
            LabProcess again = ours(lab, "r1", conf, "high");
            await("r1 preempts back", () -> hasVip(lab, "r1") && !hasVip(lab, "r2"),
                    () -> lab.addresses("r1", "eth0") + " / " + lab.addresses("r2", "eth0") + "\n" + again.output());
            pingable(lab);

            assertEquals(0, exitAfterSigterm(again), "graceful stop exits 0: " + again.output());
            assertFalse(hasVip(lab, "r1"), "VIP removed on SIGTERM: " + lab.addresses("r1", "eth0"));
            await("VIP on r2 after SIGTERM", () -> hasVip(lab, "r2"), low::output);
            pingable(lab);
            assertEquals(0, exitAfterSigterm(low), low.output());
            assertFalse(hasVip(lab, "r2"));
        }
    }

    @Test
    void interopWithKeepalivedRunningTheSameFileBothWays() throws Exception {
        Rig.requireNetns();
        Rig.requireCommand("keepalived");
        Path conf = config();
        try (NetLab lab = lab()) {
            // keepalived master (r1, high), our backup (r2, low).
            LabProcess ka = keepalived(lab, "r1", conf, "high");
            await("keepalived master", () -> hasVip(lab, "r1"), ka::output);
            LabProcess ourBackup = ours(lab, "r2", conf, "low");
            Thread.sleep(1000); // many advert intervals: a backup that wrongly preempted would show by now
            assertFalse(hasVip(lab, "r2"), "our backup stays backup: " + ourBackup.output());
            pingable(lab);
            assertEquals(0, exitAfterSigterm(ka), ka.output());
            await("we take over from keepalived", () -> hasVip(lab, "r2") && !hasVip(lab, "r1"), ourBackup::output);
            pingable(lab);
            // keepalived comes back with the higher priority and preempts us.
            LabProcess kaAgain = keepalived(lab, "r1", conf, "high");
            await("keepalived preempts us", () -> hasVip(lab, "r1") && !hasVip(lab, "r2"),
                    () -> kaAgain.output() + "\n" + ourBackup.output());
            pingable(lab);
            assertEquals(0, exitAfterSigterm(ourBackup), ourBackup.output());
            assertEquals(0, exitAfterSigterm(kaAgain), kaAgain.output());

            // The reverse: our master (r1, high), keepalived backup (r2, low).
            LabProcess ourMaster = ours(lab, "r1", conf, "high");
            await("our master", () -> hasVip(lab, "r1"), ourMaster::output);
            LabProcess kaBackup = keepalived(lab, "r2", conf, "low");
            Thread.sleep(1000);
            assertFalse(hasVip(lab, "r2"), "keepalived stays backup: " + kaBackup.output());
            pingable(lab);
            assertEquals(0, exitAfterSigterm(ourMaster), ourMaster.output());
            await("keepalived takes over from us", () -> hasVip(lab, "r2") && !hasVip(lab, "r1"), kaBackup::output);
            pingable(lab);
            LabProcess ourAgain = ours(lab, "r1", conf, "high");
            await("we preempt keepalived", () -> hasVip(lab, "r1") && !hasVip(lab, "r2"),
                    () -> ourAgain.output() + "\n" + kaBackup.output());
            pingable(lab);
            List.of(ourAgain, kaBackup).forEach(LabProcess::stop);
        }
    }
}
