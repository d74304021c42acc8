package dev.hadirector.checks.lvs;

import java.util.List;

/**
 * Runs the notify programs (notify_up/notify_down, quorum_up/quorum_down) without a shell and without
 * blocking the caller.
 */
public interface ProgramLauncher extends AutoCloseable {

    /** Starts {@code command} (program and arguments); {@code purpose} names it in logs. */
    void launch(List<String> command, String purpose);

    /** Waits for programs still running (up to their timeout), then releases the launcher's threads. */
    @Override
    void close();
}
