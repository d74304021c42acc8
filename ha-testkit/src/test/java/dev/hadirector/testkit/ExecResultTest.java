package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ExecResultTest {

    @Test
    void okReturnsItselfOnSuccess() {
        ExecResult result = new ExecResult(List.of("true"), 0, "a\nb\n", "");
        assertSame(result, result.ok());
        assertEquals(List.of("a", "b"), result.stdoutLines());
    }

    @Test
    void okThrowsWithCommandStatusAndOutput() {
        ExecResult result = new ExecResult(List.of("ip", "link", "add"), 2, "", "RTNETLINK answers: File exists\n");
        ExecException e = assertThrows(ExecException.class, result::ok);
        assertEquals("command `ip link add` exited with status 2\n--- stderr ---\nRTNETLINK answers: File exists", e.getMessage());
    }

    @Test
    void commandsCaptureBothStreamsAndTheStatus() {
        ExecResult result = Commands.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(30));
        assertEquals(3, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
    }

    @Test
    void commandsThatHangAreKilledAtTheTimeLimit() {
        ExecException e = assertThrows(ExecException.class,
                () -> Commands.run(List.of("sh", "-c", "echo started; exec sleep 600"), Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
    }

    @Test
    void aMissingProgramIsReportedByName() {
        ExecException e = assertThrows(ExecException.class, () -> Commands.run("ha-no-such-program-xyz"));
        assertTrue(e.getMessage().startsWith("cannot start `ha-no-such-program-xyz`"), e.getMessage());
    }
}
