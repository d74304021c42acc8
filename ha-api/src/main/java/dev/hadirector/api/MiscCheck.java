package dev.hadirector.api;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * MISC_CHECK: run a program (no shell) with a timeout. Exit 0 is success, 1 failure; with
 * {@code dynamic} (misc_dynamic) 2..255 is success with weight exit-2, otherwise any non-zero exit
 * is failure. Past the timeout the program and its descendants are killed and the check fails.
 *
 * @param command the program and its arguments
 * @param timeout misc_timeout (default: the interval)
 * @param dynamic misc_dynamic
 * @param user    user USERNAME [GROUPNAME]: the account the program runs as; empty runs it as the director's
 *                own user (the JVM must be root to run it as another)
 */
public record MiscCheck(CheckTiming timing, CheckEndpoint endpoint, List<String> command, Duration timeout,
                        boolean dynamic, Optional<ScriptUser> user) implements HealthCheck {

    public MiscCheck {
        SpecRules.notNull("timing", timing);
        SpecRules.notNull("endpoint", endpoint);
        SpecRules.notNull("command", command);
        SpecRules.positive("timeout", timeout);
        SpecRules.notNull("user", user);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command empty: must name a program");
        }
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command[" + i + "] " + (arg == null ? "null" : "\"" + arg + "\"")
                        + " invalid: must be a string without NUL characters");
            }
        }
        command = List.copyOf(command);
        requireExecutable(command.get(0));
        if (!endpoint.equals(CheckEndpoint.DEFAULT)) {
            throw new IllegalArgumentException("endpoint " + endpoint + " set on a MISC_CHECK: the program decides where it connects, leave it unset");
        }
    }

    private static void requireExecutable(String program) {
        if (program.isBlank()) {
            throw new IllegalArgumentException("command[0] \"" + program + "\" is blank: must name a program");
        }
        try {
            if (program.contains("/")) {
                Path path = Path.of(program);
                if (!Files.isRegularFile(path)) {
                    throw new IllegalArgumentException("command[0] \"" + program + "\" not found: must be an existing file");
                }
                if (!Files.isExecutable(path)) {
                    throw new IllegalArgumentException("command[0] \"" + program + "\" not executable: must have execute permission");
                }
                return;
            }
            String pathVariable = System.getenv("PATH");
            if (pathVariable != null) {
                for (String dir : pathVariable.split(File.pathSeparator)) {
                    if (!dir.isEmpty()) {
                        Path candidate = Path.of(dir, program);
                        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                            return;
                        }
                    }
                }
            }
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("command[0] \"" + program + "\" invalid path: " + e.getReason(), e);
        }
        throw new IllegalArgumentException("command[0] \"" + program + "\" not found on PATH: must be an executable program");
    }

    @Override
    public String kind() {
        return "MISC_CHECK";
    }

    /** Builder of {@link MiscCheck}. */
    public static final class Builder extends CheckBuilder<Builder, MiscCheck> {
        private final List<String> command;
        private Duration timeout;
        private boolean dynamic;
        private ScriptUser user;

        Builder(String program, List<String> args) {
            this(concat(program, args));
        }

        Builder(List<String> command) {
            super(0, DEFAULT_DELAY_BEFORE_RETRY);
            this.command = new java.util.ArrayList<>(SpecRules.notNull("command", command));
        }

        private static List<String> concat(String program, List<String> args) {
            java.util.ArrayList<String> all = new java.util.ArrayList<>();
            all.add(SpecRules.notNull("program", program));
            all.addAll(args);
            return all;
        }

        /** misc_timeout; default the interval. */
        public Builder timeout(Duration timeout) {
            this.timeout = SpecRules.positive("timeout", timeout);
            return this;
        }

        /** misc_dynamic. */
        public Builder dynamic(boolean dynamic) {
            this.dynamic = dynamic;
            return this;
        }

        /** user USERNAME: run the program as this account and its primary group; it must exist now. */
        public Builder user(String user) {
            this.user = ScriptUser.of(user);
            return this;
        }

        /** user USERNAME GROUPNAME: run the program as this account and group; both must exist now. */
        public Builder user(String user, String group) {
            this.user = ScriptUser.of(user, SpecRules.notNull("group", group));
            return this;
        }

        /** user: an account looked up already. */
        public Builder user(ScriptUser user) {
            this.user = SpecRules.notNull("user", user);
            return this;
        }

        @Override
        public MiscCheck build() {
            CheckTiming timing = timing();
            return new MiscCheck(timing, endpoint(), command, timeout == null ? timing.interval() : timeout, dynamic,
                    Optional.ofNullable(user));
        }
    }
}
