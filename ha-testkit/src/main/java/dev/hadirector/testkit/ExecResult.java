package dev.hadirector.testkit;

import java.util.List;
import java.util.Objects;

/**
 * What a finished command left behind.
 *
 * @param command  the command line as run (including any {@code ip netns exec NS} prefix)
 * @param exitCode the process exit status
 * @param stdout   everything written to standard output, as lines each ended by a newline
 * @param stderr   everything written to standard error, likewise
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

    public ExecResult {
        command = List.copyOf(Objects.requireNonNull(command, "command"));
        stdout = Objects.requireNonNull(stdout, "stdout");
        stderr = Objects.requireNonNull(stderr, "stderr");
    }

    /** True when the command exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * Returns this result when the command exited with status 0.
     *
     * @throws ExecException naming the command, its status and its output otherwise
     */
    public ExecResult ok() {
        if (exitCode != 0) {
            throw new ExecException(describe());
        }
        return this;
    }

    /** Standard output split into lines, without a trailing empty line. */
    public List<String> stdoutLines() {
        return stdout.isEmpty() ? List.of() : List.of(stdout.split("\\R"));
    }

    /** One message naming the command, its status and both outputs, for failures. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append("command `").append(String.join(" ", command)).append("` exited with status ").append(exitCode);
        if (!stdout.isBlank()) {
            text.append("\n--- stdout ---\n").append(stdout.strip());
        }
        if (!stderr.isBlank()) {
            text.append("\n--- stderr ---\n").append(stderr.strip());
        }
        return text.toString();
    }
}
