package dev.hadirector.vrrp.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hadirector.testkit.Rig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real child processes; the waits below are generous upper bounds on a result, not timing assertions. */
class ProcessScriptRunnerTest {

    private static int run(ProcessScriptRunner runner, Duration timeout, String... cmd) throws Exception {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        runner.run(List.of(cmd), timeout, result::complete);
        return result.get(60, TimeUnit.SECONDS);
    }

    @Test
    void reportsExitStatusTimeoutAndFailureToStart() throws Exception {
        Rig.requireCommand("sh");
        try (ProcessScriptRunner runner = new ProcessScriptRunner()) {
            assertEquals(0, run(runner, Duration.ofSeconds(30), "sh", "-c", "exit 0"));
            assertEquals(3, run(runner, Duration.ofSeconds(30), "sh", "-c", "exit 3"));
            assertEquals(ScriptRunner.TIMED_OUT, run(runner, Duration.ofMillis(200), "sh", "-c", "sleep 30"));
            assertEquals(ScriptRunner.FAILED_TO_START, run(runner, Duration.ofSeconds(1),
                    "/nonexistent/definitely-not-a-script"));
        }
    }
}
