package dev.hadirector.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedFramingTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

    /** Where the framing says the answer ends when all of it arrives at once (-1: not ended). */
    private static int endAtOnce(String body) {
        byte[] answer = (HEAD + body).getBytes(StandardCharsets.ISO_8859_1);
        return new ChunkedFraming(HEAD.length()).advance(ReceivedBytes.of(answer));
    }

    /** The same, with the answer arriving one byte per read: the end must be found at the same byte. */
    private static int endByteByByte(String body) {
        byte[] answer = (HEAD + body).getBytes(StandardCharsets.ISO_8859_1);
        ChunkedFraming framing = new ChunkedFraming(HEAD.length());
        for (int n = HEAD.length(); n <= answer.length; n++) {
            int end = framing.advance(ReceivedBytes.of(Arrays.copyOf(answer, n)));
            if (end >= 0) {
                return end;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5\r\nhello\r\n0\r\n\r\n",
        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        "0\r\n\r\n",
        "A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n",
        "5;name=value\r\nhello\r\n0;last=\"yes; really\"\r\n\r\n",
        "5 ; spaced\r\nhello\r\n0\r\n\r\n",
        "5\r\nhello\r\n0\r\nExpires: never\r\nX-Trailer: a\r\n\r\n",
        "5\nhello\n0\n\n",
        "5\nhello\r\n0\r\nT: x\n\n",
        "00005\r\nhe\r\nl\r\n0000\r\n\r\n",
        "5\r\n\r\n\r\n\r\r\n0\r\n\r\n",
    })
    void endsRightAfterTheLastChunksTrailer(String body) {
        int expected = HEAD.length() + body.length();
        assertEquals(expected, endAtOnce(body));
        assertEquals(expected, endByteByByte(body));
    }

    @Test
    void bytesAfterTheEndAreNotPartOfTheAnswer() {
        assertEquals(HEAD.length() + 15, endAtOnce("5\r\nhello\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "5\r\nhello\r\n",
        "5\r\nhel",
        "5\r\nhello\r\n0\r\n",
        "5\r\nhello\r\n0\r\nTrailer: x\r\n",
        "0\r\n\r",
        "",
        "7fffffffff\r\nshort",
    })
    void incompleteFramingWaits(String body) {
        assertEquals(-1, endAtOnce(body));
        ChunkedFraming framing = new ChunkedFraming(HEAD.length());
        framing.advance(ReceivedBytes.of((HEAD + body).getBytes(StandardCharsets.ISO_8859_1)));
        assertFalse(framing.broken(), "incomplete is not broken");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hello\r\n",
        "-5\r\nhello\r\n0\r\n\r\n",
        "5x\r\nhello\r\n0\r\n\r\n",
        "5\rhello\r\n0\r\n\r\n",
        "5\r\nhelloX\r\n0\r\n\r\n",
        "5\r\nhello\rX0\r\n\r\n",
        "0\r\n\rX",
        "10000000001\r\n",
        "\r\n5\r\nhello\r\n0\r\n\r\n",
    })
    void brokenFramingIsGivenUp(String body) {
        ChunkedFraming framing = new ChunkedFraming(HEAD.length());
        String answer = HEAD + body + "5\r\nhello\r\n0\r\n\r\n";
        assertEquals(-1, framing.advance(ReceivedBytes.of(answer.getBytes(StandardCharsets.ISO_8859_1))));
        assertTrue(framing.broken());
    }

    @Test
    void chunkDataIsSkippedNotRead() {
        // a body whose data bytes would break the framing if they were read as framing
        String data = "0\r\n\r\n".repeat(100);
        String body = Integer.toHexString(data.length()) + "\r\n" + data + "\r\n0\r\n\r\n";
        assertEquals(HEAD.length() + body.length(), endAtOnce(body));
        assertEquals(HEAD.length() + body.length(), endByteByByte(body));
    }
}
