package dev.hadirector.checks.http;

import dev.hadirector.api.BodyRegex;
import dev.hadirector.api.RegexOption;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Searches a response body with a url's {@link BodyRegex} as keepalived's PCRE2 search does: from
 * regex_min_offset (earlier bytes stay visible to look-behind; ^ does not match there), a match starting no later
 * than regex_max_offset (and, with {@code firstline}, no later than the first newline from the start). Offsets count
 * bytes; without {@code utf} each byte is one character (ISO-8859-1), read in place; with it the body is decoded as
 * UTF-8. The matcher and the text view are kept per thread, so a search allocates nothing but the UTF-8 text.
 */
final class BodyMatcher {

    private static final ThreadLocal<Latin1Text> TEXT = ThreadLocal.withInitial(Latin1Text::new);

    private final BodyRegex regex;
    private final Pattern pattern;
    private final boolean utf;
    private final boolean firstLine;
    private final ThreadLocal<Matcher> matchers;

    BodyMatcher(BodyRegex regex) {
        this.regex = regex;
        this.pattern = regex.compile();
        this.utf = regex.has(RegexOption.UTF);
        this.firstLine = regex.has(RegexOption.FIRSTLINE);
        this.matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
    }

    BodyRegex regex() {
        return regex;
    }

    /** Whether the body holds a match within the offsets. */
    boolean find(byte[] body) {
        return find(ReceivedBytes.of(body), 0, body.length);
    }

    /** Whether the body at bytes [from, to) holds a match within the offsets. */
    boolean find(ReceivedBytes bytes, int from, int to) {
        int length = to - from;
        if (regex.minOffset() > length) {
            return false;
        }
        Latin1Text latin1 = null;
        CharSequence text;
        int start;
        long lastStart = Long.MAX_VALUE;
        if (utf) {
            byte[] body = new byte[length];
            bytes.copyTo(from, body, 0, length);
            text = new String(body, StandardCharsets.UTF_8);
            start = charIndex(body, regex.minOffset());
            if (regex.maxOffset().isPresent()) {
                lastStart = charIndex(body, regex.maxOffset().getAsInt());
            }
        } else {
            latin1 = TEXT.get().wrap(bytes, from, to);
            text = latin1;
            start = regex.minOffset();
            if (regex.maxOffset().isPresent()) {
                lastStart = regex.maxOffset().getAsInt();
            }
        }
        Matcher m = matchers.get();
        try {
            if (firstLine) {
                int newline = indexOf(text, '\n', start);
                if (newline >= 0) {
                    lastStart = Math.min(lastStart, newline);
                }
            }
            m.reset(text);
            m.region(start, text.length());
            m.useTransparentBounds(true);
            m.useAnchoringBounds(false);
            return m.find() && m.start() <= lastStart;
        } finally {
            // the thread keeps the matcher and the view, not the connection's bytes
            m.reset("");
            if (latin1 != null) {
                latin1.clear();
            }
        }
    }

    private static int indexOf(CharSequence text, char c, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** The index in the decoded UTF-8 text of the character holding byte {@code offset} (or the end). */
    static int charIndex(byte[] utf8, int offset) {
        int chars = 0;
        int end = Math.min(offset, utf8.length);
        for (int i = 0; i < end; i++) {
            int b = utf8[i] & 0xff;
            if ((b & 0xc0) != 0x80) {
                // a lead byte of four starts a supplementary code point: two Java chars
                chars += b >= 0xf0 ? 2 : 1;
            }
        }
        return chars;
    }
}
