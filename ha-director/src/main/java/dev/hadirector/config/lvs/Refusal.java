package dev.hadirector.config.lvs;

import dev.hadirector.config.ConfigException;
import dev.hadirector.config.SourceLocation;

/** A statement the mapper refuses; turned into a {@link ConfigException} at the virtual server's boundary. */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SourceLocation location;

    Refusal(SourceLocation location, String problem) {
        super(problem, null, false, false);
        this.location = location;
    }

    Refusal(SourceLocation location, String problem, Throwable cause) {
        super(problem, cause, false, false);
        this.location = location;
    }

    ConfigException toConfigException() {
        return new ConfigException(location, getMessage(), getCause());
    }
}
