package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The runner end to end on the host, with fixtures that fail or hang inside UML: an inner failure must reach the
 * host as a failing dynamic test, and a run over its time limit must be killed with nothing left running.
 */
class UmlRunnerTest {

    /** Only to pick this module's folders and class path the way a real suite does. */
    private static final class FixtureSuite extends UmlSuite {
    }

    @BeforeAll
    static void rig() {
        if (Rig.insideUml()) {
            Rig.missing("boots UML from the host only");
        }
        Rig.requireUml();
    }

    @Test
    void innerFailuresAndSkipsReachTheHost() throws Throwable {
        UmlOptions options = new FixtureSuite().defaults()
                .workDir(buildDir().resolve("uml/UmlRunnerTest-fixtures"))
                .tagExpression("fixture")
                .classNamePattern(".*Fixture")
                .ci(false)
                .build();
        UmlRunResult run = new UmlRunner().run(options);
        assertEquals("jvm-exit 1", run.status().orElseThrow(), run.consoleTail());
        assertFalse(ProcessHandle.of(run.umlPid()).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(List.of(), umlProcessesOf(options), "UML processes left");

        Map<String, DynamicTest> tests = InnerResults.toDynamicTests(run, false).stream()
                .collect(Collectors.toMap(DynamicTest::getDisplayName, Function.identity()));
        assertEquals(6, tests.size(), tests.keySet().toString());
        tests.get("PassFailSkipFixture.passes()").getExecutable().execute();
        InnerResults.InnerTestFailure failed = assertThrows(InnerResults.InnerTestFailure.class,
                tests.get("PassFailSkipFixture.failsAnAssertion()").getExecutable()::execute);
        assertTrue(failed.getMessage().contains("arithmetic inside ==> expected: <3> but was: <2>"), failed.getMessage());
        assertThrows(InnerResults.InnerTestFailure.class, tests.get("BeforeAllFailureFixture.neverRuns()").getExecutable()::execute);
        assertThrows(TestAbortedException.class, tests.get("PassFailSkipFixture.abortsForAMissingRig()").getExecutable()::execute);
    }

    @Test
    void aRunOverItsTimeLimitIsKilledAndReported() throws Exception {
        UmlOptions options = new FixtureSuite().defaults()
                .workDir(buildDir().resolve("uml/UmlRunnerTest-hang"))
                .tagExpression("fixture-hang")
                .classNamePattern(".*Fixture")
                .timeout(Duration.ofSeconds(1))
                .build();
        UmlRunResult run = new UmlRunner().run(options);
        assertTrue(run.timedOut());
        assertFalse(ProcessHandle.of(run.umlPid()).map(ProcessHandle::isAlive).orElse(false), "UML pid " + run.umlPid());
        assertEquals(List.of(), umlProcessesOf(options), "UML processes left");

        List<DynamicTest> tests = InnerResults.toDynamicTests(run, false);
        DynamicTest problem = tests.get(tests.size() - 1);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, problem.getExecutable()::execute);
        assertTrue(e.getMessage().contains("did not finish within") && e.getMessage().contains("--- last lines of "),
                e.getMessage());
    }

    /** UML's helper processes are forks of the kernel process and keep its command line, which names our init script. */
    private static List<Long> umlProcessesOf(UmlOptions options) {
        String init = "init=" + UmlInit.scriptFile(options);
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(init)).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private static java.nio.file.Path buildDir() {
        return java.nio.file.Path.of(System.getProperty("ha.build.dir", "target")).toAbsolutePath();
    }
}
