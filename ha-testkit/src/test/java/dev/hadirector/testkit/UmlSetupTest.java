package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UML runner's inputs (options, init script, JVM argument file) without booting UML. */
class UmlSetupTest {

    @TempDir
    Path dir;

    private UmlOptions.Builder valid() throws IOException {
        Path testClasses = Files.createDirectories(dir.resolve("it's target/test-classes"));
        return UmlOptions.builder()
                .workDir(dir.resolve("it's target/uml"))
                .moduleDir(dir)
                .buildDir(testClasses.getParent())
                .testClassesDir(testClasses)
                .classPath(List.of(testClasses, Path.of("/r/junit-platform-console.jar")))
                .ci(true);
    }

    @Test
    void optionsAreCheckedNamingTheField() throws IOException {
        assertEquals("memory '2 GB' is invalid: must be a size like 2G or 1536M",
                assertThrows(IllegalArgumentException.class, () -> valid().memory("2 GB").build()).getMessage());
        assertEquals("timeout PT0S is invalid: must be positive",
                assertThrows(IllegalArgumentException.class, () -> valid().timeout(Duration.ZERO).build()).getMessage());
        assertEquals("classPath is empty: must hold at least the test classes and the console launcher",
                assertThrows(IllegalArgumentException.class, () -> valid().classPath(List.of()).build()).getMessage());
        assertEquals("workDir is not set: it is required",
                assertThrows(IllegalArgumentException.class, () -> valid().workDir(null).build()).getMessage());
        assertEquals("path 'target' is relative: UML sees the host's files only by absolute path",
                assertThrows(IllegalArgumentException.class, () -> valid().buildDir(Path.of("target")).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> valid().testClassesDir(dir.resolve("nope")).build())
                .getMessage().endsWith("nope' is not a directory"));
        assertEquals(UmlOptions.DEFAULT_TIMEOUT, valid().build().timeout());
    }

    @Test
    void initScriptIsValidShellAndMountsBeforeItLoadsModules() throws IOException {
        UmlOptions options = valid().build();
        String script = UmlInit.script(options);
        Path file = dir.resolve("init.sh");
        Files.writeString(file, script);
        ExecResult syntax = Commands.run("sh", "-n", file.toString());
        assertEquals(0, syntax.exitCode(), syntax.describe());

        int tmpfsOnRun = script.indexOf("mount -t tmpfs tmpfs /run ");
        int tmpDir = script.indexOf("TMPDIR=/run/ha-uml/tmp\n");
        int firstModule = script.indexOf("modprobe -d /run/ha-uml/modules ip_vs ");
        int jvm = script.indexOf("/bin/java'");
        assertTrue(tmpfsOnRun > 0 && tmpDir > tmpfsOnRun && firstModule > tmpDir && jvm > firstModule, script);
        assertTrue(!script.contains("tmpfs /tmp"), "the host's /tmp stays visible: a checkout may live there");
        assertTrue(!script.contains("/usr/lib/modules"), "must not create folders in the host's module tree");
        assertTrue(script.contains("CI=true\n") && script.contains("HA_INSIDE_UML=1\n"), script);
        assertTrue(script.contains("cd '" + dir + "'"), script);
        assertTrue(script.trim().endsWith("poweroff -f"), script);
    }

    @Test
    void initScriptQuotesPathsWithQuotes() throws IOException {
        UmlOptions options = valid().build();
        String script = UmlInit.script(options);
        // The work folder contains an apostrophe: sh must see it as one word.
        ExecResult echoed = Commands.run("sh", "-c", "printf %s " + UmlInit.quote(options.workDir().toString()));
        assertEquals(options.workDir() + "\n", echoed.stdout());
        assertTrue(script.contains(UmlInit.quote(UmlInit.statusFile(options).toString())), script);
    }

    @Test
    void javaArgumentFileRunsTheTaggedTestsOfTheModule() throws IOException {
        UmlOptions options = valid().tagExpression("uml & !slow").jvmArg("-Xmx700m").build();
        List<String> lines = UmlInit.javaArgs(options).lines().toList();
        assertEquals("\"-Xmx700m\"", lines.get(5), "the module's own JVM options follow the runner's");
        assertTrue(lines.contains("\"-Djava.io.tmpdir=/run/ha-uml/tmp\""), lines.toString());
        assertTrue(lines.contains("\"org.junit.platform.console.ConsoleLauncher\""), lines.toString());
        assertTrue(lines.contains("\"--include-tag=uml & !slow\""), lines.toString());
        assertTrue(lines.contains(UmlInit.argFileQuote("--scan-classpath=" + options.testClassesDir())), lines.toString());
        assertTrue(lines.contains(UmlInit.argFileQuote("--reports-dir=" + UmlInit.reportsDir(options))), lines.toString());
        assertEquals("\"a\\\\b \\\"c\\\"\"", UmlInit.argFileQuote("a\\b \"c\""));
    }

    @Test
    void theJvmReadsTheArgumentFileQuotingBack() throws IOException {
        // The JDK itself parses an argument file with a quoted backslash, quote and space: one property, intact.
        Path args = dir.resolve("probe.args");
        Files.writeString(args, UmlInit.argFileQuote("-Dprobe=a\\b \"c\" it's") + "\n\"-XshowSettings:properties\"\n\"-version\"\n");
        ExecResult java = Commands.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + args),
                Duration.ofMinutes(2));
        assertTrue(java.stderr().contains("probe = a\\b \"c\" it's"), java.stderr());
    }

    @Test
    void innerClassPathDropsSurefireAndIsAbsolute() {
        List<Path> cp = UmlSuite.innerClassPath(String.join(":", "target/test-classes",
                "/r/org/apache/maven/surefire/surefire-booter/3.5.2/surefire-booter-3.5.2.jar",
                "/r/org/apache/maven/surefire/common-java5/3.5.2/common-java5-3.5.2.jar",
                "/r/junit-platform-console-1.11.4.jar", "", "/r/junit-platform-console-1.11.4.jar"));
        assertEquals(List.of(Path.of("target/test-classes").toAbsolutePath(), Path.of("/r/junit-platform-console-1.11.4.jar")), cp);
    }

    @Test
    void aProgramRunNeedsNoTestClassesButAValidMainClassAndOneWordKernelArgs() throws IOException {
        UmlOptions program = valid().testClassesDir(null).mainClass("dev.example.Demo", "--fast").kernelArg("quiet")
                .kernelArg("loglevel=0").echoConsole(true).build();
        assertTrue(program.runsProgram());
        assertEquals(List.of("--fast"), program.mainArgs());
        assertEquals(List.of("quiet", "loglevel=0"), program.kernelArgs());
        assertTrue(!valid().build().runsProgram() && !valid().build().echoConsole());
        assertEquals("mainClass 'dev.example.9Demo' is invalid: must be a qualified Java class name",
                assertThrows(IllegalArgumentException.class, () -> valid().mainClass("dev.example.9Demo").build()).getMessage());
        assertEquals("kernelArg 'a b' is invalid: must be one word without white space",
                assertThrows(IllegalArgumentException.class, () -> valid().kernelArg("a b").build()).getMessage());
        assertEquals("testClassesDir is not set: it is required",
                assertThrows(IllegalArgumentException.class, () -> valid().testClassesDir(null).build()).getMessage());
    }

    @Test
    void aProgramRunStartsTheMainClassWithItsArgumentsAndWritesToTheConsole() throws IOException {
        UmlOptions program = valid().mainClass("dev.example.Demo", "it's", "two words").build();
        List<String> lines = UmlInit.javaArgs(program).lines().toList();
        int mainAt = lines.indexOf(UmlInit.argFileQuote("dev.example.Demo"));
        assertTrue(mainAt > lines.indexOf("\"-cp\""), lines.toString());
        assertEquals(List.of(UmlInit.argFileQuote("it's"), UmlInit.argFileQuote("two words")),
                lines.subList(mainAt + 1, lines.size()));
        assertTrue(lines.stream().noneMatch(l -> l.contains("ConsoleLauncher")), lines.toString());

        String script = UmlInit.script(program);
        Path file = dir.resolve("program-init.sh");
        Files.writeString(file, script);
        ExecResult syntax = Commands.run("sh", "-n", file.toString());
        assertEquals(0, syntax.exitCode(), syntax.describe());
        assertTrue(!script.contains(UmlInit.quote(UmlInit.jvmLog(program).toString())), script);
        assertTrue(script.contains("jvm-exit $code"), script);
        assertTrue(UmlInit.script(valid().build()).contains(UmlInit.quote(UmlInit.jvmLog(program).toString())));
    }

    @Test
    void consoleEchoCopiesEachLineToTheLogAndTheTerminalWithoutCarriageReturns() throws Exception {
        Path log = dir.resolve("console.log");
        java.io.ByteArrayOutputStream terminal = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(terminal, true, java.nio.charset.StandardCharsets.UTF_8);
        Thread copy = ConsoleEcho.start(new java.io.ByteArrayInputStream("one\r\ntwo\r\nthree".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), log, out);
        copy.join();
        assertEquals(List.of("one", "two", "three"), Files.readAllLines(log));
        assertEquals("one\ntwo\nthree\n", terminal.toString(java.nio.charset.StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
