package dev.hadirector.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Turns the stream of words, braces and line ends into statements. A statement is a keyword and the words
 * after it up to the end of its line, a '{' or a '}'. A '{' opens a block for the statement before it,
 * even when that statement ended on an earlier line (the brace on its own line).
 */
final class TreeBuilder {
    /** Far deeper than any keepalived configuration; stops hostile input from exhausting the stack. */
    static final int MAX_DEPTH = 100;

    private static final class OpenBlock {
        final String keyword;
        final List<String> args;
        final SourceLocation location;
        final SourceLocation braceLocation;
        final List<ConfigNode> children = new ArrayList<>();

        OpenBlock(String keyword, List<String> args, SourceLocation location, SourceLocation braceLocation) {
            this.keyword = keyword;
            this.args = args;
            this.location = location;
            this.braceLocation = braceLocation;
        }
    }

    private final Deque<OpenBlock> open = new ArrayDeque<>();
    private final List<ConfigNode> topLevel = new ArrayList<>();

    private String pendingKeyword;
    private List<String> pendingArgs;
    private SourceLocation pendingLocation;
    /** Whether the pending statement may still take words (it has not met the end of its line). */
    private boolean pendingOnItsLine;

    void accept(Token token) throws ConfigException {
        switch (token.kind()) {
            case WORD -> {
                if (pendingKeyword != null && pendingOnItsLine) {
                    pendingArgs.add(token.text());
                } else {
                    finishPendingAsLeaf();
                    pendingKeyword = token.text();
                    pendingArgs = new ArrayList<>();
                    pendingLocation = token.location();
                    pendingOnItsLine = true;
                }
            }
            case OPEN_BRACE -> {
                if (pendingKeyword == null) {
                    throw new ConfigException(token.location(), "'{' without a keyword before it");
                }
                if (open.size() >= MAX_DEPTH) {
                    throw new ConfigException(token.location(), "blocks nested deeper than " + MAX_DEPTH + " levels");
                }
                open.push(new OpenBlock(pendingKeyword, pendingArgs, pendingLocation, token.location()));
                pendingKeyword = null;
            }
            case CLOSE_BRACE -> {
                finishPendingAsLeaf();
                if (open.isEmpty()) {
                    throw new ConfigException(token.location(), "unmatched '}'");
                }
                OpenBlock block = open.pop();
                add(ConfigNode.block(block.keyword, block.args, block.children, block.location));
            }
        }
    }

    void endOfLine() {
        pendingOnItsLine = false;
    }

    List<ConfigNode> finish() throws ConfigException {
        finishPendingAsLeaf();
        if (!open.isEmpty()) {
            OpenBlock innermost = open.peek();
            String what = innermost.args.isEmpty() ? innermost.keyword
                    : innermost.keyword + " " + String.join(" ", innermost.args);
            throw new ConfigException(innermost.braceLocation, "unclosed '{' of '" + what
                    + "': no matching '}' before the end of the configuration"
                    + (open.size() > 1 ? " (" + open.size() + " blocks still open)" : ""));
        }
        return List.copyOf(topLevel);
    }

    private void finishPendingAsLeaf() {
        if (pendingKeyword != null) {
            add(ConfigNode.leaf(pendingKeyword, pendingArgs, pendingLocation));
            pendingKeyword = null;
        }
    }

    private void add(ConfigNode node) {
        if (open.isEmpty()) {
            topLevel.add(node);
        } else {
            open.peek().children.add(node);
        }
    }
}
