package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** How a broken UML run (rather than a broken inner test) is reported. */
class InnerResultsTest {

    private static final InnerTestCase PASSED = new InnerTestCase("a.b.IpvsTest", "adds()", InnerTestCase.Outcome.PASSED, "", "");

    @Test
    void aCleanRunGivesOnlyTheInnerTests() throws Throwable {
        List<DynamicTest> tests = InnerResults.toDynamicTests(run(false, "jvm-exit 0", List.of(PASSED)), false);
        assertEquals(List.of("IpvsTest.adds()"), tests.stream().map(DynamicTest::getDisplayName).toList());
        tests.get(0).getExecutable().execute();
    }

    @Test
    void aTimeoutFailsWithTheConsoleTail() {
        AssertionFailedError e = runProblem(run(true, null, List.of()));
        assertTrue(e.getMessage().startsWith("User-Mode-Linux did not finish within 900 s and was killed"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\nTAIL OF LOGS"), e.getMessage());
    }

    @Test
    void aCrashBeforeTheStatusFails() {
        AssertionFailedError e = runProblem(run(false, null, List.of()));
        assertTrue(e.getMessage().startsWith("User-Mode-Linux stopped before the inner JVM finished"), e.getMessage());
    }

    @Test
    void aFailedSetupStepIsNamed() {
        AssertionFailedError e = runProblem(run(false, "setup-failed modprobe ip_vs", List.of()));
        assertTrue(e.getMessage().startsWith("User-Mode-Linux setup failed before the tests: modprobe ip_vs"), e.getMessage());
    }

    @Test
    void noTestsFoundFails() {
        AssertionFailedError e = runProblem(run(false, "jvm-exit 2", List.of()));
        assertTrue(e.getMessage().startsWith("inner JVM (exit status 2) found no tests tagged 'uml'"), e.getMessage());
    }

    @Test
    void aFailureOutsideTheTestCasesFails() {
        List<DynamicTest> tests = InnerResults.toDynamicTests(run(false, "jvm-exit 1", List.of(PASSED)), false);
        assertEquals(2, tests.size());
        AssertionFailedError e = assertThrows(AssertionFailedError.class, tests.get(1).getExecutable()::execute);
        assertTrue(e.getMessage().startsWith("inner JVM reported a failure outside any test case"), e.getMessage());
    }

    @Test
    void aJvmCrashAfterTheReportFails() {
        AssertionFailedError e = runProblem(run(false, "jvm-exit 134", List.of(PASSED)));
        assertTrue(e.getMessage().startsWith("inner JVM exited with status 134"), e.getMessage());
    }

    @Test
    void statusLinesAreRead() {
        assertEquals(134, run(false, "jvm-exit 134", List.of()).jvmExit().orElseThrow());
        assertEquals("mount tmpfs on /run", run(false, "setup-failed mount tmpfs on /run", List.of()).setupFailure().orElseThrow());
        assertTrue(run(false, "setup-failed x", List.of()).jvmExit().isEmpty());
    }

    private static AssertionFailedError runProblem(UmlRunResult run) {
        List<DynamicTest> tests = InnerResults.toDynamicTests(run, false);
        DynamicTest last = tests.get(tests.size() - 1);
        assertEquals("User-Mode-Linux run", last.getDisplayName());
        return assertThrows(AssertionFailedError.class, last.getExecutable()::execute);
    }

    private static UmlRunResult run(boolean timedOut, String status, List<InnerTestCase> cases) {
        return new UmlRunResult(timedOut, Duration.ofMinutes(15), Optional.ofNullable(status), cases, "uml",
                Path.of("/m/target/uml/console.log"), Path.of("/m/target/uml/jvm.log"), "TAIL OF LOGS", 1);
    }
}
