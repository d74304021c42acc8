package dev.hadirector.config;

import java.util.Objects;

/**
 * One keyword of a section of the catalog.
 *
 * @param name    the keyword as written in the file
 * @param shape   what follows its arguments
 * @param section for {@link KeywordShape#BLOCK}, the id of the section its block holds; otherwise null
 * @param status  whether the director runs it
 */
public record KeywordSpec(String name, KeywordShape shape, String section, KeywordStatus status) {
    public KeywordSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(status, "status");
        if ((shape == KeywordShape.BLOCK) != (section != null)) {
            throw new IllegalArgumentException("section of keyword '" + name + "' invalid: a " + shape
                    + " keyword " + (section == null ? "needs" : "has no") + " section");
        }
    }
}
