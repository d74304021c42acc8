package dev.hadirector.alert;

import java.util.OptionalInt;

/**
 * An SMTP dialogue that failed: the message names the server, the step (connect, greeting, HELO, MAIL FROM,
 * RCPT TO, DATA, end of data) and what went wrong (the reply code and text, a timeout, a refused connection).
 */
public final class SmtpException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String step;
    private final int replyCode;

    SmtpException(String server, String step, int replyCode, String problem, Throwable cause) {
        super("SMTP server " + server + ", " + step + ": " + problem, cause);
        this.step = step;
        this.replyCode = replyCode;
    }

    SmtpException(String server, String step, String problem, Throwable cause) {
        this(server, step, 0, problem, cause);
    }

    /** The step that failed, e.g. {@code "RCPT TO:<ops@example.com>"} or {@code "connect"}. */
    public String step() {
        return step;
    }

    /** The server's reply code when it refused, empty for a transport failure (timeout, reset, garbage). */
    public OptionalInt replyCode() {
        return replyCode == 0 ? OptionalInt.empty() : OptionalInt.of(replyCode);
    }
}
