package dev.hadirector.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A whole configuration as read from its main file, with every include already spliced in.
 *
 * @param file         the main file
 * @param nodes        the top-level statements in file order
 * @param readFindings what the reader noticed without failing (an include pattern matching nothing)
 */
public record ConfigTree(Path file, List<ConfigNode> nodes, List<Finding> readFindings) {
    public ConfigTree {
        Objects.requireNonNull(file, "file");
        nodes = List.copyOf(nodes);
        readFindings = List.copyOf(readFindings);
    }

    /** The top-level statements with this keyword, in file order. */
    public List<ConfigNode> nodes(String keyword) {
        return nodes.stream().filter(n -> n.keyword().equals(keyword)).toList();
    }
}
