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
 * bytes; without {@code utf} each byte is one character (ISO-8859-1), with it the body is decoded as UTF-8.
 */
final class BodyMatcher {

    private final BodyRegex regex;
    private final Pattern pattern;

    BodyMatcher(BodyRegex regex) {
        this.regex = regex;
        this.pattern = regex.compile();
    }

    BodyRegex regex() {
        return regex;
    }

    /** Whether the body holds a match within the offsets. */
    boolean find(byte[] body) {
        boolean utf = regex.has(RegexOption.UTF);
        String text = new String(body, utf ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int start = utf ? charIndex(body, regex.minOffset()) : Math.min(regex.minOffset(), body.length);
        if (regex.minOffset() > body.length) {
            return false;
        }
        long lastStart = Long.MAX_VALUE;
        if (regex.maxOffset().isPresent()) {
            lastStart = utf ? charIndex(body, regex.maxOffset().getAsInt()) : regex.maxOffset().getAsInt();
        }
        if (regex.has(RegexOption.FIRSTLINE)) {
            int newline = text.indexOf('\n', start);
            if (newline >= 0) {
                lastStart = Math.min(lastStart, newline);
            }
        }
        Matcher m = pattern.matcher(text);
        m.region(start, text.length());
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        return m.find() && m.start() <= lastStart;
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
