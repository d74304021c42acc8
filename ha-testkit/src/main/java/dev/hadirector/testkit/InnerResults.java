package dev.hadirector.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

/**
 * Turns a User-Mode-Linux run into dynamic tests on the host: one per inner test case, so an inner failure fails the
 * build, plus one failing test for anything that went wrong around the tests (setup, crash, timeout, nothing found).
 */
public final class InnerResults {

    /** The console launcher's status when some test failed; other non-zero statuses mean the run itself broke. */
    static final int LAUNCHER_TESTS_FAILED = 1;

    private InnerResults() {
    }

    public static List<DynamicTest> toDynamicTests(UmlRunResult run, boolean ci) {
        List<DynamicTest> tests = new ArrayList<>();
        for (InnerTestCase inner : run.cases()) {
            tests.add(DynamicTest.dynamicTest(inner.displayName(), forCase(inner, ci)));
        }
        runProblem(run).ifPresent(problem -> tests.add(DynamicTest.dynamicTest("User-Mode-Linux run",
                () -> Assertions.fail(problem + "\n" + run.consoleTail()))));
        return tests;
    }

    static Executable forCase(InnerTestCase inner, boolean ci) {
        return switch (inner.outcome()) {
            case PASSED -> () -> { };
            case FAILED, ERRORED -> () -> {
                throw new InnerTestFailure(inner);
            };
            case SKIPPED -> () -> {
                String why = inner.displayName() + " skipped inside UML: " + inner.message();
                if (ci) {
                    Assertions.fail("under CI=true every test must run: " + why);
                }
                Assumptions.abort(why);
            };
        };
    }

    private static Optional<String> runProblem(UmlRunResult run) {
        if (run.timedOut()) {
            return Optional.of("User-Mode-Linux did not finish within " + run.elapsed().toSeconds()
                    + " s and was killed (console log: " + run.consoleLog() + ")");
        }
        if (run.setupFailure().isPresent()) {
            return Optional.of("User-Mode-Linux setup failed before the tests: " + run.setupFailure().get());
        }
        OptionalInt exit = run.jvmExit();
        if (exit.isEmpty()) {
            return Optional.of("User-Mode-Linux stopped before the inner JVM finished (no status written; "
                    + "console log: " + run.consoleLog() + ")");
        }
        if (run.cases().isEmpty()) {
            return Optional.of("inner JVM (exit status " + exit.getAsInt() + ") found no tests tagged '"
                    + run.tagExpression() + "'; see " + run.jvmLog());
        }
        boolean anyFailed = run.cases().stream().anyMatch(c -> c.outcome() == InnerTestCase.Outcome.FAILED
                || c.outcome() == InnerTestCase.Outcome.ERRORED);
        if (exit.getAsInt() == LAUNCHER_TESTS_FAILED && !anyFailed) {
            return Optional.of("inner JVM reported a failure outside any test case (e.g. in @BeforeAll or a "
                    + "class initializer); see " + run.jvmLog());
        }
        if (exit.getAsInt() != 0 && exit.getAsInt() != LAUNCHER_TESTS_FAILED) {
            return Optional.of("inner JVM exited with status " + exit.getAsInt() + "; see " + run.jvmLog());
        }
        return Optional.empty();
    }

    /** An inner test failed; carries its message and its stack trace as printed inside UML. */
    public static final class InnerTestFailure extends AssertionError {

        private final transient InnerTestCase inner;

        InnerTestFailure(InnerTestCase inner) {
            super(inner.displayName() + (inner.outcome() == InnerTestCase.Outcome.ERRORED ? " errored" : " failed")
                    + " inside UML: " + inner.message()
                    + (inner.detail().isEmpty() ? "" : "\n--- inner stack trace ---\n" + inner.detail()));
            this.inner = inner;
        }

        public InnerTestCase inner() {
            return inner;
        }
    }
}
