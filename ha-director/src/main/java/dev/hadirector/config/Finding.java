package dev.hadirector.config;

import java.util.Objects;

/** One thing the reader or the validator has to say about a place in the configuration. */
public record Finding(Severity severity, FindingKind kind, SourceLocation location, String message) {
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line: message}, one line. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
