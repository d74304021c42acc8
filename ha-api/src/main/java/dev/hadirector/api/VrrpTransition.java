package dev.hadirector.api;

import java.util.Objects;

/**
 * One state change of a VRRP instance, as handed to {@link VrrpTransitionListener}s.
 *
 * @param instance       the instance name ({@link VrrpInstance#name()})
 * @param from           the state left
 * @param to             the state entered
 * @param cause          why
 * @param priority       the instance's effective priority (base plus tracker weights) at the time
 * @param monotonicNanos the event loop's clock when the transition happened (virtual in simulations)
 */
public record VrrpTransition(String instance, VrrpState from, VrrpState to, VrrpTransitionCause cause,
                             int priority, long monotonicNanos) {
    public VrrpTransition {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cause, "cause");
        if (from == to) {
            throw new IllegalArgumentException("transition of " + instance + " from " + from + " to itself");
        }
    }

    /** True when the instance just became master. */
    public boolean becameMaster() {
        return to == VrrpState.MASTER;
    }

    /** True when the instance just stopped being master. */
    public boolean leftMaster() {
        return from == VrrpState.MASTER;
    }

    @Override
    public String toString() {
        return instance + ": " + from + " -> " + to + " (" + cause + ", priority " + priority + ")";
    }
}
