package dev.hadirector.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hadirector.testkit.Rig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every runnable class of the demo jar, started as an unprivileged user, says in one line that it needs root. */
class ExamplesJarIT {

    @ParameterizedTest
    @ValueSource(strings = {"RunDemo", "SeedDemo", "FluentDirector", "VipOwningService", "FailoverHooks", "LiveStats"})
    void withoutRootEachExampleExitsNonZeroWithOneLineSayingSo(String example) throws Exception {
        Rig.requireRoot();
        Path setpriv = Rig.requireCommand("setpriv");
        Path jar = Path.of(System.getProperty("ha.demo.jar", "target/ha-demo.jar")).toAbsolutePath();
        assertTrue(Files.isReadable(jar), "the demo jar is built by the package phase: " + jar);
        Process process = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar.toString(),
                "dev.hadirector.examples." + example)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] stdout = process.getInputStream().readAllBytes();
        byte[] stderr = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), example + " did not exit");
        String err = new String(stderr, StandardCharsets.UTF_8);
        List<String> lines = err.lines().toList();
        assertEquals(2, process.exitValue(), example + " exit code; stderr: " + err);
        assertEquals(1, lines.size(), "one line: " + err);
        assertTrue(lines.get(0).contains("needs root"), err);
        assertEquals("", new String(stdout, StandardCharsets.UTF_8), "nothing else printed");
    }
}
