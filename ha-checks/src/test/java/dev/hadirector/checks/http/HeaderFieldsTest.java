package dev.hadirector.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderFieldsTest {

    private static ReceivedBytes bytes(String latin1) {
        return ReceivedBytes.of(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static int status(String head) {
        ReceivedBytes b = bytes(head);
        return HeaderFields.statusCode(b, HeaderFields.statusLineEnd(b, head.length()));
    }

    private static long contentLength(String head) {
        return HeaderFields.contentLength(bytes(head), head.length());
    }

    private static boolean chunked(String head) {
        return HeaderFields.chunked(bytes(head), head.length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1 200 OK|200",
        "HTTP/1.0 404 Not Found|404",
        "HTTP/1.1 204|204",
        "HTTP/2.0 503 |503",
        "HTTP/1.1 200 OK with\ttab and \u00e9|200",
        "HTTP/9.9 999 x|999",
        "http/1.1 200 OK|-1",
        "HTTP/1.1 2000 OK|-1",
        "HTTP/1.1 20 OK|-1",
        "HTTP/1.1  200 OK|-1",
        "HTTP/1.1 200\tOK|-1",
        "HTTP/11 200 OK|-1",
        "HTTP/1.10 200 OK|-1",
        "HTTP/1.1 2a0 OK|-1",
        "SSH-2.0-OpenSSH_9.2|-1",
        "|-1",
    })
    void statusLine(String line, int expected) {
        assertEquals(expected, status(line + "\r\nServer: t\r\n\r\n"));
    }

    @Test
    void lineBreaksInTheReasonMakeTheStatusLineMalformed() {
        assertEquals(-1, status("HTTP/1.1 200 bare\nLF\r\n\r\n"));
        assertEquals(-1, status("HTTP/1.1 200 bare\rCR\r\n\r\n"));
        assertEquals(-1, status("HTTP/1.1 200 NEL\u0085\r\n\r\n"));
        assertEquals(200, status("HTTP/1.1 200 \u0000\u00ff\u007f\r\n\r\n"), "other bytes are any reason");
    }

    @Test
    void statusLineEndsAtTheFirstCrLfOnly() {
        // a bare LF does not end the status line, so this one reads "HTTP/1.1 200 OK\nX: y" and is malformed
        assertEquals(-1, status("HTTP/1.1 200 OK\nX: y\r\n\r\n"));
        ReceivedBytes b = bytes("HTTP/1.1 200 OK\nX: y\r\n\r\n");
        assertEquals(20, HeaderFields.statusLineEnd(b, 24));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Content-Length: 42|42",
        "content-length: 42|42",
        "CONTENT-LENGTH: 42|42",
        "cOnTeNt-LeNgTh:42|42",
        "Content-Length:\t 42 \t|42",
        "Content-Length: 0|0",
        "Content-Length: 007|7",
        "Content-Length: 123456789012345678|123456789012345678",
        "Content-Length: 1234567890123456789|-1",
        "Content-Length: -1|-1",
        "Content-Length: +1|-1",
        "Content-Length: 0x10|-1",
        "Content-Length: 4 2|-1",
        "Content-Length: 42;|-1",
        "Content-Length:|-1",
        "Content-Length : 42|-1",
        "X-Content-Length: 42|-1",
        "' Content-Length: 42'|-1",
        "Content-Lengths: 42|-1",
    })
    void contentLengthField(String field, long expected) {
        assertEquals(expected, contentLength("HTTP/1.1 200 OK\r\n" + field + "\r\nServer: t\r\n\r\n"));
    }

    @Test
    void contentLengthLineEnds() {
        assertEquals(5, contentLength("HTTP/1.1 200 OK\nContent-Length: 5\nServer: t\r\n\r\n"), "LF-only lines");
        assertEquals(5, contentLength("HTTP/1.1 200 OK\rContent-Length: 5\rServer: t\r\n\r\n"), "CR-only lines");
        assertEquals(5, contentLength("HTTP/1.1 200 OK\u0085Content-Length: 5\u0085\r\n\r\n"), "NEL lines");
        assertEquals(5, contentLength("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"), "the last field");
        assertEquals(-1, contentLength("HTTP/1.1 200 OK\r\nX: a Content-Length: 5\r\n\r\n"), "not at a line start");
        assertEquals(-1, contentLength("HTTP/1.1 200 OK\r\nContent-Length:\r\n 5\r\n\r\n"), "folded value");
    }

    @Test
    void theFirstWellFormedContentLengthCounts() {
        assertEquals(7, contentLength("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nContent-Length: 9\r\n\r\n"));
        assertEquals(9, contentLength("HTTP/1.1 200 OK\r\nContent-Length: seven\r\nContent-Length: 9\r\n\r\n"));
    }

    @Test
    void contentLengthIsSoughtInTheHeaderOnly() {
        String head = "HTTP/1.1 200 OK\r\n\r\n";
        ReceivedBytes b = bytes(head + "Content-Length: 5\r\n");
        assertEquals(-1, HeaderFields.contentLength(b, head.length()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Transfer-Encoding: chunked|true",
        "transfer-encoding:CHUNKED|true",
        "Transfer-Encoding: gzip, chunked|true",
        "Transfer-Encoding: gzip,chunked \t|true",
        "Transfer-Encoding: chunked, gzip|false",
        "Transfer-Encoding: chunkedx|false",
        "Transfer-Encoding: xchunked|false",
        "Transfer-Encoding:|false",
        "X-Transfer-Encoding: chunked|false",
        "Transfer-Encoding : chunked|false",
    })
    void transferEncoding(String field, boolean expected) {
        assertEquals(expected, chunked("HTTP/1.1 200 OK\r\n" + field + "\r\nServer: t\r\n\r\n"));
    }

    @Test
    void transferEncodingAcrossFieldsAndFoldedLines() {
        assertTrue(chunked("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"),
                "the last field holds the final coding");
        assertFalse(chunked("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n"));
        assertTrue(chunked("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip,\r\n\tchunked\r\nX: y\r\n\r\n"),
                "an obsolete folded line continues the value");
        assertFalse(chunked("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked,\r\n gzip\r\n\r\n"));
        assertTrue(chunked("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\r\n\r\n"), "LF-only lines");
        assertFalse(chunked("HTTP/1.1 200 OK\r\n\r\n"));
    }

    @Test
    void headerEndIsTheFirstCrLfCrLf() {
        assertEquals(15, HeaderFields.headerEnd(bytes("HTTP/1.0 200 OK\r\n\r\nbody\r\n\r\n"), 0));
        assertEquals(-1, HeaderFields.headerEnd(bytes("HTTP/1.0 200 OK\n\n"), 0), "LF LF does not end a header");
        assertEquals(-1, HeaderFields.headerEnd(bytes("HTTP/1.0 200 OK\r\n\r"), 0));
        assertEquals(-1, HeaderFields.headerEnd(bytes(""), 0));
        assertEquals(0, HeaderFields.headerEnd(bytes("\r\n\r\n"), 0));
        assertEquals(-1, HeaderFields.headerEnd(bytes("\r\n\r\n"), 1), "the search starts at from");
    }

    /** A header split into reads at every point is found where one search over the whole of it finds it. */
    @Test
    void headerEndResumedAfterEachReadFindsTheSameEnd() {
        String answer = "HTTP/1.0 200 OK\r\nA: b\r\r\n\n\r\nC: d\r\n\r\nbody";
        byte[] all = answer.getBytes(StandardCharsets.ISO_8859_1);
        int expected = answer.indexOf("\r\n\r\n");
        for (int split = 0; split <= all.length; split++) {
            for (int second = split; second <= all.length; second++) {
                assertEquals(expected, resumedSearch(all, split, second), "reads end at " + split + ", " + second);
            }
        }
    }

    private static int resumedSearch(byte[] all, int... readEnds) {
        int from = 0;
        for (int end : readEnds) {
            byte[] soFar = java.util.Arrays.copyOf(all, end);
            int found = HeaderFields.headerEnd(ReceivedBytes.of(soFar), from);
            if (found >= 0) {
                return found;
            }
            from = Math.max(0, end - 3);
        }
        return HeaderFields.headerEnd(ReceivedBytes.of(all), from);
    }

    // ---- the rules the checker applied with java.util.regex until the byte scanner replaced them ----

    private static final Pattern OLD_STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: .*)?");
    private static final Pattern OLD_CONTENT_LENGTH =
            Pattern.compile("(?im)^content-length:[ \\t]*(\\d{1,18})[ \\t]*\\r?$");

    private static final String[] FRAGMENTS = {
        "HTTP/1.1 200 OK", "HTTP/1.0 404", "HTTP/1.1 2000", "http/1.1 200", "HTTP/1.1  200", "HTTP/1.1 20",
        "Content-Length: 5", "content-length:12", "CONTENT-LENGTH:\t7 \t", "Content-Length : 5", "Content-Length: 5x",
        "Content-Length: 1234567890123456789", "Content-Length: 123456789012345678", "Content-Length:",
        "Content-Length: -1", "Content-Length:  0 ", "X-Content-Length: 4", "Server: nginx", "Transfer-Encoding: chunked",
        "\r\n", "\r\n", "\r\n", "\n", "\n", "\r", "\u0085", " ", "\t", "\u00e9", "\u00ff", "\u0000", ":", "5", "OK",
    };

    /**
     * The byte scanner reads status and Content-Length exactly as the regexes did, on header blocks of random
     * fragments: status line variants, names in any case, blanks, CR/LF/CRLF/NEL line ends, odd bytes.
     */
    @Test
    void agreesWithTheRegexesItReplaced() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder b = new StringBuilder();
            int parts = random.nextInt(12);
            for (int i = 0; i < parts; i++) {
                b.append(random.nextInt(8) == 0 ? String.valueOf((char) random.nextInt(256))
                        : FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            }
            String head = b.append("\r\n\r\n").toString();
            head = head.substring(0, head.indexOf("\r\n\r\n") + 4);
            ReceivedBytes bytes = bytes(head);
            String context = "seed " + seed + ", head \"" + escaped(head) + "\"";

            String firstLine = head.substring(0, head.indexOf("\r\n"));
            Matcher status = OLD_STATUS_LINE.matcher(firstLine);
            int expectedStatus = status.matches() ? Integer.parseInt(status.group(1)) : -1;
            assertEquals(expectedStatus, HeaderFields.statusCode(bytes, HeaderFields.statusLineEnd(bytes, head.length())),
                    "status of " + context);

            Matcher length = OLD_CONTENT_LENGTH.matcher(head);
            long expectedLength = length.find() ? Long.parseLong(length.group(1)) : -1;
            assertEquals(expectedLength, HeaderFields.contentLength(bytes, head.length()), "Content-Length of " + context);
        }
    }

    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }
}
