package dev.hadirector.vrrp.track;

import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs a tracking script (keepalived's {@code vrrp_script}) without blocking the caller. Production uses
 * {@link ProcessScriptRunner}; tests complete runs by hand in virtual time.
 */
public interface ScriptRunner {
    /** Reported when the script did not finish within its timeout (it is then killed). */
    int TIMED_OUT = -1;
    /** Reported when the script could not be started at all. */
    int FAILED_TO_START = -2;

    /**
     * Starts {@code command}; calls {@code onExit} exactly once, from any thread, with the exit status or
     * {@link #TIMED_OUT} / {@link #FAILED_TO_START}.
     */
    void run(List<String> command, Duration timeout, IntConsumer onExit);
}
