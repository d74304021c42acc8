package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs inside User-Mode-Linux (started by {@link UmlTests}) and checks the runner set the kernel up as promised. */
@Tag("uml")
class InsideUmlTest {

    @BeforeAll
    static void onlyInsideUml() {
        if (!Rig.insideUml()) {
            Rig.missing("runs inside User-Mode-Linux only (HA_INSIDE_UML is not set)");
        }
    }

    @Test
    void runsOnTheUmlKernelNotTheHosts() throws IOException {
        String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        assertTrue(release.startsWith("6.1."), "kernel release " + release);
        assertEquals(List.of(release), Rig.umlModuleVersions().stream().filter(release::equals).toList());
    }

    @Test
    void ipvsAndEverySchedulerAreLoaded() throws IOException {
        Rig.requireIpvs();
        assertTrue(Files.readString(Rig.IPVS_PROC_FILE).startsWith("IP Virtual Server version"));
        List<String> modules = Files.readAllLines(Path.of("/proc/modules")).stream().map(l -> l.split(" ")[0]).toList();
        for (String scheduler : List.of("ip_vs_rr", "ip_vs_wrr", "ip_vs_lc", "ip_vs_wlc", "ip_vs_sh", "ip_vs_dh",
                "ip_vs_mh", "ip_vs_sed", "ip_vs_nq", "ip_vs_fo", "ip_vs_ovf", "ip_vs_lblc", "ip_vs_lblcr", "ip_vs_pe_sip")) {
            assertTrue(modules.contains(scheduler), scheduler + " not in " + modules);
        }
        assertTrue(!modules.contains(UmlInit.IPVS_FTP_HELPER), "the FTP helper is left out: " + modules);
    }

    @Test
    void runAndTempFilesAreInTheUmlsOwnTmpfs() throws IOException {
        List<String> mounts = Files.readAllLines(Path.of("/proc/mounts"));
        assertTrue(mounts.stream().anyMatch(m -> m.startsWith("tmpfs /run tmpfs ")), mounts.toString());
        assertTrue(System.getProperty("java.io.tmpdir").startsWith("/run/"), System.getProperty("java.io.tmpdir"));
        assertTrue(System.getenv("TMPDIR").startsWith("/run/"), System.getenv("TMPDIR"));
        assertTrue(mounts.stream().anyMatch(m -> m.contains(" / hostfs ")), mounts.toString());
    }

    @Test
    void namespacesVethAndBridgesWorkAndCarryTraffic() {
        Rig.requireCommand("ping");
        try (NetLab lab = NetLab.create()) {
            lab.host("a").host("b").lan("lan0");
            lab.link("a", "lan0", "eth0", "10.9.7.1/24");
            lab.link("b", "lan0", "eth0", "10.9.7.2/24");
            lab.exec("a", "ping", "-c1", "-W1", "10.9.7.2").ok();
        }
    }

    @Test
    void theKernelLoadsModulesOnDemandThroughTheWrapper() {
        // dummy is not loaded by the runner: creating one makes the kernel call /proc/sys/kernel/modprobe.
        try (NetLab lab = NetLab.create()) {
            lab.host("a");
            lab.exec("a", "ip", "link", "add", "d0", "type", "dummy").ok();
            assertTrue(lab.exec("a", "ip", "-o", "link", "show", "d0").ok().stdout().contains("d0"));
        }
    }
}
