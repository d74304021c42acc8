package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The report path of the UML runner without UML: a console launcher, started exactly like the inner one, runs the
 * fixtures on the host; its real XML report is read and turned into dynamic tests.
 */
class InnerReportPipelineTest {

    @TempDir
    Path reports;

    @Test
    void everyInnerOutcomeBecomesTheMatchingDynamicTestOutcome() throws Throwable {
        ExecResult launcher = runFixturesInConsoleLauncher();
        assertEquals(1, launcher.exitCode(), "the launcher reports failed tests with status 1\n" + launcher.describe());

        List<InnerTestCase> cases = JUnitXmlReport.readAll(reports);
        Map<String, InnerTestCase> byName = cases.stream()
                .collect(Collectors.toMap(InnerTestCase::displayName, Function.identity()));
        assertEquals(6, cases.size(), cases.toString());
        assertEquals(InnerTestCase.Outcome.PASSED, byName.get("PassFailSkipFixture.passes()").outcome());
        InnerTestCase failed = byName.get("PassFailSkipFixture.failsAnAssertion()");
        assertEquals(InnerTestCase.Outcome.FAILED, failed.outcome());
        assertEquals("arithmetic inside ==> expected: <3> but was: <2>", failed.message());
        assertTrue(failed.detail().contains("at dev.hadirector.testkit.PassFailSkipFixture.failsAnAssertion(PassFailSkipFixture.java"),
                failed.detail());
        assertEquals(InnerTestCase.Outcome.ERRORED, byName.get("PassFailSkipFixture.throwsSomethingElse()").outcome());
        assertEquals("rig missing: needs a unicorn", byName.get("PassFailSkipFixture.abortsForAMissingRig()").message());
        assertEquals("not today", byName.get("PassFailSkipFixture.isDisabled()").message());
        InnerTestCase setup = byName.get("BeforeAllFailureFixture.neverRuns()");
        assertEquals(InnerTestCase.Outcome.ERRORED, setup.outcome());
        assertEquals("setup exploded", setup.message());

        UmlRunResult run = new UmlRunResult(false, Duration.ofSeconds(20), Optional.of("jvm-exit 1"), cases, "fixture",
                Path.of("console.log"), Path.of("jvm.log"), "tail", 1);
        Map<String, DynamicTest> dynamic = InnerResults.toDynamicTests(run, false).stream()
                .collect(Collectors.toMap(DynamicTest::getDisplayName, Function.identity()));
        assertEquals(byName.keySet(), dynamic.keySet(), "one dynamic test per inner test and nothing else");

        dynamic.get("PassFailSkipFixture.passes()").getExecutable().execute();
        InnerResults.InnerTestFailure failure = assertThrows(InnerResults.InnerTestFailure.class,
                dynamic.get("PassFailSkipFixture.failsAnAssertion()").getExecutable()::execute);
        assertTrue(failure.getMessage().startsWith(
                "PassFailSkipFixture.failsAnAssertion() failed inside UML: arithmetic inside ==> expected: <3> but was: <2>\n"
                        + "--- inner stack trace ---\norg.opentest4j.AssertionFailedError"), failure.getMessage());
        assertThrows(InnerResults.InnerTestFailure.class, dynamic.get("BeforeAllFailureFixture.neverRuns()").getExecutable()::execute);
        TestAbortedException aborted = assertThrows(TestAbortedException.class,
                dynamic.get("PassFailSkipFixture.abortsForAMissingRig()").getExecutable()::execute);
        assertEquals("PassFailSkipFixture.abortsForAMissingRig() skipped inside UML: rig missing: needs a unicorn", aborted.getMessage());

        DynamicTest underCi = InnerResults.toDynamicTests(run, true).stream()
                .filter(t -> t.getDisplayName().equals("PassFailSkipFixture.abortsForAMissingRig()")).findFirst().orElseThrow();
        assertThrows(AssertionFailedError.class, underCi.getExecutable()::execute);
    }

    private ExecResult runFixturesInConsoleLauncher() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                UmlSuite.innerClassPath(System.getProperty("java.class.path")).stream().map(Path::toString)
                        .collect(Collectors.joining(":")),
                "org.junit.platform.console.ConsoleLauncher", "execute", "--disable-banner", "--disable-ansi-colors",
                "--details=none", "--select-class=" + PassFailSkipFixture.class.getName(),
                "--select-class=" + BeforeAllFailureFixture.class.getName(), "--include-tag=fixture",
                "--reports-dir=" + reports));
        return Commands.run(command, Duration.ofMinutes(5));
    }
}
