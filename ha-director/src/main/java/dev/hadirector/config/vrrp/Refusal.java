package dev.hadirector.config.vrrp;

import dev.hadirector.config.ConfigException;
import dev.hadirector.config.SourceLocation;

/** A value the mapper refuses; unchecked so the mapping code reads straight, turned into a ConfigException. */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SourceLocation location;
    private final String problem;

    Refusal(SourceLocation location, String problem) {
        super(location + ": " + problem, null, false, false);
        this.location = location;
        this.problem = problem;
    }

    ConfigException toConfigException() {
        return new ConfigException(location, problem);
    }
}
