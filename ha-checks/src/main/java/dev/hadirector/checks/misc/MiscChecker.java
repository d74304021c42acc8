package dev.hadirector.checks.misc;

import dev.hadirector.api.MiscCheck;
import dev.hadirector.checks.CheckResult;
import dev.hadirector.checks.CheckTarget;
import dev.hadirector.checks.Checker;
import dev.hadirector.checks.io.IoLoop;
import dev.hadirector.checks.io.IoReactor;
import dev.hadirector.checks.io.Timeout;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MISC_CHECK: runs the program directly (no shell), its output discarded and its input empty; with a user, as
 * that account (see {@link AccountSwitch}).
 * Exit 0 passes, 1 fails; with misc_dynamic, 2..255 pass with weight exit-2. Past misc_timeout the
 * program and every descendant are killed, by pid, and the attempt fails.
 */
public final class MiscChecker implements Checker {

    private static final Logger LOG = LoggerFactory.getLogger(MiscChecker.class);

    private final MiscCheck spec;
    private final IoReactor reactor;
    /** The command as started: the spec's, or setpriv running it as the spec's user. */
    private final List<String> launch;

    /**
     * @throws IllegalStateException when the spec names a user this process cannot run programs as
     */
    public MiscChecker(MiscCheck spec, IoReactor reactor) {
        this.spec = spec;
        this.reactor = reactor;
        this.launch = spec.user().map(u -> AccountSwitch.wrap(spec.command(), u)).orElse(spec.command());
    }

    @Override
    public CompletionStage<CheckResult> attempt(CheckTarget target) {
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        IoLoop loop = reactor.next();
        loop.execute(() -> start(loop, result));
        return result;
    }

    private void start(IoLoop loop, CompletableFuture<CheckResult> result) {
        Process process;
        try {
            process = new ProcessBuilder(launch)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            result.complete(CheckResult.fail("cannot run " + spec.command().get(0) + ": " + e.getMessage()));
            return;
        }
        long timeoutMs = spec.timeout().toMillis();
        // Set before the kill, so the exit the kill causes is not taken for the program's own verdict.
        AtomicBoolean timedOut = new AtomicBoolean();
        Timeout timer = loop.schedule(spec.timeout(), () -> {
            if (process.isAlive()) {
                timedOut.set(true);
                int killed = killTree(process.toHandle());
                result.complete(CheckResult.fail(spec.command().get(0) + " timed out after " + timeoutMs
                        + " ms; killed pid " + process.pid() + (killed > 1 ? " and " + (killed - 1) + " descendants" : "")));
            }
        });
        process.onExit().whenComplete((p, error) -> {
            timer.cancel();
            if (timedOut.get()) {
                return;
            }
            if (error != null) {
                result.complete(CheckResult.fail("waiting for " + spec.command().get(0) + " failed: " + error));
            } else {
                result.complete(judge(p.exitValue()));
            }
        });
    }

    /** Kills the process and all its descendants by pid, children first listed before they can be re-parented. */
    static int killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        int killed = 0;
        for (ProcessHandle handle : tree) {
            if (handle.destroyForcibly()) {
                killed++;
            } else if (handle.isAlive()) {
                LOG.warn("could not kill pid {} of a timed-out check", handle.pid());
            }
        }
        return killed;
    }

    CheckResult judge(int exit) {
        String program = spec.command().get(0);
        if (exit == 0) {
            return CheckResult.ok(program + " exited 0");
        }
        if (exit == 1 || !spec.dynamic() || exit > 255 || exit < 0) {
            return CheckResult.fail(program + " exited " + exit);
        }
        return CheckResult.okWithWeight(program + " exited " + exit + " (misc_dynamic weight " + (exit - 2) + ")", exit - 2);
    }
}
