package dev.hadirector.config;

import java.util.List;

/** A compact, exact rendering of a tree for assertions: {@code keyword[arg|arg]@line{children}}. */
final class TreeText {
    private TreeText() {
    }

    static String of(List<ConfigNode> nodes) {
        StringBuilder out = new StringBuilder();
        render(nodes, out);
        return out.toString();
    }

    private static void render(List<ConfigNode> nodes, StringBuilder out) {
        for (ConfigNode node : nodes) {
            out.append(node.keyword());
            if (!node.args().isEmpty()) {
                out.append('[').append(String.join("|", node.args())).append(']');
            }
            out.append('@').append(node.location().line());
            if (node.hasBlock()) {
                out.append('{');
                render(node.children(), out);
                out.append('}');
            }
            out.append(' ');
        }
    }
}
