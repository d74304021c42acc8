package dev.hadirector.checks.io;

import java.nio.channels.SelectionKey;

/** Reacts to readiness of one registered channel, on its loop's thread. */
public interface IoHandler {

    /** The channel is ready for the operations in {@code key.readyOps()}. */
    void onReady(SelectionKey key);

    /** {@link #onReady} threw; the handler must release its channel and report. */
    void onFailure(Throwable error);
}
