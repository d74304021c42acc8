package dev.hadirector.ipvs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.ipvs.FakeIpvsKernelAccess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpvsCommandTest {
    private final FakeIpvsKernelAccess kernel = new FakeIpvsKernelAccess();
    private String out;
    private String err;

    private int run(String stdin, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = IpvsCommand.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                kernel::client);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private static final String TABLE = """
            -A -t 10.0.0.1:80 -s rr
            -a -t 10.0.0.1:80 -r 10.0.0.2:8080 -m -w 3
            -A -u 10.0.0.1:53 -s wlc -p 60
            -a -u 10.0.0.1:53 -r 10.0.0.3:53 -g -w 1
            """;

    @Test
    void restoreThenSavePrintsTheSameLines() {
        assertEquals(0, run(TABLE, "restore"), () -> err);
        assertEquals(0, run("", "save"));
        assertEquals(TABLE, out);
    }

    @Test
    void malformedInputAppliesNothingAndNamesTheLine() {
        String input = TABLE + "-a -t 10.0.0.1:80 -r 10.0.0.4 -w many\n";
        assertEquals(IpvsCommand.USAGE, run(input, "restore"));
        assertTrue(err.startsWith("<stdin>:5: weight 'many' is not a number"), err);
        assertTrue(err.contains("nothing was applied"));
        assertEquals(List.of(), kernel.changeCommands());
    }

    @Test
    void kernelRefusalsAreReportedWithTheirLine() {
        String input = TABLE + "-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -m\n-a -t 10.0.0.9:80 -r 10.0.0.2\n";
        assertEquals(IpvsCommand.KERNEL_FAILURE, run(input, "restore"));
        assertTrue(err.contains("<stdin>:5: destination 10.0.0.2:8080 of TCP 10.0.0.1:80 already exists: EEXIST"), err);
        assertTrue(err.contains("<stdin>:6: add destination 10.0.0.2:80 to TCP 10.0.0.9:80: service TCP 10.0.0.9:80 "
                + "does not exist: ESRCH"), err);
        assertTrue(err.contains("4 of 6 lines applied"), err);
    }

    @Test
    void applyChangesOnlyWhatDiffersAndIsIdempotent() {
        assertEquals(0, run(TABLE, "apply"), () -> err);
        assertTrue(out.contains("service TCP 10.0.0.1:80 is missing"), out);
        assertTrue(out.endsWith("4 change(s) applied, 0 failed\n"), out);
        assertEquals(0, run(TABLE.replace("-w 3", "-w 4"), "apply"));
        assertEquals("destination 10.0.0.2:8080 of TCP 10.0.0.1:80 differs: weight 3 -> 4\n"
                + "1 change(s) applied, 0 failed\n", out);
        assertEquals(0, run(TABLE.replace("-w 3", "-w 4"), "apply"));
        assertEquals("0 change(s) applied, 0 failed\n", out);
    }

    @Test
    void applyRefusesCommandsOtherThanAddLines() {
        assertEquals(IpvsCommand.USAGE, run("-A -t 10.0.0.1:80\n-D -t 10.0.0.1:80\n", "apply"));
        assertTrue(err.startsWith("<stdin>:2: apply takes only -A and -a lines"), err);
        assertEquals(IpvsCommand.USAGE, run("-a -t 10.0.0.1:80 -r 10.0.0.2\n", "apply"));
        assertTrue(err.startsWith("<stdin>:1: service TCP 10.0.0.1:80 is not defined by an -A line"), err);
    }

    @Test
    void listVariantsAndUsageErrors() {
        run(TABLE, "restore");
        assertEquals(IpvsCommand.USAGE, run("", "list", "--stats", "--rate"));
        assertEquals(IpvsCommand.USAGE, run("", "list", "--bogus"));
        assertTrue(err.contains("unknown option '--bogus'"), err);
        assertEquals(IpvsCommand.USAGE, run("", "frobnicate"));
        assertTrue(err.contains("unknown command 'frobnicate'"), err);
        assertEquals(IpvsCommand.USAGE, run(""));
    }
}
