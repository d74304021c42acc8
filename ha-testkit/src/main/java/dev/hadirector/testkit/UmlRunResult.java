package dev.hadirector.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one User-Mode-Linux run produced.
 *
 * @param timedOut   UML was still running at the time limit and was killed
 * @param elapsed    from starting UML until it ended or was killed
 * @param status     the last line the init script wrote ({@code jvm-exit N} or {@code setup-failed STEP}); empty if it
 *                   wrote none (UML crashed or was killed first)
 * @param cases      the inner test cases from the JUnit XML reports
 * @param tagExpression which inner tests were to run
 * @param consoleLog UML's console: kernel messages and the init script's output
 * @param jvmLog     the inner JVM's output (the console launcher's test tree)
 * @param consoleTail the last lines of both logs, for failure messages
 * @param umlPid     the host pid the UML kernel ran as (gone once the run returns)
 */
public record UmlRunResult(boolean timedOut, Duration elapsed, Optional<String> status, List<InnerTestCase> cases,
                           String tagExpression, Path consoleLog, Path jvmLog, String consoleTail, long umlPid) {

    public UmlRunResult {
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(status, "status");
        cases = List.copyOf(cases);
        Objects.requireNonNull(tagExpression, "tagExpression");
        Objects.requireNonNull(consoleTail, "consoleTail");
    }

    /** The inner JVM's exit status, when it ran to the end. */
    public OptionalInt jvmExit() {
        return status.filter(s -> s.startsWith("jvm-exit "))
                .map(s -> OptionalInt.of(Integer.parseInt(s.substring("jvm-exit ".length()).trim())))
                .orElse(OptionalInt.empty());
    }

    /** The setup step that failed before the JVM could start, if one did. */
    public Optional<String> setupFailure() {
        return status.filter(s -> s.startsWith("setup-failed ")).map(s -> s.substring("setup-failed ".length()).trim());
    }
}
