package dev.hadirector.checks.misc;

import static dev.hadirector.checks.support.Loopback.await;
import static dev.hadirector.checks.support.Loopback.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.HealthCheck;
import dev.hadirector.api.MiscCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.io.IoReactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiscCheckerTest {

    @TempDir
    Path dir;

    private final IoReactor reactor = IoReactor.start("misc-test", 1);

    @AfterEach
    void stop() {
        reactor.close();
    }

    private Path script(String name, String body) throws IOException {
        Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private CheckResult run(MiscCheck spec) {
        return await(new MiscChecker(spec, reactor).attempt(target(80)));
    }

    @Test
    void exitZeroPassesAndOneFails() throws Exception {
        assertTrue(run(HealthCheck.misc(script("ok.sh", "exit 0").toString()).build()).success());
        Path fail = script("fail.sh", "exit 1");
        CheckResult r = run(HealthCheck.misc(fail.toString()).build());
        assertFalse(r.success());
        assertEquals(fail + " exited 1", r.reason());
    }

    @Test
    void dynamicExitCodesSetTheWeight() throws Exception {
        Path twelve = script("twelve.sh", "exit 12");
        CheckResult dynamic = run(HealthCheck.misc(twelve.toString()).dynamic(true).build());
        assertTrue(dynamic.success(), dynamic.reason());
        assertEquals(OptionalInt.of(10), dynamic.weight());
        CheckResult two = run(HealthCheck.misc(script("two.sh", "exit 2").toString()).dynamic(true).build());
        assertEquals(OptionalInt.of(0), two.weight());
        CheckResult one = run(HealthCheck.misc(script("one.sh", "exit 1").toString()).dynamic(true).build());
        assertFalse(one.success(), "1 is failure even with misc_dynamic");
        CheckResult plain = run(HealthCheck.misc(twelve.toString()).build());
        assertFalse(plain.success(), "without misc_dynamic any non-zero exit fails");
    }

    @Test
    void argumentsArePassedWithoutAShell() throws Exception {
        Path out = dir.resolve("args.txt");
        Path echo = script("args.sh", "for a in \"$@\"; do printf '[%s]' \"$a\"; done > " + out);
        assertTrue(run(HealthCheck.misc(echo.toString(), "two words", "$HOME", "a;b", "*").build()).success());
        assertEquals("[two words][$HOME][a;b][*]", Files.readString(out));
    }

    @Test
    void standardInputIsEmpty() throws Exception {
        Path reader = script("reads.sh", "cat > /dev/null; exit 0");
        assertTrue(run(HealthCheck.misc(reader.toString()).timeout(Duration.ofSeconds(20)).build()).success());
    }

    @Test
    void timeoutKillsTheWholeTreeByPid() throws Exception {
        Path pids = dir.resolve("pids");
        Path hang = script("hang.sh", "sleep 300 &\necho $$ $! > " + pids + "\nwait");
        CheckResult r = run(HealthCheck.misc(hang.toString()).timeout(Duration.ofMillis(2_000)).build());
        assertFalse(r.success());
        assertTrue(r.reason().startsWith(hang + " timed out after 2000 ms; killed pid "), r.reason());
        assertTrue(r.reason().endsWith(" and 1 descendants"), r.reason());
        for (String pid : Files.readString(pids).trim().split(" ")) {
            long p = Long.parseLong(pid);
            for (int i = 0; i < 200 && ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false); i++) {
                Thread.sleep(50);
            }
            assertFalse(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false), "pid " + p + " still alive");
        }
    }

    @Test
    void programOnThePathRuns() {
        List<String> command = List.of("sh", "-c", "exit 3");
        CheckResult r = run(HealthCheck.misc(command).dynamic(true).build());
        assertEquals(OptionalInt.of(1), r.weight());
    }

    @Test
    void programRemovedAfterTheSpecWasBuiltFailsCleanly() throws Exception {
        Path gone = script("gone.sh", "exit 0");
        MiscCheck spec = HealthCheck.misc(gone.toString()).build();
        Files.delete(gone);
        CheckResult r = run(spec);
        assertFalse(r.success());
        assertTrue(r.reason().startsWith("cannot run " + gone), r.reason());
    }
}
