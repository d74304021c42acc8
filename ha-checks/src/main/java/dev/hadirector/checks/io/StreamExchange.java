package dev.hadirector.checks.io;

/**
 * The protocol side of a {@link StreamConnection}: what to send, and when the bytes received make
 * a verdict. Each method runs on the connection's loop thread and may call
 * {@link StreamConnection#send} or {@link StreamConnection#finish}.
 */
public interface StreamExchange {

    /** The connection (and TLS handshake, if any) is established. */
    void onOpen(StreamConnection connection);

    /** More bytes arrived; they are in {@link StreamConnection#inbox()}. */
    void onData(StreamConnection connection);

    /** The peer closed its side; what arrived is in the inbox. */
    void onEnd(StreamConnection connection);

    /** The reason to report when the deadline passes after the connection was open. */
    default String timeoutReason(StreamConnection connection, long timeoutMillis) {
        return "no complete answer within " + timeoutMillis + " ms (" + connection.inbox().length()
                + " bytes received)";
    }
}
