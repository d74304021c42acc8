package dev.hadirector.examples;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

import dev.hadirector.testkit.UmlOptions;
import dev.hadirector.testkit.UmlRunResult;
import dev.hadirector.testkit.UmlRunner;

/**
 * What {@code ./run-demo} starts: runs {@link SeedDemo} right here when this kernel has IPVS, otherwise boots
 * User-Mode-Linux on the host's own files (the test kit's boot: tmpfs {@code /run} and {@code /tmp}, the UML modules
 * through a bind mount, {@code ip_vs} loaded) and runs it inside, its output streaming to this terminal. The exit code
 * is the demo's: 0 when its checks held.
 */
public final class RunDemo {

    static final Path IPVS_PROC_FILE = Path.of("/proc/net/ip_vs");
    static final Path UML_KERNEL = Path.of("/usr/bin/linux");
    static final Duration UML_TIME_LIMIT = Duration.ofMinutes(5);
    /** Exit code when the demo could not run at all (no root, no UML, UML setup failed or timed out). */
    static final int CANNOT_RUN = 2;

    private RunDemo() {
    }

    public static void main(String[] args) throws Exception {
        Examples.quietLibraryLogs();
        if (!Examples.isRoot()) {
            System.err.println("run-demo: needs root (it creates network namespaces and programs IPVS); run it with sudo");
            System.exit(CANNOT_RUN);
        }
        if (Files.exists(IPVS_PROC_FILE)) {
            System.exit(SeedDemo.run(System.out));
        }
        if (!Files.isExecutable(UML_KERNEL)) {
            System.err.println("run-demo: this kernel has no IPVS and " + UML_KERNEL
                    + " is missing: install Debian package user-mode-linux (scripts/install-deps)");
            System.exit(CANNOT_RUN);
        }
        System.exit(runInUml(args));
    }

    private static int runInUml(String[] args) throws Exception {
        Path here = Path.of("").toAbsolutePath();
        List<Path> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank()).map(entry -> Path.of(entry).toAbsolutePath()).distinct().toList();
        Path buildDir = classPath.get(0).getParent();
        for (Path path : List.of(here, buildDir)) {
            if (path.startsWith("/run")) {
                System.err.println("run-demo: cannot run from " + path + ": User-Mode-Linux mounts a fresh tmpfs on"
                        + " /run, so it would not see these files; move the project elsewhere");
                return CANNOT_RUN;
            }
        }
        System.out.println("run-demo: this kernel has no IPVS; booting User-Mode-Linux (the host's files as its root)"
                + " to run the demo inside ...");
        UmlOptions options = UmlOptions.builder()
                .workDir(buildDir.resolve("uml").resolve("seed-demo"))
                .moduleDir(here)
                .buildDir(buildDir)
                .classPath(classPath)
                .mainClass(SeedDemo.class.getName(), args)
                // The kernel stays quiet so the console shows the demo's timeline only.
                .kernelArg("quiet")
                .kernelArg("loglevel=0")
                .echoConsole(true)
                .timeout(UML_TIME_LIMIT)
                .build();
        UmlRunResult result = new UmlRunner().run(options);
        OptionalInt exit = result.jvmExit();
        if (result.timedOut()) {
            System.err.println("run-demo: User-Mode-Linux did not finish within " + UML_TIME_LIMIT.toMinutes()
                    + " min and was stopped; console log: " + result.consoleLog());
            return CANNOT_RUN;
        }
        if (result.setupFailure().isPresent()) {
            System.err.println("run-demo: User-Mode-Linux setup failed: " + result.setupFailure().get()
                    + "; console log: " + result.consoleLog());
            return CANNOT_RUN;
        }
        if (exit.isEmpty()) {
            System.err.println("run-demo: the demo inside User-Mode-Linux ended without an exit status (UML crashed?);"
                    + " console log: " + result.consoleLog());
            return CANNOT_RUN;
        }
        System.out.println("run-demo: User-Mode-Linux ran " + result.elapsed().toSeconds() + " s; demo exit code "
                + exit.getAsInt());
        return exit.getAsInt();
    }
}
