package dev.hadirector.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Checks that the rig a test needs is present. A missing rig aborts the test with one line saying why, except under
 * {@code CI=true}, where a missing rig fails the test: CI must run every layer.
 */
public final class Rig {

    /** The User-Mode-Linux kernel shipped by Debian's user-mode-linux package. */
    static final Path UML_KERNEL = Path.of("/usr/bin/linux");
    /** Where that package puts the modules of the UML kernel, one folder per kernel version. */
    static final Path UML_MODULES_ROOT = Path.of("/usr/lib/uml/modules");
    static final Path IPVS_PROC_FILE = Path.of("/proc/net/ip_vs");
    /** Set by the UML runner's init script, so code can tell it runs on the UML kernel. */
    static final String INSIDE_UML_ENV = "HA_INSIDE_UML";

    private static final Object PROBE_LOCK = new Object();
    /** Each probe's answer: empty when the rig works, otherwise why not. Probed once per JVM. */
    private static Optional<String> netnsProblem;
    private static Optional<String> umlProblem;

    private Rig() {
    }

    /** True when the environment variable {@code CI} is {@code true}: every missing rig is then a failure. */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** True inside the User-Mode-Linux kernel started by {@link UmlSuite}. */
    public static boolean insideUml() {
        return "1".equals(System.getenv(INSIDE_UML_ENV));
    }

    public static void requireRoot() {
        long uid = effectiveUid();
        if (uid != 0) {
            missing("needs root (running as uid " + uid + ")");
        }
    }

    /** Root and a working {@code ip netns add}; probed once per JVM. */
    public static void requireNetns() {
        requireRoot();
        requireCommand("ip");
        netnsProblem().ifPresent(problem -> missing("needs network namespaces: " + problem));
    }

    /**
     * Finds {@code name} on the PATH (and in the sbin folders, which a non-login PATH may lack).
     *
     * @return the executable found
     */
    public static Path requireCommand(String name) {
        Optional<Path> found = findCommand(name);
        if (found.isEmpty()) {
            missing("needs command '" + name + "' (not found on PATH or in /usr/sbin, /sbin)");
        }
        return found.orElseThrow();
    }

    /** Root, the UML kernel {@code /usr/bin/linux} and its modules under {@code /usr/lib/uml/modules/<its version>}. */
    public static void requireUml() {
        requireRoot();
        if (!Files.isExecutable(UML_KERNEL)) {
            missing("needs User-Mode-Linux (" + UML_KERNEL + " missing; install Debian package user-mode-linux)");
        }
        umlProblem().ifPresent(Rig::missing);
    }

    /** The running kernel has IPVS: true inside UML once the runner loaded ip_vs, never on this host. */
    public static void requireIpvs() {
        if (!Files.exists(IPVS_PROC_FILE)) {
            missing("needs IPVS (" + IPVS_PROC_FILE + " missing" + (insideUml() ? "" : "; IPVS tests run inside UML: tag them \"uml\"") + ")");
        }
    }

    /**
     * Aborts the current test saying why, or fails it under {@code CI=true}.
     *
     * @param why one line naming what is missing
     */
    public static void missing(String why) {
        missing(why, ci());
    }

    static void missing(String why, boolean ci) {
        if (ci) {
            Assertions.fail("rig missing under CI=true: " + why);
        }
        Assumptions.abort("rig missing: " + why);
    }

    static Optional<Path> findCommand(String name) {
        if (name.isEmpty() || name.contains("/")) {
            Path direct = Path.of(name.isEmpty() ? "." : name);
            return Files.isRegularFile(direct) && Files.isExecutable(direct) ? Optional.of(direct) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/local/sbin", "/usr/sbin", "/sbin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                .findFirst();
    }

    /** Kernel versions that have a module folder from the user-mode-linux package. */
    static List<String> umlModuleVersions() {
        if (!Files.isDirectory(UML_MODULES_ROOT)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(UML_MODULES_ROOT)) {
            return versions.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // Fields: real, effective, saved, filesystem.
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // No procfs: not Linux, so certainly no rig here.
        }
        return -1;
    }

    /** Empty when the UML kernel's own version has a module folder; probed once per JVM. */
    private static Optional<String> umlProblem() {
        synchronized (PROBE_LOCK) {
            if (umlProblem == null) {
                umlProblem = probeUml();
            }
            return umlProblem;
        }
    }

    private static Optional<String> probeUml() {
        try {
            ExecResult version = Commands.run(List.of(UML_KERNEL.toString(), "--version"), Duration.ofSeconds(30));
            String release = version.stdout().strip();
            if (!version.succeeded() || release.isEmpty()) {
                return Optional.of("needs User-Mode-Linux (`" + UML_KERNEL + " --version` failed: " + version.describe() + ")");
            }
            if (!umlModuleVersions().contains(release)) {
                return Optional.of("needs the modules of User-Mode-Linux " + release + " (" + UML_MODULES_ROOT.resolve(release)
                        + " missing; found " + umlModuleVersions() + ")");
            }
            return Optional.empty();
        } catch (ExecException e) {
            return Optional.of("needs User-Mode-Linux (" + e.getMessage() + ")");
        }
    }

    private static Optional<String> netnsProblem() {
        synchronized (PROBE_LOCK) {
            if (netnsProblem == null) {
                netnsProblem = probeNetns();
            }
            return netnsProblem;
        }
    }

    private static Optional<String> probeNetns() {
        String probe = LabNames.probeNamespace();
        try {
            ExecResult added = Commands.run("ip", "netns", "add", probe);
            if (!added.succeeded()) {
                return Optional.of("`ip netns add` failed: " + added.stderr().strip());
            }
            ExecResult deleted = Commands.run("ip", "netns", "delete", probe);
            if (!deleted.succeeded()) {
                return Optional.of("`ip netns delete` failed: " + deleted.stderr().strip());
            }
            return Optional.empty();
        } catch (ExecException e) {
            return Optional.of(e.getMessage());
        }
    }
}
