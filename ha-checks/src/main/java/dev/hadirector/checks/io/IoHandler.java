package dev.hadirector.checks.io;

/** Reacts to readiness of one registered socket, on its loop's thread. */
public interface IoHandler {

    /**
     * The socket is ready: {@code readyEvents} holds {@link Registration#READABLE} and/or
     * {@link Registration#WRITABLE}, and {@link Registration#BROKEN} when the kernel reports an error or a
     * hang-up (the next read, write or finishConnect raises it).
     */
    void onReady(int readyEvents);

    /** {@link #onReady} threw, or the loop is closing; the handler must release its socket and report. */
    void onFailure(Throwable error);
}
