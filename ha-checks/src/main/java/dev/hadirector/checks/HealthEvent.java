package dev.hadirector.checks;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A change in what one check says about one real server: a transition between up and down, or,
 * while up, a new weight from a dynamic check.
 *
 * @param checkId a caller-chosen name of the check, e.g. "VS 10.0.0.1:80 / RS 10.0.0.2:80 / HTTP_GET"
 * @param target  the real server
 * @param from    the state before
 * @param to      the state after
 * @param reason  why ("HTTP status 500 not in [200]", "connect timeout after 5000 ms", ...)
 * @param weight  the weight the check asks for, if it is a dynamic check
 */
public record HealthEvent(String checkId, CheckTarget target, HealthState from, HealthState to, String reason,
                          OptionalInt weight) {

    public HealthEvent {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(weight, "weight");
    }

    public boolean isTransition() {
        return from != to;
    }
}
