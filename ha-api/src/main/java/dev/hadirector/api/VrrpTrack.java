package dev.hadirector.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Something a VRRP instance watches to lower (or raise) its priority or to enter FAULT; keepalived's
 * {@code track_interface}, {@code track_script} (with {@code vrrp_script}) and, for Java callers, plain
 * suppliers.
 *
 * <p>Weights follow keepalived: a failing tracker with weight 0 puts the instance into FAULT; a negative
 * weight is added to the priority while the tracker fails; a positive weight is added while it succeeds.
 * The effective priority is clamped to 1..254, and an address owner (priority 255) is never changed.
 */
public sealed interface VrrpTrack {

    /** keepalived's limit on a tracker weight. */
    int MAX_WEIGHT = 253;

    /** The tracker's name, unique within its instance. */
    String name();

    /** The weight; see the interface documentation. */
    int weight();

    /** An interface whose link going down fails the tracker ({@code track_interface { eth1 weight -20 }}). */
    record Interface(String name, int weight) implements VrrpTrack {
        public Interface {
            requireName(name, "track interface");
            requireWeight(name, weight);
        }
    }

    /**
     * keepalived's {@code vrrp_script}: a command run every {@code interval}; exit status 0 within
     * {@code timeout} is a success. The status flips to failed after {@code fall} consecutive failures and
     * back after {@code rise} consecutive successes. It starts as succeeded unless {@code initFail}.
     */
    record Script(String name, List<String> command, Duration interval, Duration timeout, int rise, int fall,
                  int weight, boolean initFail) implements VrrpTrack {
        public Script {
            requireName(name, "track script");
            Objects.requireNonNull(command, "command");
            command = List.copyOf(command);
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new IllegalArgumentException("track script " + name + ": command empty: must name a program");
            }
            requirePositive(name, "interval", interval);
            requirePositive(name, "timeout", timeout);
            if (rise < 1) {
                throw new IllegalArgumentException("track script " + name + ": rise " + rise
                        + " out of range: must be >= 1");
            }
            if (fall < 1) {
                throw new IllegalArgumentException("track script " + name + ": fall " + fall
                        + " out of range: must be >= 1");
            }
            requireWeight(name, weight);
        }

        /** keepalived's defaults: interval 1 s, timeout equal to the interval, rise 1, fall 1, weight 0. */
        public static Script of(String name, List<String> command) {
            return new Script(name, command, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1, 0, false);
        }

        public Script withInterval(Duration v) {
            return new Script(name, command, v, timeout, rise, fall, weight, initFail);
        }

        public Script withTimeout(Duration v) {
            return new Script(name, command, interval, v, rise, fall, weight, initFail);
        }

        public Script withRiseFall(int newRise, int newFall) {
            return new Script(name, command, interval, timeout, newRise, newFall, weight, initFail);
        }

        public Script withWeight(int v) {
            return new Script(name, command, interval, timeout, rise, fall, v, initFail);
        }

        public Script withInitFail(boolean v) {
            return new Script(name, command, interval, timeout, rise, fall, weight, v);
        }
    }

    /**
     * A Java condition polled on the event loop every {@code interval}; {@code false} (or an exception) is a
     * failure. The supplier must be quick and must not block.
     */
    record Condition(String name, BooleanSupplier healthy, Duration interval, int weight) implements VrrpTrack {
        public Condition {
            requireName(name, "track condition");
            Objects.requireNonNull(healthy, "healthy");
            requirePositive(name, "interval", interval);
            requireWeight(name, weight);
        }
    }

    /**
     * A Java supplier of a priority delta polled on the event loop every {@code interval}; the value is
     * clamped to -253..253 and added to the priority. An exception counts as a delta of 0 and is logged.
     */
    record PriorityDelta(String name, IntSupplier delta, Duration interval) implements VrrpTrack {
        public PriorityDelta {
            requireName(name, "track priority");
            Objects.requireNonNull(delta, "delta");
            requirePositive(name, "interval", interval);
        }

        @Override
        public int weight() {
            return 0;
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name '" + name + "' invalid: must not be blank");
        }
    }

    private static void requireWeight(String name, int weight) {
        if (weight < -MAX_WEIGHT || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("tracker " + name + ": weight " + weight + " out of range: must be -"
                    + MAX_WEIGHT + ".." + MAX_WEIGHT);
        }
    }

    private static void requirePositive(String name, String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("tracker " + name + ": " + field + " " + d
                    + " invalid: must be positive");
        }
    }
}
