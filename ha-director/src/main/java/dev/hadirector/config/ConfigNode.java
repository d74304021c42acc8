package dev.hadirector.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One statement of a keepalived-style configuration: a keyword, its arguments, and, when the statement
 * opened a {@code { ... }} block, the statements inside it.
 *
 * <p>{@code hasBlock} tells {@code virtual_ipaddress { }} (an empty block) apart from a bare
 * {@code nopreempt}, which the validator needs to know.
 */
public record ConfigNode(String keyword, List<String> args, List<ConfigNode> children, boolean hasBlock,
                         SourceLocation location) {
    public ConfigNode {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(location, "location");
        args = List.copyOf(args);
        children = List.copyOf(children);
        if (!hasBlock && !children.isEmpty()) {
            throw new IllegalArgumentException("children of '" + keyword + "' at " + location
                    + " invalid: a statement without a block has no children");
        }
    }

    /** A statement without a block. */
    public static ConfigNode leaf(String keyword, List<String> args, SourceLocation location) {
        return new ConfigNode(keyword, args, List.of(), false, location);
    }

    /** A statement with a block (possibly empty). */
    public static ConfigNode block(String keyword, List<String> args, List<ConfigNode> children,
                                   SourceLocation location) {
        return new ConfigNode(keyword, args, children, true, location);
    }

    /** The first argument, if there is one (the name of a {@code vrrp_instance}, for example). */
    public Optional<String> firstArg() {
        return args.isEmpty() ? Optional.empty() : Optional.of(args.get(0));
    }

    /** The children with this keyword, in file order. */
    public List<ConfigNode> children(String childKeyword) {
        return children.stream().filter(c -> c.keyword.equals(childKeyword)).toList();
    }

    /** The first child with this keyword. */
    public Optional<ConfigNode> child(String childKeyword) {
        return children.stream().filter(c -> c.keyword.equals(childKeyword)).findFirst();
    }
}
