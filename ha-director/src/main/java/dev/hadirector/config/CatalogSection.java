package dev.hadirector.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keywords allowed in one kind of block (or at the top level, whose id is {@link #TOP_LEVEL}).
 */
public record CatalogSection(String id, Map<String, KeywordSpec> keywords) {
    public static final String TOP_LEVEL = "";

    public CatalogSection {
        Objects.requireNonNull(id, "id");
        keywords = Map.copyOf(keywords);
    }

    public Optional<KeywordSpec> keyword(String name) {
        return Optional.ofNullable(keywords.get(name));
    }

    /** "in vrrp_instance", or "at the top level", for messages. */
    public String where() {
        return id.equals(TOP_LEVEL) ? "at the top level" : "in " + id;
    }
}
