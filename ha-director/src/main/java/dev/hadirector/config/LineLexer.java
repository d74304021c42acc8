package dev.hadirector.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one configuration line into words and braces, following keepalived.conf(5): words are separated
 * by white space; {@code "} and {@code '} quote a word (the quotes are removed, white space inside them is
 * kept); inside quotes the shell-style escapes {@code \a \b \E \f \n \r \t \v \nnn \xXX \cC} work
 * and {@code \C} is C. A quoted string is always a word of its own: {@code a"b c"d} is the three words
 * {@code a}, {@code b c} and {@code d}. The man page says such parts glue into one word, but keepalived
 * 2.2.7 splits them, and a configuration must mean here what it means to keepalived. {@code {} and {@code }}
 * outside quotes are braces even when glued to a word ({@code VI_1{}), except in a {@code ${NAME}} that
 * substitution left alone because NAME is undefined.
 */
final class LineLexer {
    private LineLexer() {
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\u000B';
    }

    /**
     * The line without its comment: {@code #} or {@code !} outside quotes starts a comment that runs to the
     * end of the line. Runs before parameter substitution, so that {@code ${_HASH}} can yield a literal '#'.
     */
    static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' || c == '!') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Words and braces of a comment-free line. */
    static List<Token> tokens(String text, SourceLocation location) throws ConfigException {
        return lex(text, location, true);
    }

    /** Words of a comment-free line where braces are ordinary characters (include file patterns). */
    static List<String> words(String text, SourceLocation location) throws ConfigException {
        List<String> words = new ArrayList<>();
        for (Token token : lex(text, location, false)) {
            words.add(token.text());
        }
        return words;
    }

    private static List<Token> lex(String text, SourceLocation location, boolean bracesAreTokens)
            throws ConfigException {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (isBlank(c)) {
                inWord = flush(tokens, word, inWord, location);
                i++;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{'
                    && text.indexOf('}', i + 2) >= 0) {
                // an undefined ${NAME} stays in the text as it was written: its braces are not a block
                int close = text.indexOf('}', i + 2);
                inWord = true;
                word.append(text, i, close + 1);
                i = close + 1;
            } else if (bracesAreTokens && (c == '{' || c == '}')) {
                inWord = flush(tokens, word, inWord, location);
                tokens.add(new Token(String.valueOf(c),
                        c == '{' ? Token.Kind.OPEN_BRACE : Token.Kind.CLOSE_BRACE, location));
                i++;
            } else if (c == '"' || c == '\'') {
                // a quoted string is a word of its own, even when glued to others (see the class comment)
                flush(tokens, word, inWord, location);
                i = readQuoted(text, i, word, location);
                inWord = flush(tokens, word, true, location);
            } else {
                inWord = true;
                word.append(c);
                i++;
            }
        }
        flush(tokens, word, inWord, location);
        return tokens;
    }

    private static boolean flush(List<Token> tokens, StringBuilder word, boolean inWord, SourceLocation location) {
        if (inWord) {
            tokens.add(new Token(word.toString(), Token.Kind.WORD, location));
            word.setLength(0);
        }
        return false;
    }

    /** Appends the content of the quoted part starting at {@code open}; returns the index after its end. */
    private static int readQuoted(String text, int open, StringBuilder word, SourceLocation location)
            throws ConfigException {
        char quote = text.charAt(open);
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == quote) {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= text.length()) {
                    break;
                }
                i = readEscape(text, i + 1, word, location);
            } else {
                word.append(c);
                i++;
            }
        }
        throw new ConfigException(location, "unterminated quoted string (missing closing " + quote
                + " for the one at column " + (open + 1) + ")");
    }

    /** Decodes the escape whose letter is at {@code at}; returns the index after it. */
    private static int readEscape(String text, int at, StringBuilder word, SourceLocation location)
            throws ConfigException {
        char e = text.charAt(at);
        switch (e) {
            case 'a' -> word.append('\u0007');
            case 'b' -> word.append('\b');
            case 'E' -> word.append('\u001B');
            case 'f' -> word.append('\f');
            case 'n' -> word.append('\n');
            case 'r' -> word.append('\r');
            case 't' -> word.append('\t');
            case 'v' -> word.append('\u000B');
            case 'c' -> {
                if (at + 1 >= text.length()) {
                    throw new ConfigException(location, "escape '\\c' at end of line: must be followed by a character");
                }
                word.append((char) (text.charAt(at + 1) & 0x1f));
                return at + 2;
            }
            case 'x' -> {
                int end = at + 1;
                long value = 0;
                while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) {
                    value = value * 16 + Character.digit(text.charAt(end), 16);
                    if (value > Character.MAX_CODE_POINT) {
                        throw new ConfigException(location, "escape '\\x" + text.substring(at + 1, end + 1)
                                + "' out of range: must be at most \\x10FFFF");
                    }
                    end++;
                }
                if (end == at + 1) {
                    throw new ConfigException(location, "escape '\\x' without hex digits");
                }
                word.appendCodePoint((int) value);
                return end;
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    int end = at;
                    int value = 0;
                    while (end < text.length() && end < at + 3 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                        value = value * 8 + (text.charAt(end) - '0');
                        end++;
                    }
                    word.append((char) value);
                    return end;
                }
                word.append(e);
            }
        }
        return at + 1;
    }
}
