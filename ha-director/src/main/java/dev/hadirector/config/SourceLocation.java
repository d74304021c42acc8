package dev.hadirector.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a piece of configuration came from: a file and a 1-based line number. Line 0 means "the file as
 * a whole" (for example when it cannot be opened at all).
 */
public record SourceLocation(Path file, int line) {
    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0) {
            throw new IllegalArgumentException("line " + line + " out of range: must be >= 0");
        }
    }

    /** {@code file:line}, or just {@code file} for line 0, the form editors and compilers use. */
    @Override
    public String toString() {
        return line == 0 ? file.toString() : file + ":" + line;
    }
}
