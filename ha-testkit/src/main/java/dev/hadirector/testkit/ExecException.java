package dev.hadirector.testkit;

/** A command run by the test kit failed, timed out or could not be started; the message says which and why. */
public final class ExecException extends RuntimeException {

    public ExecException(String message) {
        super(message);
    }

    public ExecException(String message, Throwable cause) {
        super(message, cause);
    }
}
