package dev.hadirector.checks.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.FileCheck;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.support.Loopback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckerTest {

    @TempDir
    Path dir;

    private CheckResult check(FileCheck spec) {
        return Loopback.await(new FileChecker(spec, Runnable::run).attempt(Loopback.target(80)));
    }

    private Path file(String content) throws Exception {
        return Files.writeString(dir.resolve("state"), content);
    }

    @Test
    void weightZeroMeansZeroIsUpAnythingElseDown() throws Exception {
        Path f = file("0\n");
        assertTrue(check(HealthCheck.file(f).weight(0).build()).success());
        file("7");
        CheckResult r = check(HealthCheck.file(f).weight(0).build());
        assertFalse(r.success());
        assertEquals("file " + f + " holds 7 (non-zero with weight 0)", r.reason());
    }

    @Test
    void dynamicMultipliesTheValueIntoAWeight() throws Exception {
        Path f = file("  5 trailing words");
        CheckResult r = check(HealthCheck.file(f).weight(2).dynamic(true).build());
        assertTrue(r.success());
        assertEquals(OptionalInt.of(10), r.weight());
        CheckResult reversed = check(HealthCheck.file(f).weight(2).reverse(true).dynamic(true).build());
        assertEquals(OptionalInt.of(-10), reversed.weight());
    }

    @Test
    void negativeResultWithoutDynamicIsDown() throws Exception {
        Path f = file("-3");
        CheckResult r = check(HealthCheck.file(f).build());
        assertEquals("file " + f + " holds -3 x weight 1 = -3 below 0", r.reason());
        assertTrue(check(HealthCheck.file(f).reverse(true).build()).success());
    }

    @Test
    void missingOrNonNumericFileIsDown() throws Exception {
        Path absent = dir.resolve("absent");
        assertEquals("file " + absent + " does not exist", check(HealthCheck.file(absent).build()).reason());
        Path f = file("up");
        assertEquals("file " + f + " holds \"up\": expected an integer", check(HealthCheck.file(f).build()).reason());
        file("99999999999");
        assertEquals("file " + f + " holds 99999999999: out of the 32-bit range", check(HealthCheck.file(f).build()).reason());
    }
}
