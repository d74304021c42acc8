package dev.hadirector.api;

import java.util.List;

/** Rules for the notify programs and host names of the pool settings. */
final class Programs {
    private Programs() {
    }

    /** A program and its arguments (run without a shell): empty means none; else an absolute path first. */
    static List<String> command(String field, List<String> command) {
        if (command == null) {
            throw new IllegalArgumentException(field + " null: must be a list (empty: no program)");
        }
        List<String> copy = List.copyOf(command);
        if (copy.isEmpty()) {
            return copy;
        }
        String program = copy.get(0);
        if (program.isBlank()) {
            throw new IllegalArgumentException(field + " program \"" + program + "\" is blank: must be a path");
        }
        for (String arg : copy) {
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException(field + " argument \"" + arg.replace("\0", "\\0")
                        + "\" invalid: must not contain NUL");
            }
        }
        return copy;
    }

    static void hostName(String field, String host) {
        if (host.isBlank() || host.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new IllegalArgumentException(field + " \"" + host
                    + "\" invalid: must be a host name without spaces or control characters");
        }
    }
}
