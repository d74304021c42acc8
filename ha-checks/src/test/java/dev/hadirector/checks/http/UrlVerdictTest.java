package dev.hadirector.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hadirector.api.BodyRegex;
import dev.hadirector.api.RegexOption;
import dev.hadirector.api.StatusCodes;
import dev.hadirector.api.UrlCheck;
import dev.hadirector.checks.CheckResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UrlVerdictTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 22\r\n\r\n";
    private static final String BODY = "<html>all good</html>\n";
    private static final byte[] ANSWER = (HEAD + BODY).getBytes(StandardCharsets.ISO_8859_1);

    private static UrlCheck url(String statusCodes, Optional<String> digest, Optional<BodyRegex> regex) {
        return new UrlCheck("/health", StatusCodes.parse(statusCodes), digest, regex);
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** The answer's bytes, refusing any read of the body: a status-only check must not hash or search it. */
    private static ReceivedBytes headerOnly() {
        return new ReceivedBytes() {
            @Override
            public int length() {
                return ANSWER.length;
            }

            @Override
            public byte byteAt(int index) {
                if (index >= HEAD.length()) {
                    throw new AssertionError("body byte " + index + " read");
                }
                return ANSWER[index];
            }
        };
    }

    private static CheckResult judge(UrlVerdict verdict, int status) {
        return verdict.judge(status, ReceivedBytes.of(ANSWER), HEAD.length(), ANSWER.length);
    }

    @Test
    void statusOnlyNeverReadsTheBody() {
        UrlVerdict verdict = new UrlVerdict(url("200-299", Optional.empty(), Optional.empty()));
        CheckResult ok = verdict.judge(200, headerOnly(), HEAD.length(), ANSWER.length);
        assertEquals(new CheckResult(true, "HTTP status 200 (GET /health)", java.util.OptionalInt.empty()), ok);
        CheckResult refused = verdict.judge(503, headerOnly(), HEAD.length(), ANSWER.length);
        assertEquals("HTTP status 503 not in [200-299] (GET /health)", refused.reason());
        assertFalse(refused.success());
    }

    @Test
    void aRefusedStatusIsNotFollowedByBodyChecks() throws Exception {
        UrlVerdict verdict = new UrlVerdict(url("200", Optional.of(md5("other")), Optional.of(BodyRegex.of("nothing"))));
        assertEquals("HTTP status 500 not in [200] (GET /health)",
                verdict.judge(500, headerOnly(), HEAD.length(), ANSWER.length).reason());
    }

    @Test
    void theVerdictOfAStatusIsBuiltOnceAndReused() {
        UrlVerdict verdict = new UrlVerdict(url("200", Optional.empty(), Optional.empty()));
        CheckResult first = judge(verdict, 200);
        assertSame(first, judge(verdict, 200));
        CheckResult refused = judge(verdict, 404);
        assertEquals("HTTP status 404 not in [200] (GET /health)", refused.reason());
        assertEquals(first, judge(verdict, 200), "a new status is judged afresh");
        assertEquals("HTTP status 201 not in [200] (GET /health)", judge(verdict, 201).reason());
    }

    @Test
    void digestIsOverTheBodyWhereItLies() throws Exception {
        UrlVerdict good = new UrlVerdict(url("200", Optional.of(md5(BODY)), Optional.empty()));
        assertTrue(judge(good, 200).success(), judge(good, 200).reason());
        UrlVerdict bad = new UrlVerdict(url("200", Optional.of(md5("something else")), Optional.empty()));
        assertEquals("digest mismatch (GET /health): body MD5 " + md5(BODY) + ", expected " + md5("something else"),
                judge(bad, 200).reason());
    }

    @Test
    void digestOfAnEmptyAndOfALargeBody() throws Exception {
        UrlVerdict empty = new UrlVerdict(url("200", Optional.of(md5("")), Optional.empty()));
        assertTrue(empty.judge(200, ReceivedBytes.of(ANSWER), ANSWER.length, ANSWER.length).success());
        // larger than the digest's staging chunk, so it is hashed in several pieces
        String large = "0123456789abcdef".repeat(1000) + "tail";
        byte[] answer = (HEAD + large).getBytes(StandardCharsets.ISO_8859_1);
        UrlVerdict verdict = new UrlVerdict(url("200", Optional.of(md5(large)), Optional.empty()));
        assertTrue(verdict.judge(200, ReceivedBytes.of(answer), HEAD.length(), answer.length).success());
        assertFalse(verdict.judge(200, ReceivedBytes.of(answer), HEAD.length(), answer.length - 1).success());
    }

    @Test
    void regexSearchesTheBodyOnly() {
        UrlVerdict inBody = new UrlVerdict(url("200", Optional.empty(), Optional.of(BodyRegex.of("all\\s+good"))));
        assertTrue(judge(inBody, 200).success());
        UrlVerdict inHeader = new UrlVerdict(url("200", Optional.empty(), Optional.of(BodyRegex.of("Content-Length"))));
        assertEquals("body does not match regex \"Content-Length\" (GET /health)", judge(inHeader, 200).reason());
        UrlVerdict anchored = new UrlVerdict(url("200", Optional.empty(), Optional.of(BodyRegex.of("^<html>"))));
        assertTrue(judge(anchored, 200).success(), "^ matches where the body starts, not where the answer does");
        UrlVerdict lookBehind = new UrlVerdict(url("200", Optional.empty(), Optional.of(BodyRegex.of("(?<=\\n)<html>"))));
        assertFalse(judge(lookBehind, 200).success(), "the header is not visible to look-behind");
    }

    @Test
    void regexNoMatchAndUtf8() {
        UrlCheck forbidden = url("200", Optional.empty(), Optional.of(BodyRegex.of("good").noMatch(true)));
        assertEquals("body matches regex \"good\" (GET /health)", judge(new UrlVerdict(forbidden), 200).reason());
        String body = "caf\u00e9 ok";
        byte[] answer = (HEAD + new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1);
        BodyRegex utf = BodyRegex.of("caf\u00e9").options(RegexOption.UTF);
        assertTrue(new UrlVerdict(url("200", Optional.empty(), Optional.of(utf)))
                .judge(200, ReceivedBytes.of(answer), HEAD.length(), answer.length).success());
        assertFalse(new UrlVerdict(url("200", Optional.empty(), Optional.of(BodyRegex.of("caf\u00e9"))))
                .judge(200, ReceivedBytes.of(answer), HEAD.length(), answer.length).success(),
                "without utf each byte is one character");
    }
}
