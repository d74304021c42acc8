package dev.hadirector.config;

/** A word or a brace of one configuration line, with the line it came from. */
record Token(String text, Kind kind, SourceLocation location) {
    enum Kind { WORD, OPEN_BRACE, CLOSE_BRACE }
}
