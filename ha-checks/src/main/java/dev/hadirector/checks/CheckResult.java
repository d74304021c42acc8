package dev.hadirector.checks;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of one attempt of a check.
 *
 * @param success whether the attempt passed
 * @param reason  why it failed (or a short note of what passed), for logs and events
 * @param weight  a weight set by the check itself (MISC_CHECK misc_dynamic, FILE_CHECK dynamic)
 */
public record CheckResult(boolean success, String reason, OptionalInt weight) {

    public CheckResult {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(weight, "weight");
    }

    public static CheckResult ok(String note) {
        return new CheckResult(true, note, OptionalInt.empty());
    }

    public static CheckResult okWithWeight(String note, int weight) {
        return new CheckResult(true, note, OptionalInt.of(weight));
    }

    public static CheckResult fail(String reason) {
        return new CheckResult(false, reason, OptionalInt.empty());
    }
}
