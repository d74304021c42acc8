package dev.hadirector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code ha-director ipvs ...} reaches ha-ipvs's command through the dispatcher. */
class IpvsCliCommandTest {
    record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.standard().run(args, o, e);
        }
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpOfTheDirectorListsIpvs() {
        Result r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("  ipvs     show, save, restore or apply the IPVS table in ipvsadm's formats"), r.out());
    }

    @Test
    void ipvsHelpPrintsItsUsage() {
        Result r = run("ipvs", "help");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("usage: ipvs save\n"), r.out());
        assertTrue(r.out().contains("ipvs restore   < ipvsadm -S output"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void badIpvsUsageExitsTwoNamingTheProblem() {
        Result none = run("ipvs");
        assertEquals(2, none.exit());
        assertTrue(none.err().startsWith("usage: ipvs save"), none.err());

        Result unknown = run("ipvs", "frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("ipvs: unknown command 'frobnicate'\n"), unknown.err());

        Result badOption = run("ipvs", "list", "--bogus");
        assertEquals(2, badOption.exit());
        assertTrue(badOption.err().startsWith("ipvs: list: unknown option '--bogus'\n"), badOption.err());
        assertEquals("", badOption.out());
    }

    @Test
    void withoutIpvsInTheKernelSaveFailsWithTheKernelsReason() {
        // On a kernel with ip_vs the table is read instead; that path is covered inside User-Mode-Linux.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/proc/net/ip_vs")),
                "this kernel has IPVS: the failure path cannot be shown here");
        Result r = run("ipvs", "save");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("ipvs save: "), r.err());
        assertTrue(r.err().contains("IPVS"), r.err());
    }
}
