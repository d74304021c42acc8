package dev.hadirector.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How {@link UmlRunner} boots User-Mode-Linux and what it runs inside. Build with {@link #builder()}; every value is
 * checked at {@link Builder#build()}.
 *
 * @param kernel        the UML kernel binary
 * @param memory        UML memory, kernel syntax ({@code 2G}, {@code 1536M})
 * @param workDir       host folder for the init script, logs and reports (visible inside through hostfs)
 * @param moduleDir     the Maven module; the inner JVM's working directory
 * @param buildDir      the module's {@code target} folder, passed on as {@code ha.build.dir}
 * @param testClassesDir scanned for test classes inside
 * @param classPath     the inner JVM's class path: test classes, classes, test dependencies and the console launcher
 * @param javaHome      the JDK to run inside (the host's, shared through hostfs)
 * @param tagExpression which tests run inside, a JUnit tag expression
 * @param timeout       for the whole boot, test run and power-off; UML is killed when it passes
 * @param ci            exported as {@code CI} inside, so a missing rig fails there too
 * @param jvmArgs       extra options for the inner JVM
 * @param classNamePattern which classes are test classes inside (a regular expression over the qualified name);
 *                      by default surefire's own patterns, so the same classes are tests inside as outside
 * @param mainClass     when set, the inner JVM runs this program's {@code main} instead of the JUnit console launcher,
 *                      and its output goes to the UML console (so {@code echoConsole} shows it as it happens);
 *                      {@code null} for a test run
 * @param mainArgs      arguments of {@code mainClass}
 * @param kernelArgs    extra words for the UML kernel command line, e.g. {@code quiet loglevel=0}
 * @param echoConsole   the runner also copies the UML console, line by line, to this JVM's standard output
 */
public record UmlOptions(Path kernel, String memory, Path workDir, Path moduleDir, Path buildDir, Path testClassesDir,
                         List<Path> classPath, Path javaHome, String tagExpression, Duration timeout, boolean ci,
                         List<String> jvmArgs, String classNamePattern, String mainClass, List<String> mainArgs,
                         List<String> kernelArgs, boolean echoConsole) {

    /** A cold JVM in single-CPU UML needs seconds per class; a module's IPVS set stays well below this. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
    public static final String DEFAULT_MEMORY = "2G";
    public static final String DEFAULT_TAG = "uml";
    /** Surefire's default includes ({@code Test*}, {@code *Test}, {@code *Tests}, {@code *TestCase}). */
    public static final String DEFAULT_CLASS_NAME_PATTERN = "^(Test.*|.+[.$]Test.*|.*Tests?|.*TestCase)$";
    private static final Pattern MEMORY = Pattern.compile("^[1-9][0-9]{0,6}[KMG]$");
    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("^[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
            + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*$");
    private static final Pattern KERNEL_ARG = Pattern.compile("^[^\\s]+$");

    public UmlOptions {
        classPath = List.copyOf(classPath);
        jvmArgs = List.copyOf(jvmArgs);
        mainArgs = List.copyOf(mainArgs);
        kernelArgs = List.copyOf(kernelArgs);
    }

    /** A test run, as before programs could be run: console launcher, no extra kernel words, console to the log only. */
    public UmlOptions(Path kernel, String memory, Path workDir, Path moduleDir, Path buildDir, Path testClassesDir,
                      List<Path> classPath, Path javaHome, String tagExpression, Duration timeout, boolean ci,
                      List<String> jvmArgs, String classNamePattern) {
        this(kernel, memory, workDir, moduleDir, buildDir, testClassesDir, classPath, javaHome, tagExpression, timeout,
                ci, jvmArgs, classNamePattern, null, List.of(), List.of(), false);
    }

    /** True when the inner JVM runs {@link #mainClass()} rather than tests. */
    public boolean runsProgram() {
        return mainClass != null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder; {@link #build()} checks every field and names the one that is wrong. */
    public static final class Builder {
        private Path kernel = Rig.UML_KERNEL;
        private String memory = DEFAULT_MEMORY;
        private Path workDir;
        private Path moduleDir;
        private Path buildDir;
        private Path testClassesDir;
        private List<Path> classPath = List.of();
        private Path javaHome = Path.of(System.getProperty("java.home"));
        private String tagExpression = DEFAULT_TAG;
        private Duration timeout = DEFAULT_TIMEOUT;
        private boolean ci = Rig.ci();
        private final List<String> jvmArgs = new ArrayList<>();
        private String classNamePattern = DEFAULT_CLASS_NAME_PATTERN;
        private String mainClass;
        private final List<String> mainArgs = new ArrayList<>();
        private final List<String> kernelArgs = new ArrayList<>();
        private boolean echoConsole;

        private Builder() {
        }

        public Builder kernel(Path kernel) {
            this.kernel = kernel;
            return this;
        }

        public Builder memory(String memory) {
            this.memory = memory;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder moduleDir(Path moduleDir) {
            this.moduleDir = moduleDir;
            return this;
        }

        public Builder buildDir(Path buildDir) {
            this.buildDir = buildDir;
            return this;
        }

        public Builder testClassesDir(Path testClassesDir) {
            this.testClassesDir = testClassesDir;
            return this;
        }

        public Builder classPath(List<Path> classPath) {
            this.classPath = classPath == null ? null : List.copyOf(classPath);
            return this;
        }

        public Builder javaHome(Path javaHome) {
            this.javaHome = javaHome;
            return this;
        }

        public Builder tagExpression(String tagExpression) {
            this.tagExpression = tagExpression;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder ci(boolean ci) {
            this.ci = ci;
            return this;
        }

        public Builder jvmArg(String arg) {
            this.jvmArgs.add(Objects.requireNonNull(arg, "jvmArg"));
            return this;
        }

        public Builder classNamePattern(String classNamePattern) {
            this.classNamePattern = classNamePattern;
            return this;
        }

        /**
         * Runs {@code mainClass} with {@code args} inside instead of the tests; {@code testClassesDir} is then
         * optional. The inner JVM's exit status is the run's {@link UmlRunResult#jvmExit()}.
         */
        public Builder mainClass(String mainClass, String... args) {
            this.mainClass = mainClass;
            this.mainArgs.clear();
            for (String arg : args) {
                this.mainArgs.add(Objects.requireNonNull(arg, "mainArgs"));
            }
            return this;
        }

        /** Adds one word to the kernel command line, e.g. {@code quiet} or {@code loglevel=0}. */
        public Builder kernelArg(String arg) {
            this.kernelArgs.add(arg);
            return this;
        }

        /** Also copies the UML console to this JVM's standard output while it runs. */
        public Builder echoConsole(boolean echoConsole) {
            this.echoConsole = echoConsole;
            return this;
        }

        public UmlOptions build() {
            requireSet("kernel", kernel);
            requireSet("workDir", workDir);
            requireSet("moduleDir", moduleDir);
            requireSet("buildDir", buildDir);
            if (mainClass == null) {
                requireSet("testClassesDir", testClassesDir);
            } else if (!JAVA_CLASS_NAME.matcher(mainClass).matches()) {
                throw new IllegalArgumentException("mainClass '" + mainClass
                        + "' is invalid: must be a qualified Java class name");
            }
            for (String arg : kernelArgs) {
                if (arg == null || !KERNEL_ARG.matcher(arg).matches()) {
                    throw new IllegalArgumentException("kernelArg '" + arg
                            + "' is invalid: must be one word without white space");
                }
            }
            requireSet("javaHome", javaHome);
            requireSet("classPath", classPath);
            requireSet("tagExpression", tagExpression);
            requireSet("timeout", timeout);
            requireSet("classNamePattern", classNamePattern);
            try {
                Pattern.compile(classNamePattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("classNamePattern '" + classNamePattern
                        + "' is invalid: must be a regular expression (" + e.getDescription() + ")", e);
            }
            if (memory == null || !MEMORY.matcher(memory).matches()) {
                throw new IllegalArgumentException("memory '" + memory + "' is invalid: must be a size like 2G or 1536M");
            }
            if (classPath.isEmpty()) {
                throw new IllegalArgumentException("classPath is empty: must hold at least the test classes and the console launcher");
            }
            if (tagExpression.isBlank()) {
                throw new IllegalArgumentException("tagExpression '" + tagExpression + "' is invalid: must name a tag");
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout " + timeout + " is invalid: must be positive");
            }
            List<Path> paths = new ArrayList<>(List.of(workDir, moduleDir, buildDir, javaHome));
            if (testClassesDir != null) {
                paths.add(testClassesDir);
            }
            for (Path path : paths) {
                if (!path.isAbsolute()) {
                    throw new IllegalArgumentException("path '" + path + "' is relative: UML sees the host's files only by absolute path");
                }
            }
            if (testClassesDir != null && !Files.isDirectory(testClassesDir)) {
                throw new IllegalArgumentException("testClassesDir '" + testClassesDir + "' is not a directory");
            }
            if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
                throw new IllegalArgumentException("javaHome '" + javaHome + "' has no executable bin/java");
            }
            return new UmlOptions(kernel, memory, workDir, moduleDir, buildDir, testClassesDir, classPath, javaHome,
                    tagExpression, timeout, ci, jvmArgs, classNamePattern, mainClass, mainArgs, kernelArgs, echoConsole);
        }

        private static void requireSet(String field, Object value) {
            if (value == null) {
                throw new IllegalArgumentException(field + " is not set: it is required");
            }
        }
    }
}
