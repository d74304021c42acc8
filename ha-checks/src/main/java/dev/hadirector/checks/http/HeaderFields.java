package dev.hadirector.checks.http;

/**
 * Reads what a check needs from an HTTP response header by scanning its bytes: where the header ends, the status
 * code, Content-Length and whether the body is chunked. Nothing is copied or decoded.
 *
 * <p>The rules are the ones the checker has always applied (and keepalived applies): the header ends at the first
 * CRLF CRLF; the status line runs to the first CRLF and must read {@code HTTP/d.d ddd} optionally followed by a space
 * and a reason without line-break characters; a Content-Length field counts when its line holds exactly
 * {@code content-length:} (any case), optional blanks, 1 to 18 digits, optional blanks, then the line's end. A line
 * may end with CR, LF, CRLF or byte 0x85 (NEL), so servers that end lines with a bare LF are read alike.
 */
final class HeaderFields {

    /** The most digits a Content-Length may have (more is ignored: the body is then read to the close). */
    static final int MAX_LENGTH_DIGITS = 18;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte NEL = (byte) 0x85;
    private static final byte[] CONTENT_LENGTH = ascii("content-length:");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding:");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] HTTP_SLASH = ascii("HTTP/");

    private HeaderFields() {
    }

    /**
     * The index of the first CR LF CR LF at or after {@code from}, or -1. A caller waiting for more bytes resumes at
     * {@code length - 3} of what it searched, so no byte is looked at twice.
     */
    static int headerEnd(ReceivedBytes b, int from) {
        int length = b.length();
        for (int i = Math.max(0, from) + 3; i < length; i++) {
            if (b.byteAt(i) == LF && b.byteAt(i - 1) == CR && b.byteAt(i - 3) == CR && b.byteAt(i - 2) == LF) {
                return i - 3;
            }
        }
        return -1;
    }

    /** Where the status line ends: the index of its CR LF (the header holds one, as it ends with two). */
    static int statusLineEnd(ReceivedBytes b, int headerLength) {
        for (int i = 0; i + 1 < headerLength; i++) {
            if (b.byteAt(i) == CR && b.byteAt(i + 1) == LF) {
                return i;
            }
        }
        return headerLength;
    }

    /** The status code of the line [0, lineEnd), or -1 when it is not {@code HTTP/d.d ddd[ reason]}. */
    static int statusCode(ReceivedBytes b, int lineEnd) {
        if (lineEnd < 12 || !startsWith(b, 0, HTTP_SLASH, false) || !digit(b.byteAt(5)) || b.byteAt(6) != '.'
                || !digit(b.byteAt(7)) || b.byteAt(8) != ' ' || !digit(b.byteAt(9)) || !digit(b.byteAt(10))
                || !digit(b.byteAt(11))) {
            return -1;
        }
        if (lineEnd > 12) {
            if (b.byteAt(12) != ' ') {
                return -1;
            }
            for (int i = 13; i < lineEnd; i++) {
                if (lineBreak(b.byteAt(i))) {
                    return -1;
                }
            }
        }
        return (b.byteAt(9) - '0') * 100 + (b.byteAt(10) - '0') * 10 + (b.byteAt(11) - '0');
    }

    /** The first well-formed Content-Length in the header [0, headerLength), or -1 when there is none. */
    static long contentLength(ReceivedBytes b, int headerLength) {
        for (int s = 0; s + CONTENT_LENGTH.length <= headerLength; s = nextLineStart(b, s, headerLength)) {
            if (startsWith(b, s, CONTENT_LENGTH, true)) {
                long value = lengthValue(b, s + CONTENT_LENGTH.length, headerLength);
                if (value >= 0) {
                    return value;
                }
            }
        }
        return -1;
    }

    /**
     * Whether the last Transfer-Encoding field in the header names {@code chunked} as its final coding (RFC 9112
     * 6.1; a folded value counts as one line, its line breaks as blanks).
     */
    static boolean chunked(ReceivedBytes b, int headerLength) {
        boolean chunked = false;
        for (int s = 0; s + TRANSFER_ENCODING.length <= headerLength; s = nextLineStart(b, s, headerLength)) {
            if (startsWith(b, s, TRANSFER_ENCODING, true)) {
                chunked = lastCodingIsChunked(b, s + TRANSFER_ENCODING.length, fieldEnd(b, s, headerLength));
            }
        }
        return chunked;
    }

    /** The digits after {@code content-length:} up to the line's end, or -1 if the line reads otherwise. */
    private static long lengthValue(ReceivedBytes b, int from, int end) {
        int i = skipBlanks(b, from, end);
        long value = 0;
        int digits = 0;
        while (i < end && digit(b.byteAt(i))) {
            if (++digits > MAX_LENGTH_DIGITS) {
                return -1;
            }
            value = value * 10 + (b.byteAt(i) - '0');
            i++;
        }
        if (digits == 0) {
            return -1;
        }
        i = skipBlanks(b, i, end);
        return i == end || lineBreak(b.byteAt(i)) ? value : -1;
    }

    private static boolean lastCodingIsChunked(ReceivedBytes b, int from, int to) {
        int end = to;
        while (end > from && whitespace(b.byteAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > from && b.byteAt(start - 1) != ',') {
            start--;
        }
        while (start < end && whitespace(b.byteAt(start))) {
            start++;
        }
        return end - start == CHUNKED.length && startsWith(b, start, CHUNKED, true);
    }

    /** The end of the field starting at {@code s}, taking in obsolete folded continuation lines. */
    private static int fieldEnd(ReceivedBytes b, int s, int headerLength) {
        int next = nextLineStart(b, s, headerLength);
        while (next < headerLength && (b.byteAt(next) == ' ' || b.byteAt(next) == '\t')) {
            next = nextLineStart(b, next, headerLength);
        }
        return next;
    }

    /** The start of the line after the one holding {@code s}: after CR LF, a lone CR, LF or NEL; or {@code end}. */
    private static int nextLineStart(ReceivedBytes b, int s, int end) {
        for (int i = s; i < end; i++) {
            byte c = b.byteAt(i);
            if (c == CR) {
                return i + 1 < end && b.byteAt(i + 1) == LF ? i + 2 : i + 1;
            }
            if (c == LF || c == NEL) {
                return i + 1;
            }
        }
        return end;
    }

    private static int skipBlanks(ReceivedBytes b, int i, int end) {
        while (i < end && (b.byteAt(i) == ' ' || b.byteAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Whether bytes at {@code at} spell {@code name}; ignoring case, {@code name} is in lower case. */
    private static boolean startsWith(ReceivedBytes b, int at, byte[] name, boolean ignoreCase) {
        for (int i = 0; i < name.length; i++) {
            byte c = b.byteAt(at + i);
            if (ignoreCase && c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean lineBreak(byte c) {
        return c == CR || c == LF || c == NEL;
    }

    private static boolean whitespace(byte c) {
        return c == ' ' || c == '\t' || c == CR || c == LF;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
