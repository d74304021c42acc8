package dev.hadirector.cli;

/** Bad command-line arguments; the message is the one-line reason shown to the user. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
