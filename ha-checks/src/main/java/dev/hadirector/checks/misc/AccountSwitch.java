package dev.hadirector.checks.misc;

import dev.hadirector.api.ScriptUser;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a MISC_CHECK program as another account. A JVM cannot change the identity of a child between fork and
 * exec, so the program is started through util-linux's {@code setpriv}, which sets the uid, gid and
 * supplementary groups and then execs the program itself: still no shell. Like keepalived, the supplementary
 * groups are cleared to the one group the program runs with.
 */
final class AccountSwitch {

    private static final String SETPRIV = "setpriv";

    private AccountSwitch() {
    }

    /**
     * The command line that runs {@code command} as {@code user}.
     *
     * @throws IllegalStateException when this process may not switch to that account (not root) or setpriv is missing
     */
    static List<String> wrap(List<String> command, ScriptUser user) {
        long self = ownUid();
        if (self != 0 && self != user.uid()) {
            throw new IllegalStateException("MISC_CHECK user " + user.user() + " (uid " + user.uid() + ") cannot be "
                    + "used: the director runs as uid " + self + ", and only root may run programs as another user");
        }
        Path setpriv = find(SETPRIV).orElseThrow(() -> new IllegalStateException("MISC_CHECK user " + user.user()
                + " needs " + SETPRIV + " (Debian package util-linux) on the PATH to run " + command.get(0)
                + " as that user"));
        List<String> wrapped = new ArrayList<>(command.size() + 6);
        wrapped.add(setpriv.toString());
        wrapped.add("--reuid=" + user.uid());
        wrapped.add("--regid=" + user.gid());
        wrapped.add("--groups=" + user.gid());
        wrapped.add("--");
        wrapped.addAll(command);
        return List.copyOf(wrapped);
    }

    static long ownUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // real, effective, saved, filesystem: the effective uid decides what setpriv may do
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read this process's uid from /proc/self/status: " + e, e);
        }
        throw new IllegalStateException("/proc/self/status has no Uid line");
    }

    private static Optional<Path> find(String program) {
        String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
        List<String> dirs = new ArrayList<>(List.of(pathVariable.split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }
}
