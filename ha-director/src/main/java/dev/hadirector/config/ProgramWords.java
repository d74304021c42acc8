package dev.hadirector.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A program line of keepalived.conf (notify, script, misc_path, quorum_up, ...) split into words as keepalived
 * runs it, without a shell: blanks separate words, single or double quotes keep blanks inside a word.
 */
public final class ProgramWords {
    private ProgramWords() {
    }

    /** The words of {@code line}; an unclosed quote raises IllegalArgumentException naming it. */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("quote " + quote + " not closed");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
