package dev.hadirector.checks.lvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLauncherTest {

    @Test
    void runsTheProgramWithItsArgumentsAndNoShell(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        try (ProcessLauncher launcher = new ProcessLauncher(Duration.ofSeconds(20))) {
            // "$HOME" and ";" reach the program verbatim: no shell expands or splits them.
            launcher.launch(List.of("/usr/bin/touch", out.toString() + ";$HOME"), "test");
        }
        assertTrue(Files.exists(dir.resolve("out;$HOME")));
        assertFalse(Files.exists(out));
    }

    @Test
    void killsAProgramThatOutlivesItsTimeout(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        try (ProcessLauncher launcher = new ProcessLauncher(Duration.ofMillis(300))) {
            launcher.launch(List.of("/bin/sh", "-c", "echo $$ > " + pidFile + "; exec sleep 600"), "test");
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        // close() returned after the timeout killed it; give the kernel a moment to reap it.
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "sleep 600 still runs");
    }

    @Test
    void aMissingProgramIsLoggedNotThrown() {
        try (ProcessLauncher launcher = new ProcessLauncher(Duration.ofSeconds(5))) {
            launcher.launch(List.of("/nonexistent/notify"), "test");
            launcher.launch(List.of(), "nothing to run");
        }
    }

    @Test
    void refusesANonPositiveTimeout() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProcessLauncher(Duration.ZERO));
        assertEquals("notify program timeout PT0S out of range: must be positive", e.getMessage());
    }
}
