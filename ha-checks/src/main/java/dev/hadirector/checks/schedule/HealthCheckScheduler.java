package dev.hadirector.checks.schedule;

import dev.hadirector.api.CheckTiming;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import dev.hadirector.checks.HealthEvent;
import dev.hadirector.checks.HealthState;
import dev.hadirector.checks.RealServerHealthListener;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs checks on their timing: the first attempt after a random warmup delay (so thousands of checks
 * spread out), then one round per interval. A failed attempt of an up server is retried
 * {@code retry} times, {@code delayBeforeRetry} apart, before the round counts as failed; a server
 * goes down after {@code fallAfter} failed rounds in a row and up after {@code riseAfter}
 * successful ones. Starts up, or down with alpha.
 *
 * <p>All state lives on the {@link TaskScheduler}'s thread; checkers complete on their own threads
 * and their results are handed over with {@link TaskScheduler#execute}.
 */
public final class HealthCheckScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckScheduler.class);

    private final TaskScheduler time;
    private final Random jitter;
    private final RealServerHealthListener listener;

    public HealthCheckScheduler(TaskScheduler time, Random jitter, RealServerHealthListener listener) {
        this.time = Objects.requireNonNull(time, "time");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Starts a check. The returned handle reads its state and stops it. Safe from any thread: the
     * first round is scheduled on the scheduler's thread.
     */
    public ScheduledCheck start(String checkId, CheckTarget target, CheckTiming timing, Checker checker) {
        ScheduledCheck check = new ScheduledCheck(checkId, target, timing, checker);
        time.execute(check::begin);
        return check;
    }

    /** One check of one real server, on its timing. */
    public final class ScheduledCheck {
        private final String checkId;
        private final CheckTarget target;
        private final CheckTiming timing;
        private final Checker checker;

        private volatile HealthState state;
        private volatile OptionalInt weight = OptionalInt.empty();
        private volatile long rounds;
        private int consecutiveSuccesses;
        private int consecutiveFailures;
        private int retriesUsed;
        private boolean stopped;
        private boolean attemptRunning;
        private TaskScheduler.Cancellable timer;

        ScheduledCheck(String checkId, CheckTarget target, CheckTiming timing, Checker checker) {
            this.checkId = Objects.requireNonNull(checkId, "checkId");
            this.target = Objects.requireNonNull(target, "target");
            this.timing = Objects.requireNonNull(timing, "timing");
            this.checker = Objects.requireNonNull(checker, "checker");
            this.state = timing.alpha() ? HealthState.DOWN : HealthState.UP;
        }

        public String checkId() {
            return checkId;
        }

        public CheckTarget target() {
            return target;
        }

        /** The current state (readable from any thread). */
        public HealthState state() {
            return state;
        }

        /** The weight a dynamic check last asked for. */
        public OptionalInt weight() {
            return weight;
        }

        /** Completed rounds (an attempt plus its retries) so far. */
        public long rounds() {
            return rounds;
        }

        /** Stops the check; a result still in flight is ignored. Safe from any thread. */
        public void stop() {
            time.execute(() -> {
                stopped = true;
                if (timer != null) {
                    timer.cancel();
                }
            });
        }

        private void begin() {
            if (stopped) {
                return;
            }
            long warmupNanos = timing.warmup().toNanos();
            long delay = warmupNanos <= 0 ? 0 : (long) (jitter.nextDouble() * warmupNanos);
            timer = time.schedule(Duration.ofNanos(delay), this::attempt);
        }

        private void attempt() {
            if (stopped || attemptRunning) {
                return;
            }
            attemptRunning = true;
            CompletionStage<CheckResult> stage;
            try {
                stage = checker.attempt(target);
            } catch (RuntimeException e) {
                LOG.error("{}: checker threw instead of returning a result", checkId, e);
                stage = java.util.concurrent.CompletableFuture.completedFuture(
                        CheckResult.fail("checker error: " + e));
            }
            stage.whenComplete((result, error) -> {
                CheckResult r = error != null ? CheckResult.fail("checker error: " + error)
                        : result == null ? CheckResult.fail("checker returned no result") : result;
                time.execute(() -> onResult(r));
            });
        }

        private void onResult(CheckResult result) {
            attemptRunning = false;
            if (stopped) {
                return;
            }
            if (!result.success() && state == HealthState.UP && retriesUsed < timing.retry()) {
                retriesUsed++;
                LOG.debug("{}: attempt failed ({}), retry {}/{}", checkId, result.reason(), retriesUsed, timing.retry());
                timer = time.schedule(timing.delayBeforeRetry(), this::attempt);
                return;
            }
            retriesUsed = 0;
            rounds++;
            if (result.success()) {
                consecutiveSuccesses++;
                consecutiveFailures = 0;
            } else {
                consecutiveFailures++;
                consecutiveSuccesses = 0;
            }
            applyRound(result);
            timer = time.schedule(timing.interval(), this::attempt);
        }

        private void applyRound(CheckResult result) {
            HealthState before = state;
            if (before == HealthState.UP && consecutiveFailures >= timing.fallAfter()) {
                state = HealthState.DOWN;
                weight = OptionalInt.empty();
                publish(before, result);
            } else if (before == HealthState.DOWN && consecutiveSuccesses >= timing.riseAfter()) {
                state = HealthState.UP;
                weight = result.weight();
                publish(before, result);
            } else if (before == HealthState.UP && result.success() && !result.weight().equals(weight)) {
                weight = result.weight();
                publish(before, result);
            }
        }

        private void publish(HealthState before, CheckResult result) {
            HealthEvent event = new HealthEvent(checkId, target, before, state, result.reason(), weight);
            if (event.isTransition()) {
                LOG.info("{}: {} -> {} ({})", checkId, before, state, result.reason());
            }
            try {
                listener.onHealthEvent(event);
            } catch (RuntimeException e) {
                LOG.error("{}: health listener failed on {}", checkId, event, e);
            }
        }
    }
}
