package dev.hadirector.ipvs.cli;

import java.io.PrintStream;

/**
 * Where the time of one {@code ipvs} command goes, printed to stderr when the JVM runs with
 * {@code -Dha.ipvs.timing=true} (a diagnostic for the benchmarks, not an option users need). Disabled, it
 * costs one property read per command and nothing per phase.
 */
final class PhaseTimes {
    static final String PROPERTY = "ha.ipvs.timing";

    private final PrintStream err;
    private final boolean enabled;
    private final StringBuilder line = new StringBuilder();
    private long last;

    private PhaseTimes(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
        this.last = System.nanoTime();
    }

    static PhaseTimes fromSystemProperty(PrintStream err) {
        return new PhaseTimes(err, Boolean.getBoolean(PROPERTY));
    }

    /** Ends the phase that started at the previous mark (or at creation) and names it. */
    void mark(String phase) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        line.append(' ').append(phase).append('=').append((now - last) / 100_000 / 10.0).append("ms");
        last = now;
    }

    /** Prints the phases of {@code command}, with the JVM's age when the command began. */
    void print(String command, long jvmUptimeAtStartMillis) {
        if (enabled) {
            err.println("ipvs timing: " + command + " jvm-uptime-at-start=" + jvmUptimeAtStartMillis + "ms" + line);
        }
    }

    boolean enabled() {
        return enabled;
    }
}
