package dev.hadirector.checks;

import java.util.concurrent.CompletionStage;

/**
 * Runs one attempt of a health check against a real server. Implementations never block the
 * caller and always complete the returned stage, normally, within the check's timeout: every
 * error becomes a failed {@link CheckResult} naming the cause.
 */
@FunctionalInterface
public interface Checker {

    CompletionStage<CheckResult> attempt(CheckTarget target);
}
