package dev.hadirector.config;

import java.util.Objects;

/**
 * A configuration that cannot be read: the message is {@code file:line: problem}, so a person can jump to
 * the place that needs fixing.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient SourceLocation location;
    private final String problem;

    public ConfigException(SourceLocation location, String problem) {
        super(Objects.requireNonNull(location, "location") + ": " + Objects.requireNonNull(problem, "problem"));
        this.location = location;
        this.problem = problem;
    }

    public ConfigException(SourceLocation location, String problem, Throwable cause) {
        this(location, problem);
        initCause(cause);
    }

    public SourceLocation location() {
        return location;
    }

    /** The message without its location. */
    public String problem() {
        return problem;
    }
}
