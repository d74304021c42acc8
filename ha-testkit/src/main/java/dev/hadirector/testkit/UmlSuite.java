package dev.hadirector.testkit;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs this module's {@code @Tag("uml")} tests inside User-Mode-Linux, where the kernel has IPVS. A module adds
 *
 * <pre>{@code class UmlTests extends UmlSuite {}}</pre>
 *
 * to its test sources. On the host (whose surefire leaves tag "uml" out) that class boots UML once, runs every
 * {@code uml}-tagged test class of the module inside, and reports each inner test as a dynamic test: an inner failure
 * fails the build, an inner skip is a skip (a failure under {@code CI=true}). Logs and reports stay under
 * {@code target/uml/<suite class>/}.
 *
 * <p>System property {@code ha.uml.timeout} (ISO-8601, e.g. {@code PT20M}) overrides the time limit of 15 minutes.
 */
public abstract class UmlSuite {

    static final String TIMEOUT_PROPERTY = "ha.uml.timeout";

    @TestFactory
    @DisplayName("inside User-Mode-Linux")
    public Stream<DynamicTest> insideUserModeLinux() throws IOException, InterruptedException {
        if (Rig.insideUml()) {
            Assumptions.abort("already inside User-Mode-Linux: a UmlSuite runs on the host only");
        }
        Rig.requireUml();
        UmlOptions options = configure(defaults()).build();
        UmlRunResult run = new UmlRunner().run(options);
        return InnerResults.toDynamicTests(run, options.ci()).stream();
    }

    /** Override to change what runs inside, e.g. a longer timeout, more memory or JVM options. */
    protected UmlOptions.Builder configure(UmlOptions.Builder options) {
        return options;
    }

    /** Options for this module as surefire runs it: its test classes, its class path, its target folder. */
    protected final UmlOptions.Builder defaults() {
        Path testClasses = testClassesDir();
        Path buildDir = pathProperty("ha.build.dir").orElse(testClasses.getParent());
        Path moduleDir = pathProperty("ha.module.dir").orElse(buildDir.getParent());
        return UmlOptions.builder()
                .testClassesDir(testClasses)
                .buildDir(buildDir)
                .moduleDir(moduleDir)
                .workDir(buildDir.resolve("uml").resolve(getClass().getSimpleName()))
                .classPath(innerClassPath(System.getProperty("java.class.path", "")))
                .timeout(timeout());
    }

    /** The folder the concrete suite class was loaded from: the module's test classes. */
    private Path testClassesDir() {
        try {
            Path location = Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            if (!Files.isDirectory(location)) {
                throw new IllegalStateException(getClass().getName() + " was loaded from " + location
                        + ": a UmlSuite must live in a module's test classes folder");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test classes of " + getClass().getName(), e);
        }
    }

    /**
     * The host JVM's class path without surefire's own jars (the inner JVM runs the console launcher instead), made
     * absolute because the inner JVM starts in the module folder.
     */
    static List<Path> innerClassPath(String hostClassPath) {
        return Arrays.stream(hostClassPath.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath())
                .filter(path -> !isSurefireJar(path))
                .distinct()
                .toList();
    }

    private static boolean isSurefireJar(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.endsWith(".jar") && (name.startsWith("surefire") || name.startsWith("maven-surefire")
                || name.startsWith("common-java5") || name.startsWith("common-junit"));
    }

    private static Optional<Path> pathProperty(String name) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value).toAbsolutePath());
    }

    private static Duration timeout() {
        String value = System.getProperty(TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            return UmlOptions.DEFAULT_TIMEOUT;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("system property " + TIMEOUT_PROPERTY + " '" + value
                    + "' is invalid: must be an ISO-8601 duration such as PT20M", e);
        }
    }
}
