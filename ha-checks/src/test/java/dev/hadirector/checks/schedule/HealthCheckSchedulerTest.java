package dev.hadirector.checks.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.CheckTiming;
import dev.hadirector.api.HealthCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import dev.hadirector.checks.HealthEvent;
import dev.hadirector.checks.HealthState;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The rise/fall/retry logic in virtual time: every assertion is about order and counts, never wall time. */
class HealthCheckSchedulerTest {

    private static final CheckTarget TARGET = new CheckTarget(InetAddress.getLoopbackAddress(), 80);

    private final VirtualTaskScheduler time = new VirtualTaskScheduler();
    private final List<HealthEvent> events = new ArrayList<>();
    private final HealthCheckScheduler scheduler = new HealthCheckScheduler(time, new Random(42), events::add);

    /** A checker that answers from a script and records when (in virtual time) it was asked. */
    private final class ScriptedChecker implements Checker {
        final Deque<CheckResult> script = new ArrayDeque<>();
        final List<Long> askedAtMillis = new ArrayList<>();
        CheckResult fallback = CheckResult.ok("ok");

        ScriptedChecker then(int times, CheckResult result) {
            for (int i = 0; i < times; i++) {
                script.add(result);
            }
            return this;
        }

        @Override
        public CompletionStage<CheckResult> attempt(CheckTarget target) {
            askedAtMillis.add(time.nanoTime() / 1_000_000);
            CheckResult next = script.isEmpty() ? fallback : script.poll();
            return CompletableFuture.completedFuture(next);
        }
    }

    private static CheckTiming timing(int retry, int rise, int fall, boolean alpha) {
        return HealthCheck.tcp().every(Duration.ofSeconds(10)).retry(retry).delayBeforeRetry(Duration.ofSeconds(1))
                .riseAfter(rise).fallAfter(fall).alpha(alpha).warmup(Duration.ZERO).build().timing();
    }

    private static final CheckResult FAIL = CheckResult.fail("connect timeout after 5000 ms");

    @Test
    void attemptsFollowTheIntervalAfterTheWarmup() {
        ScriptedChecker checker = new ScriptedChecker();
        scheduler.start("c", TARGET, timing(0, 1, 1, false), checker);
        time.advance(Duration.ofSeconds(35));
        assertEquals(List.of(0L, 10_000L, 20_000L, 30_000L), checker.askedAtMillis);
        assertTrue(events.isEmpty(), "an up server that stays up says nothing");
    }

    @Test
    void fallAfterThreeFailedRoundsThenRiseAfterTwo() {
        ScriptedChecker checker = new ScriptedChecker().then(1, CheckResult.ok("ok")).then(3, FAIL)
                .then(1, CheckResult.ok("ok")).then(1, FAIL).then(2, CheckResult.ok("ok"));
        HealthCheckScheduler.ScheduledCheck check = scheduler.start("c", TARGET, timing(0, 2, 3, false), checker);
        time.advance(Duration.ofSeconds(25));
        assertEquals(HealthState.UP, check.state(), "two failures are below fall 3");
        time.advance(Duration.ofSeconds(10));
        assertEquals(HealthState.DOWN, check.state());
        assertEquals(1, events.size());
        assertEquals(new HealthEvent("c", TARGET, HealthState.UP, HealthState.DOWN, FAIL.reason(), OptionalInt.empty()),
                events.get(0));
        time.advance(Duration.ofSeconds(20));
        assertEquals(HealthState.DOWN, check.state(), "one success then a failure resets the rise count");
        time.advance(Duration.ofSeconds(20));
        assertEquals(HealthState.UP, check.state());
        assertEquals(2, events.size());
        assertEquals(HealthState.UP, events.get(1).to());
        assertEquals(8, check.rounds());
    }

    @Test
    void failedAttemptOfAnUpServerIsRetriedBeforeItCounts() {
        ScriptedChecker checker = new ScriptedChecker().then(2, FAIL).then(1, CheckResult.ok("ok")).then(3, FAIL);
        HealthCheckScheduler.ScheduledCheck check = scheduler.start("c", TARGET, timing(2, 1, 1, false), checker);
        time.advance(Duration.ofSeconds(5));
        assertEquals(List.of(0L, 1_000L, 2_000L), checker.askedAtMillis, "two retries, 1 s apart, then success");
        assertEquals(HealthState.UP, check.state());
        time.advance(Duration.ofSeconds(10));
        assertEquals(List.of(0L, 1_000L, 2_000L, 12_000L, 13_000L, 14_000L), checker.askedAtMillis);
        assertEquals(HealthState.DOWN, check.state(), "attempt plus two retries all failed");
        assertEquals(1, events.size());
    }

    @Test
    void aDownServerIsNotRetried() {
        ScriptedChecker checker = new ScriptedChecker();
        checker.fallback = FAIL;
        scheduler.start("c", TARGET, timing(3, 1, 1, true), checker);
        time.advance(Duration.ofSeconds(25));
        assertEquals(List.of(0L, 10_000L, 20_000L), checker.askedAtMillis);
        assertTrue(events.isEmpty(), "alpha starts down, so failures change nothing");
    }

    @Test
    void alphaStartsDownAndRisesOnSuccess() {
        ScriptedChecker checker = new ScriptedChecker();
        HealthCheckScheduler.ScheduledCheck check = scheduler.start("c", TARGET, timing(0, 1, 1, true), checker);
        time.runImmediate();
        assertEquals(HealthState.DOWN, check.state());
        time.advance(Duration.ZERO);
        assertEquals(HealthState.UP, check.state());
        assertEquals(HealthState.DOWN, events.get(0).from());
    }

    @Test
    void dynamicWeightChangesAreReportedWhileUp() {
        ScriptedChecker checker = new ScriptedChecker().then(2, CheckResult.okWithWeight("exit 12", 10))
                .then(1, CheckResult.okWithWeight("exit 7", 5));
        scheduler.start("c", TARGET, timing(0, 1, 1, false), checker);
        time.advance(Duration.ofSeconds(25));
        assertEquals(List.of(OptionalInt.of(10), OptionalInt.of(5)), events.stream().map(HealthEvent::weight).toList());
        assertTrue(events.stream().noneMatch(HealthEvent::isTransition));
    }

    @Test
    void warmupSpreadsTheFirstAttemptsOverTheInterval() {
        List<ScriptedChecker> checkers = new ArrayList<>();
        CheckTiming t = HealthCheck.tcp().every(Duration.ofSeconds(10)).build().timing();
        for (int i = 0; i < 200; i++) {
            ScriptedChecker c = new ScriptedChecker();
            checkers.add(c);
            scheduler.start("c" + i, TARGET, t, c);
        }
        time.advance(Duration.ofMillis(9_999));
        long distinctSeconds = checkers.stream().map(c -> c.askedAtMillis.get(0) / 1000).distinct().count();
        assertEquals(10, distinctSeconds, "first attempts land in every second of the 10 s warmup");
        assertTrue(checkers.stream().allMatch(c -> c.askedAtMillis.size() == 1));
    }

    @Test
    void stoppedCheckIgnoresALateResultAndRunsNoMore() {
        CompletableFuture<CheckResult> inFlight = new CompletableFuture<>();
        List<Long> asked = new ArrayList<>();
        Checker slow = target -> {
            asked.add(time.nanoTime());
            return inFlight;
        };
        HealthCheckScheduler.ScheduledCheck check = scheduler.start("c", TARGET, timing(0, 1, 1, false), slow);
        time.advance(Duration.ZERO);
        check.stop();
        inFlight.complete(FAIL);
        time.advance(Duration.ofSeconds(60));
        assertEquals(1, asked.size());
        assertEquals(HealthState.UP, check.state());
        assertTrue(events.isEmpty());
        assertEquals(0, time.pending());
    }

    @Test
    void aThrowingCheckerCountsAsAFailure() {
        Checker broken = target -> {
            throw new IllegalStateException("boom");
        };
        HealthCheckScheduler.ScheduledCheck check = scheduler.start("c", TARGET, timing(0, 1, 1, false), broken);
        time.advance(Duration.ZERO);
        assertEquals(HealthState.DOWN, check.state());
        assertTrue(events.get(0).reason().contains("boom"));
    }
}
