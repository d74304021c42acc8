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

    @Test
    void applyRefusesADestinationListedTwiceForTheSameServiceOnly() {
        String twice = TABLE + "-a -t 10.0.0.1:80 -r 10.0.0.2:8080 -m -w 1\n";
        assertEquals(IpvsCommand.USAGE, run(twice, "apply"));
        assertTrue(err.startsWith("<stdin>:5: destination 10.0.0.2:8080 of TCP 10.0.0.1:80 is defined twice"), err);
        String otherService = TABLE + "-a -u 10.0.0.1:53 -r 10.0.0.2:8080 -m -w 1\n";
        assertEquals(0, run(otherService, "apply"), () -> err);
    }

    @Test
    void saveListsServicesAndDestinationsInIpvsadmsOrderWhateverTheKernelsOrder() {
        String unordered = """
                -A -u 10.0.0.9:53 -s rr
                -a -u 10.0.0.9:53 -r 10.0.0.20:53 -m -w 1
                -a -u 10.0.0.9:53 -r 10.0.0.3:53 -m -w 1
                -A -f 7 -s wlc
                -a -f 7 -r 10.0.0.5:0 -g -w 1
                -A -t 10.0.0.10:80 -s wlc
                -A -t 10.0.0.9:80 -s wlc
                -a -t 10.0.0.9:80 -r 10.0.0.4:80 -g -w 1
                """;
        assertEquals(0, run(unordered, "restore"), () -> err);
        assertEquals(0, run("", "save"));
        assertEquals("""
                -A -t 10.0.0.9:80 -s wlc
                -a -t 10.0.0.9:80 -r 10.0.0.4:80 -g -w 1
                -A -t 10.0.0.10:80 -s wlc
                -A -u 10.0.0.9:53 -s rr
                -a -u 10.0.0.9:53 -r 10.0.0.3:53 -m -w 1
                -a -u 10.0.0.9:53 -r 10.0.0.20:53 -m -w 1
                -A -f 7 -s wlc
                -a -f 7 -r 10.0.0.5:0 -g -w 1
                """, out);
        assertEquals(dev.hadirector.ipvs.text.IpvsadmFormat.save(kernel.client().table()), out,
                "the streamed text is what the whole-table formatter prints");
    }

    @Test
    void timingPropertyPrintsThePhasesOnStandardError() {
        assertEquals(0, run(TABLE, "restore"));
        assertTrue(err.isEmpty(), "no timing without the property: " + err);
        System.setProperty(PhaseTimes.PROPERTY, "true");
        try {
            run("", "frobnicate");
            assertTrue(err.contains("ipvs timing: frobnicate"), err);
            assertEquals(0, run(TABLE.replace("-w 3", "-w 4"), "apply"));
            assertTrue(err.matches("(?s)ipvs timing: apply jvm-uptime-at-start=\\d+ms read-stdin=[0-9.]+ms "
                    + "parse=[0-9.]+ms desired=[0-9.]+ms open=[0-9.]+ms reconcile=[0-9.]+ms\n"), err);
            assertEquals(0, run("", "save"));
            assertTrue(err.contains(" open=") && err.contains(" list-services=")
                    && err.contains(" destinations-and-text="), err);
        } finally {
            System.clearProperty(PhaseTimes.PROPERTY);
        }
    }
}
