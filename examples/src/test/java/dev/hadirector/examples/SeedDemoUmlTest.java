package dev.hadirector.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hadirector.testkit.Rig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The whole seed demo inside User-Mode-Linux: its timeline must show each failure absorbed. */
@Tag("uml")
class SeedDemoUmlTest {

    @Test
    void trafficContinuesThroughARealServerFailureAndADirectorFailover() {
        Rig.requireNetns();
        Rig.requireIpvs();
        Rig.requireCommand("nginx");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SeedDemo.Outcome outcome = SeedDemo.runDemo(new PrintStream(new TeeStream(out, System.out), true, StandardCharsets.UTF_8));
        String timeline = bytes.toString(StandardCharsets.UTF_8);
        for (String expected : List.of("dir1 became MASTER", "steady state: both real servers answer",
                "dir1 removed rs1 from IPVS", "traffic continued on rs2", "rs1 is back in the table",
                "dir2 became MASTER", "traffic continued through dir2")) {
            assertTrue(outcome.check(expected).map(DemoCheck::passed).orElse(false),
                    "check '" + expected + "' did not pass:\n" + timeline);
        }
        assertEquals(0, outcome.exitCode(), timeline);
        assertTrue(timeline.contains("seed demo: all " + outcome.checks().size() + " checks passed"), timeline);
    }

    /** Keeps the timeline for the assertions and shows it in the inner JVM's log too. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
