package dev.hadirector.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A packet capture on one interface of a lab host, decoded to text lines by tcpdump (default) or tshark. {@link #start}
 * returns only once the tool reports that it is listening, so packets sent afterwards are seen.
 */
public final class Capture implements AutoCloseable {

    /** Starting a capture takes well under a second; the margin is for a loaded machine or the slow UML kernel. */
    static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);

    /** The program that captures and decodes. */
    public enum Tool {
        /** {@code tcpdump -l -n -e --immediate-mode}: one line per packet, with link-level header. */
        TCPDUMP("tcpdump", "listening on "),
        /**
         * {@code tshark -l -n}: one summary line per packet, from Wireshark's dissectors (checks VRRP checksums). Ready
         * once its dumpcap child reports the capture started; "Capturing on" comes earlier, before packets are seen.
         */
        TSHARK("tshark", "Capture started");

        private final String program;
        private final String readyMarker;

        Tool(String program, String readyMarker) {
            this.program = program;
            this.readyMarker = readyMarker;
        }

        List<String> command(String ifname, String filter, List<String> extraArgs) {
            List<String> argv = new ArrayList<>();
            argv.add(program);
            if (this == TCPDUMP) {
                argv.addAll(List.of("-l", "-n", "-e", "--immediate-mode", "-i", ifname));
                argv.addAll(extraArgs);
                if (!filter.isBlank()) {
                    argv.add(filter);
                }
            } else {
                argv.addAll(List.of("-l", "-n", "-i", ifname));
                if (!filter.isBlank()) {
                    argv.addAll(List.of("-f", filter));
                }
                argv.addAll(extraArgs);
            }
            return argv;
        }
    }

    private final LabProcess process;
    private final String description;

    private Capture(LabProcess process, String description) {
        this.process = process;
        this.description = description;
    }

    /** Captures with tcpdump on {@code ifname} of {@code host}, keeping packets matching the BPF filter. */
    public static Capture start(NetLab lab, String host, String ifname, String bpfFilter) {
        return start(lab, host, ifname, bpfFilter, Tool.TCPDUMP);
    }

    /**
     * Captures with the given tool.
     *
     * @param extraArgs more options for the tool, e.g. {@code -vv} for tcpdump or {@code -V} for tshark
     */
    public static Capture start(NetLab lab, String host, String ifname, String bpfFilter, Tool tool, String... extraArgs) {
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(tool, "tool");
        LabNames.checkIfname(ifname);
        Rig.requireCommand(tool.program);
        String filter = bpfFilter == null ? "" : bpfFilter;
        String description = tool.program + " on " + host + ":" + ifname + (filter.isBlank() ? "" : " '" + filter + "'");
        LabProcess process = lab.spawn(host, tool.command(ifname, filter, List.of(extraArgs)).toArray(String[]::new));
        Optional<String> ready;
        try {
            ready = process.awaitStderr(line -> line.contains(tool.readyMarker), LISTEN_TIMEOUT);
        } catch (InterruptedException e) {
            process.stop();
            Thread.currentThread().interrupt();
            throw new ExecException("interrupted while starting " + description, e);
        }
        if (ready.isEmpty()) {
            String output = process.stop();
            throw new ExecException(description + " did not start listening within " + LISTEN_TIMEOUT.toSeconds()
                    + " s; its output:\n" + output);
        }
        return new Capture(process, description);
    }

    /** The decoded lines so far, one per packet. */
    public List<String> lines() {
        return decoded(process.stdoutLines());
    }

    private static List<String> decoded(List<String> stdout) {
        return stdout.stream().filter(line -> !line.isBlank()).toList();
    }

    /** Waits for a decoded line matching {@code wanted}; empty if none came in time. */
    public Optional<String> awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        return process.awaitStdoutCount(line -> !line.isBlank() && wanted.test(line), 1, timeout).stream().findFirst();
    }

    /** Waits for {@code count} decoded lines matching {@code wanted}; returns those seen, possibly fewer, when time is up. */
    public List<String> awaitLines(Predicate<String> wanted, int count, Duration timeout) throws InterruptedException {
        return process.awaitStdoutCount(line -> !line.isBlank() && wanted.test(line), count, timeout);
    }

    /** Stops the capture and returns every decoded line. */
    public List<String> stop() {
        process.stop();
        return lines();
    }

    /** What the tool wrote on stderr (start banner, statistics at stop, errors). */
    public List<String> diagnostics() {
        return process.stderrLines();
    }

    @Override
    public void close() {
        process.stop();
    }

    @Override
    public String toString() {
        return description;
    }
}
